using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using MagicHour.Emulator;
using MagicHour.Generated;
using MagicHour.Generated.Http;
using MagicHour.Testing;
using Microsoft.Extensions.Logging;

namespace MagicHour.Soak;

internal sealed record SoakOptions(
    int Count,
    int Concurrency,
    double FaultRate,
    TimeSpan RenderTime,
    int Seed,
    long? SyntheticOutputBytes,
    bool Webhooks,
    string WorkDirectory,
    TimeSpan? TimeBudget,
    string? ReportPath);

internal enum Outcome
{
    /// <summary>Generate returned and the output is on disk.</summary>
    Completed,
    /// <summary>Generate threw with a project id; ResumeAsync(id) then downloaded it.</summary>
    CompletedAfterResume,
    /// <summary>Generate threw without an id although the server had created the project (its answer was lost); a signed webhook named it and ResumeAsync downloaded it.</summary>
    RecoveredViaWebhook,
    /// <summary>The project ended in error or canceled (refunded); the exception carried its id.</summary>
    ProjectFailedWithId,
    /// <summary>Generate threw before any project existed (nothing charged).</summary>
    FailedBeforeAnyProject,
    /// <summary>Generate threw without an id and the server had created the project, which nothing recovered.</summary>
    CreateAnswerLost,
    /// <summary>Generate threw with a project id, and ResumeAsync(id) failed too (the id was still surfaced twice).</summary>
    ResumeFailedWithId,
    /// <summary>An exception type the SDK does not document.</summary>
    Unexpected,
    /// <summary>Not started: the time budget ran out.</summary>
    NotStarted,
}

internal sealed record WorkflowRecord(int Index, string Name, SoakFault? Fault, Outcome Outcome, string? ProjectId, string? DownloadedPath, string? Error, TimeSpan Duration, bool Released = false);

/// <summary>Counts the SDK's log events by id (retries, skipped retries, tolerated poll failures); keeps no text.</summary>
internal sealed class CountingLoggerFactory : ILoggerFactory, ILogger
{
    private readonly ConcurrentDictionary<int, long> _counts = new();
    public long Count(EventId id) => _counts.GetValueOrDefault(id.Id);
    public ILogger CreateLogger(string categoryName) => this;
    public void AddProvider(ILoggerProvider provider) { }
    public void Dispose() { }
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        => _counts.AddOrUpdate(eventId.Id, 1, (_, n) => n + 1);
}

internal sealed class SoakRunner(SoakOptions options)
{
    private const string Key = "mh_soak_key_0123456789";
    private const string WebhookSecret = "whsec_soak_0123456789";

    /// <summary>Per API call; the "slower than NetworkTimeout" faults delay 12 s.</summary>
    public static readonly TimeSpan NetworkTimeout = TimeSpan.FromSeconds(8);

    public async Task<int> RunAsync()
    {
        var work = Path.GetFullPath(options.WorkDirectory);
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        Directory.CreateDirectory(work);
        var outDir = Path.Combine(work, "out");
        Directory.CreateDirectory(outDir);
        var portrait = Path.Combine(work, "portrait.png");
        await File.WriteAllBytesAsync(portrait, SampleImages.PortraitPng(256));
        var blocker = Path.Combine(work, "a-file-not-a-directory");
        await File.WriteAllTextAsync(blocker, "blocks the download directory below it");

        await using var receiver = options.Webhooks ? await WebhookReceiver.StartAsync(WebhookSecret) : null;
        await using var emu = await MagicHourEmulator.StartAsync(new MagicHourEmulatorOptions
        {
            ApiKey = Key,
            RenderTime = options.RenderTime,
            StartingCredits = 100L * options.Count + 1000,
            SyntheticOutputBytes = options.SyntheticOutputBytes,
            // Storage on another host name than the API, as in production: transfers are not under NetworkTimeout.
            StorageHost = "localhost",
            WebhookUrl = receiver?.Url,
            WebhookSecret = WebhookSecret,
        });
        var logs = new CountingLoggerFactory();
        var transport = new FaultInjectingHandler();
        using var client = new MagicHourClient(new MagicHourClientOptions
        {
            ApiKey = Key,
            BaseUrl = emu.BaseUrl,
            PollInterval = TimeSpan.FromMilliseconds(50),
            MaxPollInterval = TimeSpan.FromMilliseconds(250),
            NetworkTimeout = NetworkTimeout,
            Transport = transport,
            LoggerFactory = logs,
        });

        var random = new Random(options.Seed);
        var plans = Enumerable.Range(0, options.Count)
            .Select(_ => random.NextDouble() < options.FaultRate ? SoakFault.All[random.Next(SoakFault.All.Count)] : null)
            .ToArray();
        var records = new WorkflowRecord[options.Count];
        var clock = Stopwatch.StartNew();
        var finished = 0;
        Console.WriteLine($"soak: {options.Count} headshot workflows, concurrency {options.Concurrency}, fault rate {options.FaultRate:P0}, render time {options.RenderTime.TotalMilliseconds} ms, outputs {(options.SyntheticOutputBytes is { } b ? b + " zero bytes" : "rendered 1024x1024 PNG")}, webhooks {(options.Webhooks ? "on" : "off")}, seed {options.Seed}");

        using var progress = new Timer(_ => Console.WriteLine($"  {Volatile.Read(ref finished)} done, {clock.Elapsed.TotalSeconds:0} s"), null, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));
        await Parallel.ForEachAsync(Enumerable.Range(0, options.Count), new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (i, _) =>
        {
            var name = $"soak-{i:D6}";
            if (options.TimeBudget is { } budget && clock.Elapsed > budget)
            {
                records[i] = new WorkflowRecord(i, name, plans[i], Outcome.NotStarted, null, null, null, TimeSpan.Zero);
                return;
            }
            records[i] = await RunOneAsync(i, name, plans[i], client, emu, receiver, portrait, outDir, blocker).ConfigureAwait(false);
            Interlocked.Increment(ref finished);
        });
        var wall = clock.Elapsed;
        await emu.FlushWebhooksAsync();

        var report = Analyse(records, emu, logs, transport, receiver, work, outDir, wall);
        Console.WriteLine(report.Text);
        if (options.ReportPath is { } path)
        {
            await File.WriteAllTextAsync(path, report.Text);
            Console.WriteLine($"report written to {path}");
        }
        return report.Passed ? 0 : 1;
    }

    private async Task<WorkflowRecord> RunOneAsync(int index, string name, SoakFault? fault, MagicHourClient client, MagicHourEmulator emu, WebhookReceiver? receiver, string portrait, string outDir, string blocker)
    {
        var plan = fault is null ? null : new FaultPlan(fault);
        FaultPlan.Current.Value = plan;
        var started = Stopwatch.GetTimestamp();
        TimeSpan Elapsed() => Stopwatch.GetElapsedTime(started);
        var request = new AiHeadshotGeneratorCreateRequest { Name = name, Assets = new() { ImageFilePath = portrait } };
        var directory = fault?.Client == ClientFault.UnwritableDirectory ? Path.Combine(blocker, "out") : outDir;
        try
        {
            var result = await client.V1.AiHeadshotGenerator.GenerateAsync(request, new GenerateOptions { DownloadDirectory = directory, Timeout = TimeSpan.FromSeconds(20) }).ConfigureAwait(false);
            return new WorkflowRecord(index, name, fault, Outcome.Completed, result.ProjectId, result.DownloadedPaths.Single(), null, Elapsed());
        }
        catch (MagicHourProjectFailedException ex)
        {
            return new WorkflowRecord(index, name, fault, Outcome.ProjectFailedWithId, ex.ProjectId, null, ex.Kind.ToString(), Elapsed());
        }
        catch (MagicHourException ex) when (ex.ProjectId is not null)
        {
            // What a caller does with the id: resume, without the fault (it belonged to the first attempt).
            if (plan is not null) plan.Active = false;
            var released = false;
            try
            {
                try
                {
                    var resumed = await ResumeAsync(client, ex.ProjectId, outDir, TimeSpan.FromSeconds(3)).ConfigureAwait(false);
                    return new WorkflowRecord(index, name, fault, Outcome.CompletedAfterResume, ex.ProjectId, resumed, Describe(ex), Elapsed());
                }
                catch (MagicHourException again) when (again.Kind == MagicHourErrorKind.Timeout && emu.ReleaseStuckProject(ex.ProjectId))
                {
                    // Still rendering: on the real service one waits longer; here an operator "unsticks" it, then resume finishes.
                    released = true;
                }
                var final = await ResumeAsync(client, ex.ProjectId, outDir, TimeSpan.FromSeconds(20)).ConfigureAwait(false);
                return new WorkflowRecord(index, name, fault, Outcome.CompletedAfterResume, ex.ProjectId, final, Describe(ex), Elapsed(), released);
            }
            catch (Exception again)
            {
                return new WorkflowRecord(index, name, fault, Outcome.ResumeFailedWithId, ex.ProjectId, null, $"{Describe(ex)}; resume: {again.GetType().Name}: {again.Message}", Elapsed(), released);
            }
        }
        catch (MagicHourException ex)
        {
            // No id: either nothing was created, or the create's answer was lost. Only a webhook can tell.
            if (receiver is not null && await receiver.ProjectIdAsync(name, TimeSpan.FromSeconds(30)).ConfigureAwait(false) is { } id)
            {
                if (plan is not null) plan.Active = false;
                try
                {
                    var resumed = await ResumeAsync(client, id, outDir, TimeSpan.FromSeconds(20)).ConfigureAwait(false);
                    return new WorkflowRecord(index, name, fault, Outcome.RecoveredViaWebhook, id, resumed, Describe(ex), Elapsed());
                }
                catch (Exception again)
                {
                    return new WorkflowRecord(index, name, fault, Outcome.ResumeFailedWithId, id, null, $"{Describe(ex)}; resume: {again.GetType().Name}: {again.Message}", Elapsed());
                }
            }
            return new WorkflowRecord(index, name, fault, Outcome.FailedBeforeAnyProject, null, null, Describe(ex), Elapsed());
        }
        catch (Exception ex)
        {
            return new WorkflowRecord(index, name, fault, Outcome.Unexpected, null, null, $"{ex.GetType().Name}: {ex.Message}", Elapsed());
        }
    }

    private static async Task<string> ResumeAsync(MagicHourClient client, string projectId, string outDir, TimeSpan timeout)
    {
        var result = await client.V1.AiHeadshotGenerator.ResumeAsync(projectId, new GenerateOptions { DownloadDirectory = outDir, Timeout = timeout }).ConfigureAwait(false);
        return result.DownloadedPaths.Single();
    }

    private static string Describe(MagicHourException ex) => ex.StatusCode != 0 ? $"{ex.Kind} {ex.StatusCode}" : $"{ex.Kind}: {ex.InnerException?.GetType().Name ?? "-"}";

    private sealed record Report(string Text, bool Passed);

    private Report Analyse(WorkflowRecord[] records, MagicHourEmulator emu, CountingLoggerFactory logs, FaultInjectingHandler transport, WebhookReceiver? receiver, string work, string outDir, TimeSpan wall)
    {
        var ran = records.Where(r => r.Outcome != Outcome.NotStarted).ToList();
        var projects = emu.GetProjects();
        var stats = emu.GetStats();
        var byName = projects.GroupBy(p => p.Name ?? "").ToDictionary(g => g.Key, g => g.ToList());

        // Reclassify: a workflow that failed "before any project" although the server has one named after it lost the create's answer.
        for (var i = 0; i < records.Length; i++)
        {
            if (records[i].Outcome == Outcome.FailedBeforeAnyProject && byName.ContainsKey(records[i].Name))
            {
                records[i] = records[i] with { Outcome = Outcome.CreateAnswerLost, ProjectId = byName[records[i].Name][0].Id };
            }
        }
        ran = records.Where(r => r.Outcome != Outcome.NotStarted).ToList();

        var doubleCreates = byName.Values.Sum(g => g.Count - 1);
        var accounted = new HashSet<string>(ran.Where(r => r.Outcome is Outcome.Completed or Outcome.CompletedAfterResume or Outcome.RecoveredViaWebhook or Outcome.ProjectFailedWithId or Outcome.ResumeFailedWithId).Select(r => r.ProjectId!));
        var unaccounted = projects.Where(p => !accounted.Contains(p.Id)).ToList();
        var lost = ran.Count(r => r.Outcome == Outcome.CreateAnswerLost);
        var tempFiles = Directory.EnumerateFiles(work, "*", SearchOption.AllDirectories)
            .Select(Path.GetFileName)
            .Count(n => n!.StartsWith('.') || n.EndsWith(".part", StringComparison.Ordinal));
        var downloaded = ran.Where(r => r.DownloadedPath is not null).ToList();
        var badFiles = downloaded.Count(r => !IsWholeOutput(r.DownloadedPath!));
        var filesInOut = Directory.GetFiles(outDir).Length;
        var unexpected = ran.Where(r => r.Outcome == Outcome.Unexpected).ToList();
        var retries = logs.Count(LogEvents.Retry);
        var pollFailures = logs.Count(LogEvents.PollFailed);
        var skipped = logs.Count(LogEvents.RetrySkipped);
        var durations = ran.Select(r => r.Duration.TotalMilliseconds).Order().ToArray();
        double Percentile(double p) => durations.Length == 0 ? 0 : durations[Math.Min(durations.Length - 1, (int)(p * durations.Length))];

        var passed = doubleCreates == 0 && unaccounted.Count == 0 && tempFiles == 0 && badFiles == 0 && unexpected.Count == 0 && filesInOut == downloaded.Count;
        var text = new StringBuilder();
        text.AppendLine($"### Soak run: {ran.Count} of {records.Length} workflows");
        text.AppendLine();
        text.AppendLine($"Command: `tools/soak.sh --count {options.Count} --concurrency {options.Concurrency} --fault-rate {options.FaultRate} --render-time {options.RenderTime.TotalMilliseconds}ms --seed {options.Seed}{(options.SyntheticOutputBytes is { } s ? $" --synthetic-output-bytes {s}" : "")}{(options.Webhooks ? "" : " --no-webhooks")}{(options.TimeBudget is { } m ? $" --max-minutes {m.TotalMinutes}" : "")}`; {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.");
        text.AppendLine();
        text.AppendLine("| measure | value | must be |");
        text.AppendLine("| --- | --- | --- |");
        text.AppendLine($"| workflows run | {ran.Count} | |");
        text.AppendLine($"| with an injected fault | {ran.Count(r => r.Fault is not null)} ({transport.Injected} fault headers sent) | |");
        text.AppendLine($"| double creates (projects beyond one per workflow) | {doubleCreates} | 0 |");
        text.AppendLine($"| projects neither downloaded nor surfaced with their id | {unaccounted.Count} | 0 |");
        text.AppendLine($"| of which: create answer lost, not recovered | {lost} | 0 with webhooks |");
        text.AppendLine($"| temp or partial files left | {tempFiles} | 0 |");
        text.AppendLine($"| downloaded files not whole | {badFiles} | 0 |");
        text.AppendLine($"| files in the output directory / downloads reported | {filesInOut} / {downloaded.Count} | equal |");
        text.AppendLine($"| undocumented exception types | {unexpected.Count} | 0 |");
        text.AppendLine($"| retries made (logged `Retry` events) | {retries} | |");
        text.AppendLine($"| failed polls tolerated (`PollFailed`) | {pollFailures} | |");
        text.AppendLine($"| retries declined (`RetrySkipped`: unsafe create, over budget, given up) | {skipped} | |");
        text.AppendLine($"| projects created / credits charged / refunded | {stats.ProjectsCreated} / {stats.CreditsCharged} / {stats.CreditsRefunded} | charged = 50 × created |");
        text.AppendLine($"| webhooks delivered / verified by the SDK / refused | {stats.WebhooksDelivered} / {receiver?.Events.Count ?? 0} / {receiver?.Refused.Count ?? 0} | |");
        text.AppendLine($"| wall time | {wall.TotalSeconds:0.0} s ({ran.Count / Math.Max(wall.TotalSeconds, 0.001):0.0} workflows/s) | |");
        text.AppendLine($"| workflow time p50 / p95 / p99 / max | {Percentile(0.5):0} / {Percentile(0.95):0} / {Percentile(0.99):0} / {durations.LastOrDefault():0} ms | |");
        text.AppendLine($"| result | **{(passed ? "PASS" : "FAIL")}** | |");
        text.AppendLine();
        text.AppendLine("Outcomes by injected fault (`resumed` = Generate threw with the project id and ResumeAsync(id) then downloaded it; `webhook` = the create's answer was lost and the signed `image.started` event gave the id):");
        text.AppendLine();
        var columns = new[] { Outcome.Completed, Outcome.CompletedAfterResume, Outcome.RecoveredViaWebhook, Outcome.ProjectFailedWithId, Outcome.ResumeFailedWithId, Outcome.FailedBeforeAnyProject, Outcome.CreateAnswerLost, Outcome.Unexpected };
        text.AppendLine("| fault | runs | completed | resumed | webhook | failed with id | resume failed (id kept) | failed, no project | answer lost | unexpected |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var group in ran.GroupBy(r => r.Fault?.Name ?? "(none)").OrderBy(g => g.Key == "(none)" ? "" : g.Key))
        {
            text.Append($"| {group.Key} | {group.Count()} |");
            foreach (var column in columns) text.Append($" {group.Count(r => r.Outcome == column)} |");
            text.AppendLine();
        }
        if (ran.Any(r => r.Released))
        {
            text.AppendLine();
            text.AppendLine($"Stuck projects released by the soak (as an operator would) before the final resume: {ran.Count(r => r.Released)}.");
        }
        var resumeFailed = ran.Where(r => r.Outcome == Outcome.ResumeFailedWithId).ToList();
        if (unexpected.Count > 0 || unaccounted.Count > 0 || resumeFailed.Count > 0)
        {
            text.AppendLine();
            foreach (var r in unexpected.Take(10)) text.AppendLine($"- unexpected: {r.Name} ({r.Fault}): {r.Error}");
            foreach (var r in resumeFailed.Take(10)) text.AppendLine($"- resume failed: {r.Name} ({r.Fault}): {r.Error}");
            foreach (var p in unaccounted.Take(10)) text.AppendLine($"- unaccounted project {p.Id} named {p.Name}, status {p.Status}");
        }
        return new Report(text.ToString(), passed);
    }

    private bool IsWholeOutput(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) return false;
        if (options.SyntheticOutputBytes is { } size) return info.Length == size;
        Span<byte> head = stackalloc byte[24];
        using var file = File.OpenRead(path);
        if (file.Read(head) != 24) return false;
        ReadOnlySpan<byte> signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        var width = (head[16] << 24) | (head[17] << 16) | (head[18] << 8) | head[19];
        // A truncated PNG still has its header: also require the IEND chunk at the very end.
        file.Seek(-8, SeekOrigin.End);
        Span<byte> tail = stackalloc byte[8];
        file.ReadExactly(tail);
        return head[..8].SequenceEqual(signature) && width == 1024 && tail[..4].SequenceEqual("IEND"u8);
    }
}
