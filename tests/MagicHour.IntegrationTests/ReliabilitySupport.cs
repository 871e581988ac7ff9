using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using MagicHour.Emulator;
using MagicHour.Generated;
using MagicHour.Generated.Http;
using MagicHour.Testing;
using Microsoft.Extensions.Logging;

namespace MagicHour.IntegrationTests;

/// <summary>One log entry as the SDK wrote it.</summary>
public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception)
{
    public override string ToString() => $"{Level} {EventId.Name}: {Message}{(Exception is null ? "" : " | " + Exception)}";
}

/// <summary>An ILoggerFactory that keeps every entry, for asserting on what the SDK logged (and that the key is never in it).</summary>
public sealed class CapturingLoggerFactory : ILoggerFactory
{
    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);
    public void AddProvider(ILoggerProvider provider) { }
    public void Dispose() { }

    public IReadOnlyList<LogEntry> With(EventId id) => Entries.Where(e => e.EventId.Id == id.Id).ToList();

    /// <summary>Retries the SDK logged (HTTP pipeline, uploads, downloads), excluding polls that failed and were tolerated.</summary>
    public int Retries => With(LogEvents.Retry).Count;

    public string AllText => string.Join("\n", Entries.Select(e => e.ToString()));

    private sealed class Logger(CapturingLoggerFactory owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => owner.Entries.Enqueue(new LogEntry(category, logLevel, eventId, formatter(state, exception), exception));
    }
}

/// <summary>The route keys the emulator's fault rules match, and a factory for the rules (import with <c>using static</c>).</summary>
public static class Faults
{
    public const string Create = "POST /v1/ai-headshot-generator";
    public const string UploadUrls = "POST /v1/files/upload-urls";
    public const string Put = "PUT /_storage/upload";
    public const string Poll = "GET /v1/image-projects";
    public const string Download = "GET /_storage/download";

    /// <summary>The next <paramref name="count"/> requests to <paramref name="route"/> get <paramref name="kind"/>; the defaults are <see cref="EmulatorFault"/>'s.</summary>
    public static EmulatorFault Fault(string route, EmulatorFaultKind kind, int count = 1, int status = 500, TimeSpan? retryAfter = null, TimeSpan? delay = null)
        => new() { Route = route, Kind = kind, Count = count, StatusCode = status, RetryAfter = retryAfter, Delay = delay ?? TimeSpan.Zero };
}

/// <summary>
/// One emulator, one SDK client with a capturing logger, one temp directory: the unit of every reliability row.
/// Asserts on the emulator's counters (creates received, projects created, credits), files on disk and logs.
/// </summary>
public sealed class Harness : IAsyncDisposable
{
    public const string CreateRoute = Faults.Create;
    public const string Key = "mh_test_key_SECRET_0123456789";

    private Harness(MagicHourEmulator emu, MagicHourClient client, CapturingLoggerFactory logs, TempDir dir)
    {
        Emu = emu;
        Client = client;
        Logs = logs;
        Dir = dir;
    }

    public MagicHourEmulator Emu { get; }
    public MagicHourClient Client { get; }

    /// <summary>The fake clock the emulator and the client share.</summary>
    public JumpClock Clock => (JumpClock)Env.ClockOf(Emu);
    public CapturingLoggerFactory Logs { get; }
    public TempDir Dir { get; }
    public string Out => Dir.Sub("out");

    public static async Task<Harness> StartAsync(EmulatorFault? fault = null, Action<MagicHourEmulatorOptions>? emulator = null, Action<MagicHourClientOptions>? client = null)
    {
        var emu = await Env.StartAsync(o =>
        {
            o.ApiKey = Key;
            if (fault is not null) o.Faults.Add(fault);
            emulator?.Invoke(o);
        });
        var logs = new CapturingLoggerFactory();
        var sdk = Env.Client(emu, o =>
        {
            o.LoggerFactory = logs;
            client?.Invoke(o);
        });
        return new Harness(emu, sdk, logs, new TempDir());
    }

    public AiHeadshotGeneratorCreateRequest Request(string? image = null, string name = "reliability")
        => new() { Name = name, Assets = new() { ImageFilePath = image ?? Dir.Portrait() } };

    public GenerateOptions Options(TimeSpan? timeout = null, string? directory = null)
        => new() { DownloadDirectory = directory ?? Out, Timeout = timeout ?? TimeSpan.FromSeconds(60) };

    public Task<GenerateResult<ImageProject>> GenerateAsync(TimeSpan? timeout = null, string? directory = null, CancellationToken cancellationToken = default)
        => Client.V1.AiHeadshotGenerator.GenerateAsync(Request(), Options(timeout, directory), cancellationToken);

    public Task<GenerateResult<ImageProject>> ResumeAsync(string projectId, TimeSpan? timeout = null, string? directory = null)
        => Client.V1.AiHeadshotGenerator.ResumeAsync(projectId, Options(timeout, directory));

    /// <summary>
    /// Waits until the emulator holds a request for a <c>Delay</c> fault of <paramref name="stall"/> (its timer runs
    /// on <see cref="Clock"/>: the server has reached the stall point), then moves the fake clock on by <paramref name="by"/>:
    /// every deadline due by then fires, as it would after that much real time.
    /// </summary>
    public async Task AdvanceOnceStalledAsync(TimeSpan stall, TimeSpan by)
    {
        await Clock.WhenWaitingAsync(stall);
        Clock.Advance(by);
    }

    /// <summary>
    /// Real time a call on the fake clock may take before the test gives up on it: a call that ignored the
    /// deadline under test would otherwise wait forever for time that never passes. A guard, never a measurement.
    /// </summary>
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);


    /// <summary>Asserts that <see cref="GenerateAsync"/> throws a <see cref="MagicHourException"/> (or a subclass), and returns it.</summary>
    public MagicHourException? AssertGenerateThrows(TimeSpan? timeout = null, string? directory = null)
        => Assert.ThrowsAsync(Is.InstanceOf<MagicHourException>(), () => GenerateAsync(timeout, directory)) as MagicHourException;

    public EmulatorStats Stats => Emu.GetStats();

    /// <summary>Requests that reached the create route, whatever the answer (faulted, dropped, 200).</summary>
    public long CreateRequests => Requests(CreateRoute);

    /// <summary>
    /// The emulator counts a request before the client can see its answer, except one the client left in the
    /// middle of a body: that is relabelled (200 to aborted) when the emulator notices, a moment after the client
    /// gave up. Waits (briefly, polling) for the count to settle.
    /// </summary>
    public async Task<long> SettledRequestsAsync(string route, long expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Requests(route) < expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        return Requests(route);
    }

    public long Requests(string route, string? outcome = null)
        => Stats.RequestsByRoute.Where(kv => kv.Key.StartsWith(route + " ", StringComparison.Ordinal) && (outcome is null || kv.Key.EndsWith(" " + outcome, StringComparison.Ordinal))).Sum(kv => kv.Value);

    /// <summary>
    /// The money invariants: at most one create request reached the server's create logic, at most one project
    /// exists, and at most one headshot's credits were charged.
    /// </summary>
    public void AssertChargedAtMostOnce(int expectedProjects)
    {
        var stats = Stats;
        Assert.That(stats.ProjectsCreated, Is.EqualTo(expectedProjects), "projects created");
        Assert.That(stats.CreatesReceived, Is.LessThanOrEqualTo(1), "create requests that reached the server's create logic");
        Assert.That(stats.CreditsCharged, Is.EqualTo(50 * expectedProjects), "credits charged (never twice)");
    }

    /// <summary>The happy ending: one project charged once, and exactly one file (no temp file) in <see cref="Out"/>.</summary>
    public void AssertChargedOnceWithOneFile()
    {
        AssertChargedAtMostOnce(1);
        AssertNoTempFiles(Out, 1);
    }

    /// <summary>The single downloaded file is a whole 1024×1024 PNG.</summary>
    public static void AssertWholePng(GenerateResult<ImageProject> result)
        => Assert.That(Env.PngSize(result.DownloadedPaths.Single()), Is.EqualTo((1024, 1024)));

    /// <summary>A failure after the create: the exception carries the project's id and the credits it was charged.</summary>
    public static void AssertFailedWithProjectId([NotNull] MagicHourException? ex)
    {
        Assert.That(ex!.ProjectId, Is.Not.Null);
        Assert.That(ex.CreditsCharged, Is.EqualTo(50));
    }

    /// <summary>A download that failed every time was tried a bounded number of times, and every retry was logged.</summary>
    public async Task AssertDownloadAttemptsBoundedAndLogged()
    {
        var attempts = Logs.Retries + 1;
        Assert.That(attempts, Is.GreaterThanOrEqualTo(4).And.LessThanOrEqualTo(16), "bounded: MaxRetries (3) + 1 tries, each maybe repeated by the connection-retry handler");
        Assert.That(await SettledRequestsAsync(Faults.Download, attempts), Is.EqualTo(attempts), "every retry is logged");
    }

    /// <summary>No partial download, temp file or stray entry in <paramref name="directory"/> beyond <paramref name="expected"/> outputs.</summary>
    public static void AssertNoTempFiles(string directory, int expected = 0)
    {
        var entries = Directory.Exists(directory) ? Directory.GetFileSystemEntries(directory).Select(Path.GetFileName).ToArray() : [];
        Assert.That(entries.Where(e => e!.StartsWith('.') || e.EndsWith(".part", StringComparison.Ordinal)), Is.Empty, "temp files left: " + string.Join(", ", entries));
        Assert.That(entries, Has.Length.EqualTo(expected), "entries: " + string.Join(", ", entries));
    }

    /// <summary>Resumes a project after a failure: finishes without a new create, and the file is a whole 1024×1024 PNG.</summary>
    public async Task AssertResumeFinishesWithoutCreating(string projectId, string? directory = null)
    {
        var before = Stats;
        var result = await ResumeAsync(projectId, directory: directory ?? Dir.Sub("resumed"));
        var after = Stats;
        Assert.That(result.ProjectId, Is.EqualTo(projectId));
        Assert.That(result.Project!.Status, Is.EqualTo(ProjectStatus.Complete));
        AssertWholePng(result);
        Assert.That(after.ProjectsCreated, Is.EqualTo(before.ProjectsCreated), "resume never creates");
        Assert.That(after.CreditsCharged, Is.EqualTo(before.CreditsCharged), "resume never charges");
        Assert.That(after.RequestsByRoute.Where(kv => kv.Key.StartsWith(CreateRoute, StringComparison.Ordinal)).Sum(kv => kv.Value),
            Is.EqualTo(before.RequestsByRoute.Where(kv => kv.Key.StartsWith(CreateRoute, StringComparison.Ordinal)).Sum(kv => kv.Value)));
        AssertNoTempFiles(Path.GetDirectoryName(result.DownloadedPaths.Single())!, 1);
    }

    /// <summary>The key never appears in what the SDK logged.</summary>
    public void AssertKeyNotLogged() => Assert.That(Logs.AllText, Does.Not.Contain(Key));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Emu.DisposeAsync();
        Dir.Dispose();
    }
}
