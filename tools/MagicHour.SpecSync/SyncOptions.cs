namespace MagicHour.SpecSync;

/// <summary>The parsed command line.</summary>
/// <param name="Upstream">The vendor's file.</param>
/// <param name="Spec">Our spec, or null for the default.</param>
/// <param name="DryRun">Print the plan, write nothing.</param>
/// <param name="SplitShared">Split shared schemas instead of stopping.</param>
public sealed record SyncOptions(string Upstream, string? Spec, bool DryRun, bool SplitShared)
{
    /// <summary>Parses arguments; null with <paramref name="error"/> null means help was asked for.</summary>
    public static SyncOptions? Parse(string[] args, out string? error)
    {
        error = null;
        string? upstream = null, spec = null;
        bool dryRun = false, splitShared = false;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string? inline = null;
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=') is var equals and > 0)
            {
                inline = arg[(equals + 1)..];
                arg = arg[..equals];
            }

            switch (arg)
            {
                case "-h" or "--help" or "-?":
                    return null;
                case "--dry-run" when inline is null:
                    dryRun = true;
                    break;
                case "--split-shared" when inline is null:
                    splitShared = true;
                    break;
                case "--upstream" or "--spec":
                    var value = inline ?? (i + 1 < args.Length ? args[++i] : null);
                    if (string.IsNullOrWhiteSpace(value))
                    {
                        error = $"{arg} needs a file";
                        return null;
                    }

                    if (arg == "--upstream")
                    {
                        upstream = value;
                    }
                    else
                    {
                        spec = value;
                    }

                    break;
                default:
                    error = $"unknown argument '{args[i]}'";
                    return null;
            }
        }

        if (upstream is null)
        {
            error = "--upstream is required";
            return null;
        }

        return new SyncOptions(upstream, spec, dryRun, splitShared);
    }
}
