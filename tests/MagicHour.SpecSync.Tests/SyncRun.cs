namespace MagicHour.SpecSync.Tests;

/// <summary>The outcome of one in-process run of the command line.</summary>
/// <param name="ExitCode">The exit code.</param>
/// <param name="Stdout">What it printed on stdout.</param>
/// <param name="Stderr">What it printed on stderr.</param>
/// <param name="Before">Our spec's text before the run.</param>
/// <param name="After">Our spec's text after the run.</param>
internal sealed record SyncRun(int ExitCode, string Stdout, string Stderr, string Before, string After)
{
    /// <summary>The lines of our spec after the run.</summary>
    public string[] AfterLines => After.Split('\n');

    /// <summary>Lines of <see cref="Before"/> that are not in <see cref="After"/> (as a multiset).</summary>
    public List<string> RemovedLines => Subtract(Before, After);

    /// <summary>Lines of <see cref="After"/> that are not in <see cref="Before"/> (as a multiset).</summary>
    public List<string> AddedLines => Subtract(After, Before);

    /// <summary>Writes <paramref name="ours"/> and <paramref name="vendor"/> to a temp folder and runs the tool on them.</summary>
    public static SyncRun Of(string ours, string vendor, params string[] options)
    {
        var directory = Path.Combine(Path.GetTempPath(), "specsync-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            File.WriteAllText(Path.Combine(directory, "ours.yaml"), ours);
            File.WriteAllText(Path.Combine(directory, "vendor.yaml"), vendor);
            return Run(directory, "ours.yaml", "vendor.yaml", options);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Runs the tool on files in <paramref name="directory"/>.</summary>
    public static SyncRun Run(string directory, string spec, string vendor, params string[] options)
    {
        var before = File.ReadAllText(Path.Combine(directory, spec));
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exitCode = SpecSyncCli.Run(["--upstream", vendor, "--spec", spec, .. options], stdout, stderr, directory);
        return new SyncRun(exitCode, stdout.ToString(), stderr.ToString(), before, File.ReadAllText(Path.Combine(directory, spec)));
    }

    private static List<string> Subtract(string from, string other)
    {
        var remaining = other.Split('\n').GroupBy(line => line).ToDictionary(group => group.Key, group => group.Count());
        var result = new List<string>();
        foreach (var line in from.Split('\n'))
        {
            if (remaining.TryGetValue(line, out var count) && count > 0)
            {
                remaining[line] = count - 1;
            }
            else
            {
                result.Add(line);
            }
        }

        return result;
    }
}
