using System.Collections.Concurrent;
using MagicHour.Generated.Http;
using MagicHour.Tests.Shared;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace MagicHour.Generated.Tests;

/// <summary>
/// Issue 11's rows against a raw-socket server that misbehaves at the byte level (<see cref="HostileServer"/>), on a
/// fake clock: every deadline is hit by advancing the clock, every retry wait is skipped by advancing it; the real
/// time bounds below are only safety nets so that a regression fails instead of hanging.
/// </summary>
public class HostileNetworkTests
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(20);
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
    private const string ProjectJson = """{"id":"p1","name":"n","status":"rendering","image_count":1,"type":"AI_HEADSHOT","created_at":"2026-11-25T10:00:00Z","enabled":true,"credits_charged":50,"downloads":[],"error":null}""";

    private static AiHeadshotGeneratorCreateRequest Request(string path = "api-assets/a.png") => new() { Assets = new() { ImageFilePath = path } };

    private static MagicHourClient Client(Uri baseUrl, FakeTimeProvider clock, LogSink? log = null, Action<MagicHourClientOptions>? configure = null)
    {
        var options = new MagicHourClientOptions
        {
            ApiKey = FakeApi.ApiKey,
            BaseUrl = baseUrl,
            TimeProvider = clock,
            LoggerFactory = log,
            PollInterval = TimeSpan.FromMilliseconds(10),
        };
        configure?.Invoke(options);
        return new MagicHourClient(options);
    }

    private static string ProjectComplete(Uri server) => ProjectJson.Replace("\"rendering\"", "\"complete\"").Replace("\"downloads\":[]",
        $$"""
        "downloads":[{"url":"{{server}}files/out.png?sig=1","expires_at":"2026-12-02T10:00:00Z"}]
        """.Trim());

    private static async Task<Exception> FailsAsync(Task task)
    {
        var finished = await Task.WhenAny(task, Task.Delay(SafetyNet)) == task;
        Assert.That(finished, Is.True, "still running after the safety net: the call hangs");
        try
        {
            await task;
        }
        catch (Exception ex)
        {
            return ex;
        }
        Assert.Fail("expected a failure");
        return null!;
    }

    /// <summary>
    /// Starts <paramref name="call"/> against a server that answers every request with <paramref name="answer"/> (a
    /// stall), waits until the response headers reached the client, then does <paramref name="then"/> (advance the
    /// fake clock to a deadline, cancel) and returns the failure and the requests the server received.
    /// </summary>
    private static async Task<(Exception Error, IReadOnlyList<HostileRequest> Requests)> StalledCallAsync(
        HostileAction answer, Func<MagicHourClient, Task> call, Action<FakeTimeProvider> then, Action<MagicHourClientOptions>? configure = null)
    {
        await using var server = HostileServer.Start(_ => answer);
        var clock = new FakeTimeProvider(Start);
        using var headers = new HeadersSeen();
        using var client = Client(server.BaseUrl, clock, configure: o => { o.Transport = headers; configure?.Invoke(o); });

        var running = call(client);
        await headers.Task.WaitAsync(SafetyNet);
        then(clock);

        return (await FailsAsync(running), server.Requests);
    }

    private static Action<FakeTimeProvider> Advance(double seconds) => clock => clock.Advance(TimeSpan.FromSeconds(seconds));

    // Row 1: 200, Content-Length 100, `{"id":` then nothing.

    [Test]
    public async Task Row01_GetAsync_BodyStallsAfterHeaders_NetworkTimeoutCoversTheBody()
    {
        var (ex, requests) = await StalledCallAsync(HostileAction.HeadersThenStall(200, 100, """{"id":"""),
            client => client.V1.ImageProjects.GetAsync("p1"), Advance(2), o => o.NetworkTimeout = TimeSpan.FromSeconds(2));

        Assert.That(ex, Is.InstanceOf<MagicHourException>());
        Assert.That(ex.InnerException, Is.InstanceOf<TimeoutException>());
        Assert.That(((MagicHourException)ex).StatusCode, Is.EqualTo(200), "the headers arrived; the body did not");
        Assert.That(ex.Message, Does.Contain("NetworkTimeout"));
        Assert.That(requests, Has.Count.EqualTo(1), "a deadline is not retried");
    }

    [Test]
    public async Task Row01_Generate_CreateBodyStalls_SaysTheProjectMayExist_AtTheNetworkTimeout()
    {
        var (ex, requests) = await StalledCallAsync(HostileAction.HeadersThenStall(200, 100, """{"id":"""),
            client => client.V1.AiHeadshotGenerator.GenerateAsync(Request()), Advance(2), o => o.NetworkTimeout = TimeSpan.FromSeconds(2));

        Assert.That(ex, Is.InstanceOf<MagicHourException>());
        Assert.That(ex.Message, Does.Contain("may still have created"));
        Assert.That(ex.InnerException, Is.InstanceOf<TimeoutException>());
        Assert.That(requests.Count(r => r.Method == "POST"), Is.EqualTo(1), "never re-sent");
    }

    [Test]
    public async Task Row01_Resume_PollBodyStalls_GenerateOptionsTimeoutCoversThePollInFlight()
    {
        var (ex, _) = await StalledCallAsync(HostileAction.HeadersThenStall(200, 1000, ProjectJson[..40]),
            client => client.V1.AiHeadshotGenerator.ResumeAsync("p1", new GenerateOptions { Timeout = TimeSpan.FromSeconds(5) }), Advance(5));

        Assert.That(ex, Is.InstanceOf<MagicHourException>());
        var mh = (MagicHourException)ex;
        Assert.That(mh.Kind, Is.EqualTo(MagicHourErrorKind.Timeout));
        Assert.That(mh.ProjectId, Is.EqualTo("p1"));
    }

    // Row 2: an error status whose body stalls.

    [TestCase(500)]
    [TestCase(404)]
    public async Task Row02_ErrorBodyStalls_TheCallersTokenInterrupts(int status)
    {
        using var cts = new CancellationTokenSource();
        var (ex, _) = await StalledCallAsync(HostileAction.HeadersThenStall(status, 100, """{"message":"""),
            client => client.V1.ImageProjects.GetAsync("p1", cts.Token), _ => cts.Cancel());

        Assert.That(ex, Is.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task Row02_ErrorBodyStalls_IsReadUnderTheNetworkTimeout()
    {
        var (ex, _) = await StalledCallAsync(HostileAction.HeadersThenStall(422, 100, """{"message":"""),
            client => client.V1.AiHeadshotGenerator.CreateAsync(Request()), Advance(3), o => o.NetworkTimeout = TimeSpan.FromSeconds(3));

        Assert.That(ex, Is.InstanceOf<MagicHourException>());
        Assert.That(((MagicHourException)ex).StatusCode, Is.EqualTo(422));
        Assert.That(ex.InnerException, Is.InstanceOf<TimeoutException>());
    }

    // Row 8: 401 with a claims challenge on the first create.

    [Test]
    public async Task Row08_ClaimsChallengeOnCreate_ExactlyOnePost_AndTheDecisionIsLogged()
    {
        await using var server = HostileServer.Start(_ => HostileAction.Respond(401, """{"message":"claims required"}""",
            ("WWW-Authenticate", "Bearer error=\"insufficient_claims\", claims=\"e30=\"")));
        var clock = new FakeTimeProvider(Start);
        var log = new LogSink();
        using var client = Client(server.BaseUrl, clock, log);

        var ex = await FailsAsync(client.V1.AiHeadshotGenerator.CreateAsync(Request()));

        Assert.That(((MagicHourException)ex).StatusCode, Is.EqualTo(401));
        Assert.That(server.Requests.Count(r => r.Method == "POST"), Is.EqualTo(1), "exactly one POST");
        Assert.That(log.Events(LogEvents.Retry), Is.Empty, "nothing was re-sent");
        Assert.That(log.Events(LogEvents.RetrySkipped), Has.Count.EqualTo(1), "the declined challenge is logged");
    }

    // Row 9: the upload PUT answered 307 (S3-style), or 401 with a claims challenge.

    private static HostileAction UploadUrls(HostileServer server)
        => HostileAction.Respond(200, $$"""{"items":[{"upload_url":"{{server.BaseUrl}}upload/1?sig=a","expires_at":"2026-12-02T10:00:00Z","file_path":"api-assets/u/in.png"}]}""");

    [Test]
    public async Task Row09_UploadPut307_IsFollowed_ReReadingTheFileFromDisk()
    {
        HostileServer server = null!;
        server = HostileServer.Start(r => (r.Method, r.Path) switch
        {
            ("POST", "/v1/files/upload-urls") => UploadUrls(server),
            ("PUT", "/upload/1?sig=a") => HostileAction.Redirect(307, "/upload/2?sig=b"),
            ("PUT", "/upload/2?sig=b") => HostileAction.Respond(200),
            _ => HostileAction.Respond(404, """{"message":"no"}"""),
        });
        await using var _ = server;
        using var dir = new TempDir();
        var bytes = Enumerable.Range(0, 300_000).Select(i => (byte)i).ToArray();
        var clock = new FakeTimeProvider(Start);
        var log = new LogSink();
        using var client = Client(server.BaseUrl, clock, log);

        var path = await client.V1.Files.UploadFileAsync(dir.File("in.png", bytes)).WaitAsync(SafetyNet);

        Assert.That(path, Is.EqualTo("api-assets/u/in.png"));
        var puts = server.Requests.Where(r => r.Method == "PUT").ToList();
        Assert.That(puts.Select(p => p.Path), Is.EqualTo(new[] { "/upload/1?sig=a", "/upload/2?sig=b" }));
        Assert.That(puts.Select(p => p.Body.AsSpan().SequenceEqual(bytes)), Has.All.True, "each PUT carries the whole file, byte for byte");
        Assert.That(puts.Select(p => p.Header("Authorization")), Has.All.Null, "storage never gets the key");
        Assert.That(log.Events(LogEvents.Retry), Has.Count.EqualTo(1), "the re-send is logged");
    }

    [Test]
    public async Task Row09_UploadPut401WithClaims_IsAClearMagicHourException_NothingCreated()
    {
        HostileServer server = null!;
        server = HostileServer.Start(r => (r.Method, r.Path) switch
        {
            ("POST", "/v1/files/upload-urls") => UploadUrls(server),
            ("PUT", _) => HostileAction.Respond(401, """{"message":"signature"}""", ("WWW-Authenticate", "Bearer error=\"insufficient_claims\", claims=\"e30=\"")),
            _ => HostileAction.Respond(200, """{"id":"p1","credits_charged":50}"""),
        });
        await using var _ = server;
        using var dir = new TempDir();
        var clock = new FakeTimeProvider(Start);
        using var client = Client(server.BaseUrl, clock);

        var ex = await FailsAsync(client.V1.AiHeadshotGenerator.GenerateAsync(Request(dir.File("in.png", [1, 2, 3]))));

        Assert.That(ex, Is.InstanceOf<MagicHourException>());
        Assert.That(((MagicHourException)ex).StatusCode, Is.EqualTo(401));
        Assert.That(ex.Message, Does.Contain("no project was created"));
        Assert.That(server.Requests.Count(r => r.Method == "PUT"), Is.EqualTo(1));
        Assert.That(server.Requests.Where(r => r.Path.StartsWith("/v1/ai-headshot", StringComparison.Ordinal)), Is.Empty, "nothing charged");
    }

    // Row 10: the download answers 503 forever.

    [Test]
    public async Task Row10_DownloadAlways503_OneRetryBudgetPerTransfer_ExactlyMaxRetriesPlusOneGets()
    {
        HostileServer server = null!;
        server = HostileServer.Start(r => r.Path.StartsWith("/v1/image-projects/p1", StringComparison.Ordinal)
            ? HostileAction.Respond(200, ProjectComplete(server.BaseUrl))
            : HostileAction.Respond(503, "busy"));
        await using var _ = server;
        using var dir = new TempDir();
        var clock = new FakeTimeProvider(Start);
        var log = new LogSink();
        using var client = Client(server.BaseUrl, clock, log, o => { o.NetworkTimeout = TimeSpan.FromHours(1); o.TransferStallTimeout = TimeSpan.FromHours(1); });

        var ex = await FakeClock.DriveAsync(client.V1.AiHeadshotGenerator.ResumeAsync("p1", new GenerateOptions { DownloadDirectory = dir.Path }), clock, TimeSpan.FromSeconds(1));

        Assert.That(ex, Is.InstanceOf<MagicHourException>());
        Assert.That(((MagicHourException)ex!).ProjectId, Is.EqualTo("p1"));
        Assert.That(server.Requests.Count(r => r.Path.StartsWith("/files/out.png", StringComparison.Ordinal)), Is.EqualTo(4), "MaxRetries (3) + 1 GETs, no nested retry");
        Assert.That(log.Events(LogEvents.Retry), Has.Count.EqualTo(3));
        Assert.That(dir.Entries(), Is.Empty, "no temp or partial file");
    }

    [TestCase("loop")]
    [TestCase("no-location")]
    public async Task Download_RedirectLoopOrNoLocation_IsAMagicHourException_WithTheProjectId(string mode)
    {
        HostileServer server = null!;
        server = HostileServer.Start(r => r.Path.StartsWith("/v1/image-projects/p1", StringComparison.Ordinal)
            ? HostileAction.Respond(200, ProjectComplete(server.BaseUrl))
            : HostileAction.Redirect(302, mode == "loop" ? r.Path : null));
        await using var _ = server;
        using var dir = new TempDir();
        using var client = Client(server.BaseUrl, new FakeTimeProvider(Start));

        var ex = await FailsAsync(client.V1.AiHeadshotGenerator.ResumeAsync("p1", new GenerateOptions { DownloadDirectory = dir.Path }));

        Assert.That(ex, Is.InstanceOf<MagicHourException>());
        Assert.That(((MagicHourException)ex).ProjectId, Is.EqualTo("p1"));
        Assert.That(server.Requests.Count(r => r.Path.StartsWith("/files/", StringComparison.Ordinal)), Is.LessThanOrEqualTo(6), "bounded: Kiota's 5 redirects at most");
        Assert.That(dir.Entries(), Is.Empty);
    }

    [TestCase("loop")]
    [TestCase("no-location")]
    public async Task Poll_RedirectLoopOrNoLocation_IsAMagicHourException_WithTheProjectId(string mode)
    {
        await using var server = HostileServer.Start(r => HostileAction.Redirect(302, mode == "loop" ? r.Path : null));
        using var client = Client(server.BaseUrl, new FakeTimeProvider(Start));

        var ex = await FailsAsync(client.V1.AiHeadshotGenerator.ResumeAsync("p1"));

        Assert.That(ex, Is.InstanceOf<MagicHourException>());
        Assert.That(((MagicHourException)ex).ProjectId, Is.EqualTo("p1"));
        Assert.That(server.Requests, Has.Count.LessThanOrEqualTo(6), "bounded: Kiota's 5 redirects at most");
    }

    // Row 14: the connection is refused on every create attempt.

    [Test]
    public async Task Row14_ConnectionRefusedOnEveryCreateAttempt_SaysNothingWasCreated()
    {
        var clock = new FakeTimeProvider(Start);
        var log = new LogSink();
        using var client = Client(new Uri($"http://127.0.0.1:{HostileServer.UnusedPort()}/"), clock, log);

        var ex = await FakeClock.DriveAsync(client.V1.AiHeadshotGenerator.GenerateAsync(Request()), clock, TimeSpan.FromSeconds(1));

        Assert.That(ex, Is.InstanceOf<MagicHourException>());
        Assert.That(ex!.Message, Does.Contain("no project was created"));
        Assert.That(ex.Message, Does.Not.Contain("may still have created"));
        Assert.That(ex.InnerException, Is.InstanceOf<HttpRequestException>());
        Assert.That(log.Events(LogEvents.Retry), Has.Count.EqualTo(3), "a connection that never opened is re-sent MaxRetries times, each logged");
    }

    // Row 15: step methods surface transport failures as MagicHourException.

    [Test]
    public async Task Row15_StepMethod_NoAnswerWithinTheNetworkTimeout_IsAMagicHourException_WithTheTimeoutInside()
    {
        await using var server = HostileServer.Start(_ => HostileAction.Silence());
        var clock = new FakeTimeProvider(Start);
        using var client = Client(server.BaseUrl, clock, configure: o => o.NetworkTimeout = TimeSpan.FromSeconds(2));

        var call = client.V1.ImageProjects.GetAsync("p1");
        await server.WhenStalledAsync().WaitAsync(SafetyNet);
        clock.Advance(TimeSpan.FromSeconds(2));

        var ex = await FailsAsync(call);
        Assert.That(ex, Is.InstanceOf<MagicHourException>());
        Assert.That(ex.InnerException, Is.InstanceOf<TimeoutException>());
    }

    [Test]
    public async Task Row15_StepMethod_ConnectionRefused_IsAMagicHourException_WithTheTransportFailureInside()
    {
        var clock = new FakeTimeProvider(Start);
        using var client = Client(new Uri($"http://127.0.0.1:{HostileServer.UnusedPort()}/"), clock, configure: o => o.MaxRetries = 0);

        var ex = await FailsAsync(client.V1.ImageProjects.GetAsync("p1"));

        Assert.That(ex, Is.InstanceOf<MagicHourException>());
        Assert.That(ex.InnerException, Is.InstanceOf<HttpRequestException>());
        Assert.That(ex.Message, Does.Contain("never reached the server"));
    }

    [Test]
    public async Task Row15_StepMethod_ResetMidAnswer_IsAMagicHourException()
    {
        await using var server = HostileServer.Start(_ => HostileAction.CutShort(200, 500, """{"id":"p1","""));
        var clock = new FakeTimeProvider(Start);
        using var client = Client(server.BaseUrl, clock);

        var ex = await FailsAsync(client.V1.ImageProjects.GetAsync("p1"));

        Assert.That(ex, Is.InstanceOf<MagicHourException>());
        Assert.That(ex.InnerException, Is.InstanceOf<IOException>().Or.InstanceOf<HttpRequestException>());
    }

    // The server itself: bounded, and it behaves as scripted.

    [Test]
    public async Task HostileServer_EchoesHeaders_AndRefusesConnectionsPastItsBound()
    {
        await using var server = HostileServer.Start(_ => HostileAction.EchoHeaders(), maxConnections: 1);
        using var http = new HttpClient();
        var echo = await http.GetStringAsync(new Uri(server.BaseUrl, "x")).WaitAsync(SafetyNet);
        Assert.That(echo, Does.Contain("Host: 127.0.0.1"));
        Assert.CatchAsync<HttpRequestException>(() => http.GetStringAsync(new Uri(server.BaseUrl, "y")).WaitAsync(SafetyNet));
    }
}

/// <summary>
/// The transport, telling the test when a response's headers have reached the client: a deadline advanced after
/// that is certain to hit the reading of the body, not the wait for the headers.
/// </summary>
public sealed class HeadersSeen() : DelegatingHandler(new SocketsHttpHandler { AllowAutoRedirect = false })
{
    private readonly TaskCompletionSource _seen = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Task => _seen.Task;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        _seen.TrySetResult();
        return response;
    }
}

/// <summary>Captures every log entry with its event id.</summary>
public sealed class LogSink : ILoggerFactory
{
    private readonly ConcurrentQueue<(EventId Event, string Message)> _entries = new();

    public IReadOnlyList<string> Events(EventId id) => _entries.Where(e => e.Event.Id == id.Id).Select(e => e.Message).ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(this);
    public void AddProvider(ILoggerProvider provider) { }
    public void Dispose() { }

    private sealed class Logger(LogSink sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => sink._entries.Enqueue((eventId, formatter(state, exception)));
    }
}
