using System.Diagnostics;

namespace MagicHour.SpecDrift;

/// <summary>The command line: parses arguments, loads both specs, prints the differences, returns the exit code.</summary>
public static class SpecDriftCli
{
    /// <summary>Exit code: the structures match.</summary>
    public const int NoDifferences = 0;

    /// <summary>Exit code: at least one difference not accepted by the ignore file.</summary>
    public const int DifferencesFound = 1;

    /// <summary>Exit code: bad arguments, or an input that cannot be read (missing, malformed, not OpenAPI 3).</summary>
    public const int InputError = 2;

    /// <summary>The spec of ours used when --spec is not given, relative to the current directory or one of its parents.</summary>
    public const string DefaultSpec = "openapi/magic-hour.v1.yaml";

    /// <summary>Usage text.</summary>
    public const string Usage =
        """
        Usage: MagicHour.SpecDrift --upstream <file> [--spec <file>] [--ignore <file>] [--json]

        Compares the structure of our OpenAPI spec with the vendor's and prints one line per difference:
          <METHOD> <path>  <location>  upstream=<value>  ours=<value>  [(ours: <schema>)]
        followed by "N difference(s)" or "no differences". "(ours: X)" names our component schema
        the location falls inside.

          --upstream <file>  The vendor's OpenAPI 3 document (JSON or YAML).
          --spec <file>      Our spec (JSON or YAML). Default: openapi/magic-hour.v1.yaml in the
                             current directory or the nearest parent that has one.
          --ignore <file>    Accepted differences, one printed line per entry; '#' starts a comment line.
          --json             Print a JSON array of {method, path, location, upstream, ours, schema} instead.

        Exit codes: 0 no differences, 1 differences, 2 unreadable input or bad arguments.
        """;

    /// <summary>Runs the tool.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <param name="stdout">Where the report goes.</param>
    /// <param name="stderr">Where errors and notes go.</param>
    /// <param name="currentDirectory">Base for relative paths and the --spec search; the process's when null.</param>
    /// <returns>The exit code.</returns>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, string? currentDirectory = null)
    {
        currentDirectory ??= Environment.CurrentDirectory;
        string? upstreamPath = null;
        string? specPath = null;
        string? ignorePath = null;
        var json = false;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string? inlineValue = null;
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            {
                inlineValue = arg[(equals + 1)..];
                arg = arg[..equals];
            }

            switch (arg)
            {
                case "-h" or "--help" or "-?":
                    stdout.WriteLine(Usage);
                    return NoDifferences;
                case "--json" when inlineValue is null:
                    json = true;
                    break;
                case "--upstream" or "--spec" or "--ignore":
                    var value = inlineValue ?? (i + 1 < args.Length ? args[++i] : null);
                    if (string.IsNullOrWhiteSpace(value))
                    {
                        return UsageError(stderr, $"{arg} needs a file");
                    }

                    if (arg == "--upstream")
                    {
                        upstreamPath = value;
                    }
                    else if (arg == "--spec")
                    {
                        specPath = value;
                    }
                    else
                    {
                        ignorePath = value;
                    }

                    break;
                default:
                    return UsageError(stderr, $"unknown argument '{args[i]}'");
            }
        }

        if (upstreamPath is null)
        {
            return UsageError(stderr, "--upstream is required");
        }

        try
        {
            var stopwatch = Stopwatch.StartNew();
            var upstream = SpecLoader.Load(Path.GetFullPath(upstreamPath, currentDirectory));
            var spec = specPath is not null ? Path.GetFullPath(specPath, currentDirectory) : FindDefaultSpec(currentDirectory);
            var ours = SpecLoader.Load(spec);
            var ignore = ignorePath is null ? IgnoreList.Empty : IgnoreList.Load(Path.GetFullPath(ignorePath, currentDirectory));

            var result = ignore.Apply(StructuralComparer.Compare(upstream, ours));
            if (json)
            {
                stdout.WriteLine(DifferenceJson.Render(result.Reported));
            }
            else
            {
                foreach (var difference in result.Reported)
                {
                    stdout.WriteLine(difference.ToReportLine());
                }

                stdout.WriteLine(result.Reported.Count == 0 ? "no differences" : $"{result.Reported.Count} difference(s)");
            }

            if (result.Accepted.Count > 0)
            {
                stderr.WriteLine($"note: {result.Accepted.Count} accepted difference(s) not counted ({ignorePath})");
            }

            foreach (var entry in result.UnusedEntries)
            {
                stderr.WriteLine($"note: ignore entry matches no difference: {entry}");
            }

            stderr.WriteLine($"compared {upstream.Source} with {ours.Source} in {stopwatch.ElapsedMilliseconds} ms");
            return result.Reported.Count == 0 ? NoDifferences : DifferencesFound;
        }
        catch (SpecLoadException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return InputError;
        }
    }

    /// <summary>
    /// <see cref="DefaultSpec"/> relative to <paramref name="currentDirectory"/>, else in the nearest parent
    /// directory that has it.
    /// </summary>
    /// <exception cref="SpecLoadException">No directory up to the root has the file.</exception>
    public static string FindDefaultSpec(string currentDirectory)
    {
        for (var directory = new DirectoryInfo(currentDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, DefaultSpec);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new SpecLoadException($"{DefaultSpec} not found in {currentDirectory} or any parent directory; pass --spec <file>");
    }

    private static int UsageError(TextWriter stderr, string message)
    {
        stderr.WriteLine($"error: {message}");
        stderr.WriteLine(Usage);
        return InputError;
    }
}
