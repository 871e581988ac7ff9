using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace MagicHour.SpecSync.Tests;

/// <summary>One sync of the replay: from the previous version of our spec to one vendor version.</summary>
/// <param name="Target">The vendor version synced to (<c>v55</c>, <c>current</c>).</param>
/// <param name="ExitCode">The final exit code (after the rerun with --split-shared when the first run stopped).</param>
/// <param name="StoppedForDecision">Whether the first run exited 3.</param>
/// <param name="Decisions">The decisions the first run asked for.</param>
/// <param name="LinesAdded">Lines added to openapi/ (rewritten lines count as added and removed).</param>
/// <param name="LinesRemoved">Lines removed from openapi/.</param>
/// <param name="Placeholders">TODO(spec-sync) descriptions written.</param>
/// <param name="DriftLeft">Differences SpecDrift still reports against the target afterwards.</param>
internal sealed record ReplayStep(
    string Target, int ExitCode, bool StoppedForDecision, IReadOnlyList<string> Decisions,
    int LinesAdded, int LinesRemoved, int Placeholders, int DriftLeft);

/// <summary>
/// Replays the vendor's history through the sync: today's spec absorbs the current vendor file, then
/// goes back v56 … v01 and forward v02 … v56 and to the current file again, each step one run of the
/// command line on the same file.
/// </summary>
internal sealed partial class HistoryReplay
{
    private readonly string _directory;
    private readonly string _upstream;

    /// <summary>Each step's result; an independent drift check runs beside the next steps (they only read what the step wrote).</summary>
    private readonly List<Task<ReplayStep>> _pending = [];

    /// <summary>The vendor files of the independent checks, parsed once each; the comparer only reads them.</summary>
    private readonly ConcurrentDictionary<string, Lazy<SpecDocument>> _vendorDocuments = new(StringComparer.Ordinal);

    private HistoryReplay(string directory, string upstream)
    {
        _directory = directory;
        _upstream = upstream;
    }

    /// <summary>The spec after the first step (today's spec with the current vendor file absorbed).</summary>
    public string Start { get; private set; } = string.Empty;

    /// <summary>The spec after the last step.</summary>
    public string End { get; private set; } = string.Empty;

    /// <summary>The steps in order.</summary>
    public List<ReplayStep> Steps { get; } = [];

    /// <summary>Runs the replay in a temp copy of <paramref name="spec"/>; <paramref name="upstream"/> is the folder with the vendor files.</summary>
    public static HistoryReplay Run(string spec, string upstream)
    {
        var directory = Path.Combine(Path.GetTempPath(), "specsync-replay-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            File.Copy(spec, Path.Combine(directory, "spec.yaml"));
            var replay = new HistoryReplay(directory, upstream);
            var history = Directory.GetFiles(Path.Combine(upstream, "history"), "v*.json").Order(StringComparer.Ordinal).ToList();
            var current = Path.Combine(upstream, "magic-hour-openapi.json");
            replay.Step(current, "current", checkIndependently: true);
            replay.Start = replay.Text;
            foreach (var file in Enumerable.Reverse(history))
            {
                replay.Step(file, Version(file));
            }

            foreach (var file in history.Skip(1))
            {
                replay.Step(file, Version(file));
            }

            replay.Step(current, "current", checkIndependently: true);
            replay.End = replay.Text;
            replay.Steps.AddRange(Task.WhenAll(replay._pending).GetAwaiter().GetResult());
            return replay;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private string Text => File.ReadAllText(Path.Combine(_directory, "spec.yaml"));

    private static string Version(string file) => Path.GetFileName(file)[..3];

    /// <summary>
    /// One step. The drift left is the count the command line prints (it parses what it wrote and compares it
    /// with the vendor file). The first and the last step also parse the written text and compare it here, with
    /// the comparer called directly, so that a command line that miscounted would show in the table; doing that
    /// for all 113 steps doubled the replay's YAML parsing and comparing for the same answer.
    /// </summary>
    private void Step(string vendorFile, string label, bool checkIndependently = false)
    {
        var first = SyncRun.Run(_directory, "spec.yaml", vendorFile);
        var run = first;
        var stopped = first.ExitCode == SpecSyncCli.NeedsDecision;
        if (stopped)
        {
            run = SyncRun.Run(_directory, "spec.yaml", vendorFile, "--split-shared");
        }

        var decisions = first.Stderr.Split('\n').Where(line => line.StartsWith("decision needed: ", StringComparison.Ordinal))
            .Select(line => line["decision needed: ".Length..].Trim()).ToList();
        var summary = Summary().Match(run.Stdout);
        var written = run.After;
        var reported = DriftSummary().Match(run.Stdout);
        _pending.Add(Task.Run(() =>
        {
            // Without the command line's count (it stopped before comparing) the step is checked here too.
            var drift = !checkIndependently && reported.Success
                ? reported.Groups["left"].Success ? int.Parse(reported.Groups["left"].Value) : 0
                : IndependentDrift(vendorFile, written);
            return new ReplayStep(
                label,
                run.ExitCode,
                stopped,
                decisions,
                summary.Success ? int.Parse(summary.Groups["added"].Value) : -1,
                summary.Success ? int.Parse(summary.Groups["removed"].Value) : -1,
                summary.Success ? int.Parse(summary.Groups["placeholders"].Value) : -1,
                drift);
        }));
    }

    /// <summary>The differences <see cref="StructuralComparer"/> finds between the vendor file and <paramref name="written"/>.</summary>
    private int IndependentDrift(string vendorFile, string written)
    {
        var vendor = _vendorDocuments.GetOrAdd(vendorFile, file => new Lazy<SpecDocument>(() => SpecLoader.Load(file))).Value;
        return StructuralComparer.Compare(vendor, SpecLoader.Parse(written, Path.Combine(_directory, "spec.yaml"), SpecFormat.Yaml)).Count;
    }

    /// <summary>The replay as the Markdown table of docs/spec-sync-replay.md.</summary>
    public string ToMarkdown()
    {
        var builder = new StringBuilder();
        builder.AppendLine("# Spec sync: vendor history replay").AppendLine();
        builder.AppendLine("Generated by `tools/spec-replay.sh` (the `HistoryReplayTests` of `tests/MagicHour.SpecSync.Tests`, which");
        builder.AppendLine("fail when this file is stale). Starting from today's `openapi/magic-hour.v1.yaml`, the sync absorbs the");
        builder.AppendLine("current vendor file, goes back through the 56 published vendor versions (v56 … v01), forward again");
        builder.AppendLine("(v02 … v56) and to the current file. Each row is one run of `MagicHour.SpecSync` on the same file;");
        builder.AppendLine("a run that stopped for a decision (exit 3) was rerun with `--split-shared`. \"Drift left\" is what");
        builder.AppendLine("SpecDrift reports against that vendor version afterwards.").AppendLine();
        var totalAdded = Steps.Sum(step => step.LinesAdded);
        var totalRemoved = Steps.Sum(step => step.LinesRemoved);
        builder.AppendLine($"- Transitions: {Steps.Count}; with changes: {Steps.Count(step => step.LinesAdded + step.LinesRemoved > 0)}");
        builder.AppendLine($"- Lines changed in openapi/: +{totalAdded} -{totalRemoved}");
        builder.AppendLine($"- Placeholders created: {Steps.Sum(step => step.Placeholders)}");
        builder.AppendLine($"- Stops for a decision: {Steps.Count(step => step.StoppedForDecision)}");
        builder.AppendLine($"- Failures (exit code not 0, or drift left): {Steps.Count(step => step.ExitCode != 0 || step.DriftLeft != 0)}").AppendLine();
        builder.AppendLine("| # | Synced to | Exit | Lines +/- | Placeholders | Decision | Drift left |");
        builder.AppendLine("|---|-----------|------|-----------|--------------|----------|------------|");
        for (var i = 0; i < Steps.Count; i++)
        {
            var step = Steps[i];
            var decision = step.StoppedForDecision ? "exit 3, split: " + string.Join("; ", step.Decisions.Select(ShortDecision)) : "";
            builder.AppendLine($"| {i + 1} | {step.Target} | {step.ExitCode} | +{step.LinesAdded} -{step.LinesRemoved} | {step.Placeholders} | {decision} | {step.DriftLeft} |");
        }

        return builder.ToString();
    }

    private static string ShortDecision(string decision) => decision.Split(" is shared", 2)[0];

    [GeneratedRegex(@"\+(?<added>\d+) -(?<removed>\d+) lines, (?<placeholders>\d+) placeholder")]
    private static partial Regex Summary();

    [GeneratedRegex(@"^spec-sync: .*; (?:no differences left|(?<left>\d+) difference\(s\) left)\r?$", RegexOptions.Multiline)]
    private static partial Regex DriftSummary();
}
