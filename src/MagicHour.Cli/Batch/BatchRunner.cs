using System.Text.Json.Nodes;
using MagicHour.Cli.Commands;
using MagicHour.Cli.Output;
using MagicHour.Cli.Tools;
using MagicHour.Generated;

namespace MagicHour.Cli.Batch;

/// <summary>
/// Runs one generation command over many inputs: at most <c>concurrency</c> at once, one progress line per
/// event, a summary table at the end. The state file in the output directory records each project id the
/// moment it is known, so a rerun of the same command resumes created projects and skips finished inputs
/// instead of paying again. <c>--max-credits</c> stops creating once the batch has charged that much.
/// </summary>
internal sealed class BatchRunner(Invocation run, GenerationTool tool, GenerateOptions options, int concurrency, int? maxCredits)
{
    private readonly object _gate = new();
    private int _charged;

    /// <summary>Runs the batch; the exit code is 0 when every input finished.</summary>
    public async Task<int> RunAsync(IReadOnlyList<(string Input, JsonObject Request)> requests)
    {
        foreach (var (_, request) in requests)
        {
            GenerationCommand.Deserialize(tool, request);
            MediaKindCheck.Check(tool, request);
        }
        var directory = Path.GetFullPath(options.DownloadDirectory ?? ".");
        Directory.CreateDirectory(directory);
        var state = BatchState.Load(directory, tool.Name);
        await using var lease = await run.OpenClientAsync().ConfigureAwait(false);
        var rows = new BatchRow[requests.Count];
        using var gate = new SemaphoreSlim(concurrency);
        var tasks = requests.Select(async (item, index) =>
        {
            await gate.WaitAsync(run.CancellationToken).ConfigureAwait(false);
            try
            {
                rows[index] = await RunItemAsync(lease, state, item.Input, item.Request).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (run.CancellationToken.IsCancellationRequested)
        {
            var started = state.Entries.Count(e => e.Value.Outcome != BatchState.Done);
            throw new CliFailureException(new CliError(run.Settings.Stop.ExitCode == ExitCodes.Terminated ? "terminated" : "interrupted",
                $"Stopped; {started} created project(s) go on. Run the same command again to resume them (state: {state.FilePath}); nothing is paid twice.",
                run.Settings.Stop.ExitCode));
        }
        Summary(rows, lease.Emulated, state.FilePath);
        if (rows.Any(r => r.Outcome == "credit limit")) return ExitCodes.Credits;
        return rows.All(r => r.Outcome is "complete" or "skipped" or "created") ? ExitCodes.Ok : ExitCodes.BatchIncomplete;
    }

    private async Task<BatchRow> RunItemAsync(ClientLease lease, BatchState state, string input, JsonObject json)
    {
        var key = BatchState.KeyOf(input, json);
        var itemOptions = new GenerateOptions
        {
            WaitForCompletion = options.WaitForCompletion,
            DownloadOutputs = options.DownloadOutputs,
            DownloadDirectory = options.DownloadDirectory,
            Timeout = options.Timeout,
            ExpectedProcessingTime = options.ExpectedProcessingTime,
            Progress = new BatchProgress(run.Out.Stderr, input, id => state.Record(key, new BatchState.Entry(id, BatchState.Created, null))),
        };
        try
        {
            if (state.Entries.TryGetValue(key, out var known))
            {
                if (known.Outcome == BatchState.Done) return new BatchRow(input, known.Outputs ?? "", known.ProjectId, null, "skipped");
                run.Out.Note($"{input}: resuming project {known.ProjectId} from the state file (not created again).");
                var resumed = await tool.ResumeAsync(lease.Client, known.ProjectId, itemOptions, run.CancellationToken).ConfigureAwait(false);
                return Finish(state, key, input, resumed);
            }
            lock (_gate)
            {
                if (maxCredits is { } limit && _charged >= limit) return new BatchRow(input, "", "", null, "credit limit");
            }
            var outcome = await tool.GenerateAsync(lease.Client, GenerationCommand.Deserialize(tool, json), itemOptions, run.CancellationToken).ConfigureAwait(false);
            lock (_gate) _charged += outcome.CreditsCharged;
            return Finish(state, key, input, outcome);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !run.CancellationToken.IsCancellationRequested)
        {
            var error = ErrorReporter.Describe(ex, new ErrorReporter.Context(tool.Kind, null, null, lease.Emulated, run.Settings.Stop));
            run.Out.Note($"{input}: {error.Message}");
            var id = (ex as MagicHourException)?.ProjectId ?? (state.Entries.TryGetValue(key, out var e) ? e.ProjectId : "");
            return new BatchRow(input, "", id ?? "", null, error.Kind);
        }
    }

    private BatchRow Finish(BatchState state, string key, string input, GenerationOutcome outcome)
    {
        var outputs = string.Join(", ", outcome.DownloadedPaths.Select(p => Path.GetRelativePath(Directory.GetCurrentDirectory(), p)));
        var status = outcome.Project?.Status.ToString() ?? "created";
        state.Record(key, new BatchState.Entry(outcome.ProjectId, status == "complete" && (outcome.DownloadedPaths.Count > 0 || !options.DownloadOutputs) ? BatchState.Done : BatchState.Created, outputs));
        return new BatchRow(input, outputs, outcome.ProjectId, outcome.CreditsCharged, status);
    }

    private void Summary(BatchRow[] rows, bool emulated, string statePath)
    {
        var json = new JsonObject
        {
            ["state_file"] = statePath,
            ["credits_charged"] = rows.Sum(r => r.Credits ?? 0),
            ["emulated"] = emulated,
            ["items"] = new JsonArray([.. rows.Select(r => (JsonNode)new JsonObject
            {
                ["input"] = r.Input, ["outputs"] = r.Outputs, ["project_id"] = r.ProjectId, ["credits"] = r.Credits, ["outcome"] = r.Outcome,
            })]),
        };
        var lines = new List<string> { "INPUT\tOUTPUT\tPROJECT\tCREDITS\tOUTCOME" };
        lines.AddRange(rows.Select(r => $"{r.Input}\t{(r.Outputs.Length == 0 ? "-" : r.Outputs)}\t{(r.ProjectId.Length == 0 ? "-" : r.ProjectId)}\t{r.Credits?.ToString() ?? "-"}\t{r.Outcome}"));
        lines.Add($"{rows.Count(r => r.Outcome is "complete" or "skipped")}/{rows.Length} done, {ResultPrinter.Credits(rows.Sum(r => r.Credits ?? 0), emulated)}. State: {statePath}");
        run.Out.Result(json, [.. lines]);
    }

    private sealed record BatchRow(string Input, string Outputs, string ProjectId, int? Credits, string Outcome);
}
