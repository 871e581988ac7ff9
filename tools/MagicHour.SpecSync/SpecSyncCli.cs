using System.Text.Json.Nodes;
using MagicHour.SpecDrift;

namespace MagicHour.SpecSync;

/// <summary>The command line: loads both specs, syncs ours, writes it (unless dry-run) and checks no drift is left.</summary>
public static class SpecSyncCli
{
    /// <summary>Exit code: our spec now has the vendor's structure.</summary>
    public const int Synced = 0;

    /// <summary>Exit code: the spec was synced but the drift check still finds differences (a limit of the tool; see the output).</summary>
    public const int DriftLeft = 1;

    /// <summary>Exit code: bad arguments or unreadable input.</summary>
    public const int InputError = 2;

    /// <summary>Exit code: a shared schema needs a decision; nothing was written.</summary>
    public const int NeedsDecision = 3;

    /// <summary>Usage text.</summary>
    public const string Usage =
        """
        Usage: MagicHour.SpecSync --upstream <vendor file> [--spec <file>] [--dry-run] [--split-shared]

        Rewrites our OpenAPI spec in place so that its structure is the vendor's, keeping our names,
        descriptions and layout for everything that did not change. New items get names by the
        project's conventions and 'TODO(spec-sync): describe ...' descriptions.

          --upstream <file>  The vendor's OpenAPI 3 document (JSON or YAML).
          --spec <file>      Our spec. Default: openapi/magic-hour.v1.yaml here or in the nearest parent.
          --dry-run          Print the planned edits; write nothing.
          --split-shared     When the vendor changed the users of one of our shared schemas differently,
                             give the changed users a schema of their own instead of stopping.

        Exit codes: 0 synced, no drift left; 1 drift left after syncing; 2 unreadable input or bad
        arguments; 3 a shared schema needs a decision (nothing written).
        """;

    /// <summary>Runs the tool.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <param name="stdout">Where the edits and the summary go.</param>
    /// <param name="stderr">Where errors and decisions go.</param>
    /// <param name="currentDirectory">Base for relative paths; the process's when null.</param>
    /// <returns>The exit code.</returns>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, string? currentDirectory = null)
    {
        currentDirectory ??= Environment.CurrentDirectory;
        var options = SyncOptions.Parse(args, out var error);
        if (options is null)
        {
            if (error is null)
            {
                stdout.WriteLine(Usage);
                return Synced;
            }

            stderr.WriteLine($"error: {error}");
            stderr.WriteLine(Usage);
            return InputError;
        }

        string specPath, text;
        SpecDocument vendor, ours;
        YamlSpanRecorder? layout = null;
        try
        {
            vendor = SpecLoader.Load(Path.GetFullPath(options.Upstream, currentDirectory));
            specPath = options.Spec is not null ? Path.GetFullPath(options.Spec, currentDirectory) : SpecDriftCli.FindDefaultSpec(currentDirectory);
            text = SpecLoader.ReadText(specPath);
            var format = SpecLoader.FormatOf(specPath);
            if (format == SpecFormat.Yaml)
            {
                // One pass of the YAML parser gives both the model and where each node is written, for the patcher.
                layout = YamlNodeMap.Recording(text);
                ours = SpecLoader.ParseYaml(layout, specPath);
            }
            else
            {
                ours = SpecLoader.Parse(text, specPath, format);
            }
        }
        catch (SpecLoadException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return InputError;
        }

        var result = SpecSynchronizer.Sync(ours.Root, vendor.Root, options.SplitShared);
        foreach (var edit in result.Report.Edits)
        {
            stdout.WriteLine(edit);
        }

        if (result.Report.Decisions.Count > 0)
        {
            foreach (var decision in result.Report.Decisions)
            {
                stderr.WriteLine($"decision needed: {decision}");
            }

            stderr.WriteLine("nothing written; rerun with --split-shared to split these schemas, or change the spec by hand");
            stdout.WriteLine($"spec-sync: decisions {result.Report.Decisions.Count}, nothing written");
            return NeedsDecision;
        }

        // Nothing to change (about half the steps of a history replay): the text stays as it is and is already
        // parsed, so neither the patcher nor the read-back needs to parse the YAML again.
        var unchanged = JsonNode.DeepEquals(ours.Root, result.Spec); // the patcher's own test for "no edit"
        var patch = unchanged ? new PatchResult(text, 0, 0)
            : layout is not null ? YamlPatcher.Apply(text, layout.Root, ours.Root, result.Spec)
            : YamlPatcher.Apply(text, ours.Root, result.Spec);
        SpecDocument written;
        try
        {
            written = unchanged ? ours : SpecLoader.Parse(patch.Text, specPath, SpecFormat.Yaml);
        }
        catch (SpecLoadException e)
        {
            stderr.WriteLine($"error: the rewritten text is not valid YAML ({e.Message}); nothing written (a bug in the YAML patcher)");
            return DriftLeft;
        }

        if (!JsonValues.DeepEquals(written.Root, result.Spec))
        {
            stderr.WriteLine("error: the rewritten text does not read back as the synced spec; nothing written (a bug in the YAML patcher)");
            return DriftLeft;
        }

        if (!options.DryRun && patch.Text != text)
        {
            File.WriteAllText(specPath, patch.Text);
        }

        var left = StructuralComparer.Compare(vendor, written);
        foreach (var difference in left)
        {
            stderr.WriteLine($"drift left: {difference.ToReportLine()}");
        }

        var verb = options.DryRun ? "dry run, nothing written; would change" : patch.Text == text ? "unchanged;" : $"wrote {specPath}:";
        stdout.WriteLine(
            $"spec-sync: {verb} +{patch.LinesAdded} -{patch.LinesRemoved} lines, {result.Report.Placeholders} placeholder(s), " +
            $"{result.Report.Edits.Count} edit(s); {(left.Count == 0 ? "no differences left" : $"{left.Count} difference(s) left")}");
        return left.Count == 0 ? Synced : DriftLeft;
    }
}
