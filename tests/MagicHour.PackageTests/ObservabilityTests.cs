using MagicHour.Emulator;
using MagicHour.Generated;
using MagicHour.Generated.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MagicHour.PackageTests;

/// <summary>
/// ILogger events (through DI, at every level, the factory's own HTTP logging included) and IProgress reports, from real
/// runs against the fixture's emulator.
/// </summary>
public class ObservabilityTests : SharedEmulatorFixture
{
    [Test]
    public async Task Generate_LogsUploadCreateStatusDownloadAndRetry_WithEventIds_AndNoSecrets()
    {
        using var dir = new TempDir();
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddMagicHour(o =>
        {
            o.ApiKey = Emulator.ApiKey;
            o.BaseUrl = Emulator.BaseUrl;
            o.PollInterval = TimeSpan.FromMilliseconds(50);
            o.MaxPollInterval = TimeSpan.FromMilliseconds(200);
            o.TimeProvider = Clock;
        });
        await using var provider = services.BuildServiceProvider();
        // One 503 on a status poll: retried by the pipeline, logged as a retry.
        Emulator.InjectFault(new EmulatorFault { Route = "GET /v1/image-projects", Kind = EmulatorFaultKind.Status, StatusCode = 503, RetryAfter = TimeSpan.Zero });

        var result = await provider.GetRequiredService<MagicHourClient>().V1.AiHeadshotGenerator.GenerateAsync(Env.Headshot(Env.Portrait), new GenerateOptions { DownloadDirectory = dir.Path });

        var entries = logs.Entries;
        var sdk = entries.Where(e => e.Category == "MagicHour.Generated").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(sdk.Where(e => e.EventId == LogEvents.Upload).Select(e => e.Message), Has.Some.Contains("portrait.png"));
            Assert.That(sdk.Where(e => e.EventId == LogEvents.ProjectCreated).Select(e => e.Message), Has.One.Contains(result.ProjectId));
            var statusLogs = sdk.Where(e => e.EventId == LogEvents.StatusChanged).Select(e => e.Message).ToList();
            Assert.That(statusLogs, Has.Some.Contains("complete"));
            Assert.That(statusLogs, Has.Count.GreaterThanOrEqualTo(2), "one event per status change");
            Assert.That(sdk.Where(e => e.EventId == LogEvents.Download).Select(e => e.Message), Has.One.Contains(Path.GetFileName(result.DownloadedPaths.Single())));
            Assert.That(sdk.Where(e => e.EventId == LogEvents.Retry).Select(e => e.Message), Has.One.Contains("503"));
            Assert.That(sdk.Select(e => e.EventId.Name), Has.None.Null, "every SDK event has a named id");
            // The factory logs requests and headers at Trace: it is on, and still shows neither the key nor a signature.
            Assert.That(entries.Where(e => e.Category.StartsWith("System.Net.Http.HttpClient." + MagicHourServiceCollectionExtensions.HttpClientName, StringComparison.Ordinal)), Is.Not.Empty);
            Assert.That(entries.Select(e => e.AllText), Has.None.Contains(Emulator.ApiKey));
            Assert.That(entries.Select(e => e.AllText), Has.None.Contains("sig="));
        });
    }

    [Test]
    public async Task Progress_ReportsStagesInOrder_BytesAndTotals_AndEveryStatus()
    {
        using var dir = new TempDir();
        using var client = new MagicHourClient(new MagicHourClientOptions
        {
            ApiKey = Emulator.ApiKey,
            BaseUrl = Emulator.BaseUrl,
            PollInterval = TimeSpan.FromMilliseconds(50),
            MaxPollInterval = TimeSpan.FromMilliseconds(100),
            TimeProvider = Clock,
        });
        var progress = new RecordingProgress();

        var result = await client.V1.AiHeadshotGenerator.GenerateAsync(Env.Headshot(Env.Portrait), new GenerateOptions { DownloadDirectory = dir.Path, Progress = progress });

        var reports = progress.Reports;
        var inputBytes = new FileInfo(Env.Portrait).Length;
        var output = result.DownloadedPaths.Single();
        var uploads = reports.Where(r => r.Stage == GenerateStage.Uploading).ToList();
        var downloads = reports.Where(r => r.Stage == GenerateStage.Downloading).ToList();
        var statuses = reports.Where(r => r.Stage == GenerateStage.Waiting && r.Status is not null).Select(r => r.Status).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(reports.Select(r => (int)r.Stage), Is.Ordered, "stages never go back");
            Assert.That(reports.Select(r => r.Stage).Distinct(), Is.EqualTo(new[] { GenerateStage.Uploading, GenerateStage.Creating, GenerateStage.Waiting, GenerateStage.Downloading, GenerateStage.Completed }));
            Assert.That(uploads.Select(r => r.FileName), Is.All.EqualTo("portrait.png"));
            Assert.That(uploads.Select(r => r.TotalBytes), Is.All.EqualTo(inputBytes));
            Assert.That(uploads[^1].BytesTransferred, Is.EqualTo(inputBytes), "the last upload report is the whole file");
            Assert.That(statuses, Does.Contain("complete"));
            Assert.That(statuses, Is.Unique, "one report per status change");
            Assert.That(reports.Where(r => r.Stage >= GenerateStage.Waiting).Select(r => r.ProjectId ?? result.ProjectId), Is.All.EqualTo(result.ProjectId));
            Assert.That(downloads[^1].BytesTransferred, Is.EqualTo(new FileInfo(output).Length));
            Assert.That(downloads[^1].TotalBytes, Is.EqualTo(new FileInfo(output).Length));
            Assert.That(reports[^1], Is.EqualTo(new GenerateProgress(GenerateStage.Completed, result.ProjectId, "complete")));
        });
    }
}
