using System.Collections.Concurrent;
using System.Net;
using System.Text;
using MagicHour.Emulator;
using MagicHour.Generated;
using Microsoft.Extensions.Logging;

namespace MagicHour.IntegrationTests;

/// <summary>
/// The key stays with the API host (storage on another host, retries, redirects across hosts), never shows in
/// logs, exceptions, ToString or the CLI's output; server-chosen download names cannot leave the download
/// directory; oversized JSON bodies are refused without being buffered.
/// </summary>
public class SecurityTests
{
    // ------------------------------------------------------------------ the key never reaches storage

    [Test]
    public async Task StorageOnAnotherHost_RetriedTransfers_NeverCarryTheKey()
    {
        // Retries rebuild requests (fresh PUT streams, repeated GETs): none of them may pick the key up.
        await using var h = await Harness.StartAsync(emulator: o =>
        {
            o.StorageHost = "localhost";
            o.Faults.Add(new EmulatorFault { Route = "PUT /_storage/upload", Kind = EmulatorFaultKind.Status, StatusCode = 503 });
            o.Faults.Add(new EmulatorFault { Route = "GET /_storage/download", Kind = EmulatorFaultKind.TruncatedDownload });
            o.Faults.Add(new EmulatorFault { Route = "POST /v1/files/upload-urls", Kind = EmulatorFaultKind.ExpiredUploadUrl });
        });
        var result = await h.GenerateAsync();

        Assert.That(Env.PngSize(result.DownloadedPaths.Single()), Is.EqualTo((1024, 1024)));
        var stats = h.Stats;
        Assert.That(h.Requests("PUT /_storage/upload"), Is.EqualTo(3), "503, then 403 (expired), then 200");
        Assert.That(h.Requests("GET /_storage/download"), Is.EqualTo(2));
        Assert.That(stats.StorageRequestsWithAuthorization, Is.Zero);
    }

    [TestCase("127.0.0.1", "localhost", TestName = "DownloadRedirect_FromTheApiHost_ToStorageOnAnotherHost_NeverCarriesTheKey")]
    [TestCase("localhost", "127.0.0.1", TestName = "DownloadRedirect_FromAnotherHost_ToStorageOnTheApiHost_NeverCarriesTheKey")]
    public async Task DownloadRedirect_NeverCarriesTheKey(string redirectHost, string storageHost)
    {
        await using var h = await Harness.StartAsync(emulator: o =>
        {
            o.DownloadRedirectHost = redirectHost;
            o.StorageHost = storageHost;
        });
        var result = await h.GenerateAsync();

        Assert.That(Env.PngSize(result.DownloadedPaths.Single()), Is.EqualTo((1024, 1024)));
        Assert.That(h.Requests("GET /_storage/redirect", "302"), Is.EqualTo(1), "the download went through the redirect");
        Assert.That(h.Requests("GET /_storage/download", "200"), Is.EqualTo(1));
        Assert.That(h.Stats.StorageRequestsWithAuthorization, Is.Zero, "neither the redirecting URL nor its target saw the key");
        Assert.That(Path.GetFileName(result.DownloadedPaths.Single()), Is.EqualTo(result.ProjectId + ".png"));
    }

    [Test]
    public async Task ApiOnOneEmulator_StorageOnAnother_TheSecondNeverSeesTheKey()
    {
        // Two servers: the API on one emulator, and a download URL pointing at a second emulator's storage.
        await using var api = await Harness.StartAsync(emulator: o => o.RenderTime = TimeSpan.Zero);
        await using var storage = await Harness.StartAsync(emulator: o => o.RenderTime = TimeSpan.Zero);
        var stored = await storage.Client.V1.AiHeadshotGenerator.GenerateAsync(storage.Request(), storage.Options());
        var storageUrl = stored.Project!.Downloads.Single().Url;
        var before = storage.Stats;

        using var transport = new StubTransport(request =>
            request.RequestUri!.AbsolutePath == "/v1/image-projects/p1"
                ? StubTransport.Json($$"""{"id":"p1","name":"x","status":"complete","image_count":1,"type":"AI_HEADSHOT","created_at":"2026-01-01T00:00:00Z","enabled":true,"credits_charged":50,"downloads":[{"url":"{{storageUrl}}","expires_at":"2026-01-02T00:00:00Z"}],"error":null}""")
                : null);
        using var client = new MagicHourClient(new MagicHourClientOptions { ApiKey = Harness.Key, BaseUrl = new Uri("https://api.test"), Transport = transport.WithFallback(new SocketsHttpHandler { AllowAutoRedirect = false }) });
        using var dir = new TempDir();
        var result = await client.V1.AiHeadshotGenerator.ResumeAsync("p1", new GenerateOptions { DownloadDirectory = dir.Path });

        Assert.That(Env.PngSize(result.DownloadedPaths.Single()), Is.EqualTo((1024, 1024)));
        Assert.That(storage.Stats.DownloadsServed, Is.EqualTo(before.DownloadsServed + 1));
        Assert.That(storage.Stats.StorageRequestsWithAuthorization, Is.Zero);
        Assert.That(transport.Seen.Single(r => r.Uri.Host == "api.test").Authorization, Is.EqualTo("Bearer " + Harness.Key), "the API host does get it");
    }

    // ------------------------------------------------------------------ the key is redacted everywhere

    [Test]
    public async Task Key_IsNeverLogged_NorInAnyException_AcrossFailures()
    {
        var seen = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        async Task Capture(Harness h, Func<Task> action)
        {
            try { await action(); }
            catch (Exception ex) { seen.Enqueue(ex); }
        }

        var faults = new[]
        {
            new EmulatorFault { Route = Harness.CreateRoute, Kind = EmulatorFaultKind.DropConnection },
            new EmulatorFault { Route = Harness.CreateRoute, Kind = EmulatorFaultKind.Status, StatusCode = 503 },
            new EmulatorFault { Route = Harness.CreateRoute, Kind = EmulatorFaultKind.EndInError },
            new EmulatorFault { Route = "GET /_storage/download", Kind = EmulatorFaultKind.DropConnection, Count = 100 },
            new EmulatorFault { Route = "GET /v1/image-projects", Kind = EmulatorFaultKind.Status, StatusCode = 429, Count = 2, RetryAfter = TimeSpan.Zero },
        };
        // Seven independent runs, each on its own emulator and clock, side by side.
        async Task<CapturingLoggerFactory> Run(Func<Task<Harness>> start, Func<Harness, Task> action)
        {
            await using var h = await start();
            await Capture(h, () => action(h));
            return h.Logs;
        }
        var runs = faults.Select(fault => Run(() => Harness.StartAsync(fault), h => h.GenerateAsync())).ToList();
        runs.Add(Run(() => Harness.StartAsync(client: o => o.ApiKey = "mh_WRONG_key_" + Harness.Key), h => h.GenerateAsync()));
        runs.Add(Run(() => Harness.StartAsync(new EmulatorFault { Route = Harness.CreateRoute, Kind = EmulatorFaultKind.StuckRendering }),
            h => h.GenerateAsync(timeout: TimeSpan.FromSeconds(10))));
        var logs = (await Task.WhenAll(runs)).ToList();

        Assert.That(seen, Has.Count.EqualTo(6), "every run but the 429 one failed: " + string.Join("\n", seen.Select(e => e.Message)));
        foreach (var ex in seen)
        {
            var everything = ex.ToString() + (ex as MagicHourException)?.RawBody + string.Join(";", (ex as MagicHourException)?.Headers.SelectMany(kv => kv.Value) ?? []);
            Assert.That(everything, Does.Not.Contain(Harness.Key), ex.GetType().Name);
        }
        Assert.That(logs.Sum(l => l.Entries.Count), Is.GreaterThan(20), "logs were captured");
        foreach (var log in logs)
        {
            Assert.That(log.AllText, Does.Not.Contain(Harness.Key));
            Assert.That(log.Entries.Where(e => e.Exception is not null).Select(e => e.Exception!.ToString()), Has.None.Contains(Harness.Key));
        }
    }

    [Test]
    public async Task Key_IsNotInToString_OfOptionsClientsOrResults()
    {
        await using var h = await Harness.StartAsync();
        var options = new MagicHourClientOptions { ApiKey = Harness.Key, BaseUrl = h.Emu.BaseUrl };
        var result = await h.GenerateAsync();
        var texts = new[] { options.ToString(), h.Client.ToString(), h.Client.V1.ToString()!, h.Client.V1.ImageProjects.ToString()!, result.ToString()!, result.Project!.ToString()! };
        Assert.That(texts, Has.None.Contains(Harness.Key));
        Assert.That(options.ToString(), Does.Contain("***"));
    }

    // ------------------------------------------------------------------ download names cannot escape

    [Test]
    public async Task HostileDownloadNames_AllLandInsideTheDownloadDirectory()
    {
        string[] paths =
        [
            "/dl/..%2F..%2Fescape1.png",
            "/dl/%2e%2e%2f%2e%2e%2fescape2.png",
            "/dl/..%5C..%5Cescape3.png",
            "/dl/a%5C..%5C..%5C..%5Cescape4.png",
            "/dl/%2Ftmp%2Fescape5.png",
            "/dl/C%3A%5CWindows%5Cescape6.png",
            "/",
            "/dl/..",
            "/dl/...",
            "/dl/%20%20",
            "/dl/.hidden.png",
            "/dl/CON",
            "/dl/nul.txt",
            "/dl/LPT1.png",
            "/dl/a%00b%0Ac.png",
            "/dl/" + new string('n', 400) + ".png",
            "/dl/same.png",
            "/other/same.png",
            "/dl/name%3Fwith%3Aodd%2Achars%7C.png",
        ];
        var bodies = new ConcurrentDictionary<string, byte[]>();
        var downloads = string.Join(",", paths.Select((p, i) => $$"""{"url":"https://storage.test{{p}}?sig={{i}}","expires_at":"2026-01-02T00:00:00Z"}"""));
        using var transport = new StubTransport(request =>
        {
            var uri = request.RequestUri!;
            if (uri.Host == "api.test")
            {
                return StubTransport.Json($$"""{"id":"p1","name":"x","status":"complete","image_count":{{paths.Length}},"type":"AI_HEADSHOT","created_at":"2026-01-01T00:00:00Z","enabled":true,"credits_charged":50,"downloads":[{{downloads}}],"error":null}""");
            }
            var body = Encoding.UTF8.GetBytes("file for " + uri.Query);
            bodies[uri.Query] = body;
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) };
        });
        using var root = new TempDir();
        var outDir = Path.Combine(root.Path, "a", "b", "out");
        using var client = new MagicHourClient(new MagicHourClientOptions { ApiKey = Harness.Key, BaseUrl = new Uri("https://api.test"), Transport = transport });

        var result = await client.V1.AiHeadshotGenerator.ResumeAsync("p1", new GenerateOptions { DownloadDirectory = outDir });

        Assert.That(result.DownloadedPaths, Has.Count.EqualTo(paths.Length));
        Assert.That(result.DownloadedPaths.Distinct(), Has.Exactly(paths.Length).Items, "every output kept, none overwritten");
        string[] reserved = ["CON", "PRN", "AUX", "NUL", "COM1", "LPT1"];
        foreach (var (path, i) in result.DownloadedPaths.Select((p, i) => (p, i)))
        {
            Assert.That(Path.GetDirectoryName(path), Is.EqualTo(outDir), path);
            var name = Path.GetFileName(path);
            Assert.That(name, Is.Not.Empty.And.Not.StartWith(".").And.Not.Contain("/").And.Not.Contain("\\").And.Not.Contain(":"));
            Assert.That(name.Length, Is.LessThanOrEqualTo(150));
            Assert.That(name.Any(char.IsControl), Is.False, name);
            Assert.That(reserved, Does.Not.Contain(Path.GetFileNameWithoutExtension(name).ToUpperInvariant()), name);
            Assert.That(File.ReadAllBytes(path), Is.EqualTo(bodies[$"?sig={i}"]), "each file has its own bytes");
        }
        Assert.That(Path.GetFileName(result.DownloadedPaths[0]), Is.EqualTo("escape1.png"));
        Assert.That(Path.GetFileName(result.DownloadedPaths[1]), Is.EqualTo("escape2.png"));
        Assert.That(Path.GetFileName(result.DownloadedPaths[3]), Is.EqualTo("escape4.png"));
        Assert.That(Path.GetFileName(result.DownloadedPaths[11]), Is.EqualTo("_CON"));
        Assert.That(Path.GetFileName(result.DownloadedPaths[15]), Does.EndWith(".png"));
        // Nothing was written anywhere above the download directory.
        Assert.That(Directory.GetFileSystemEntries(root.Path), Is.EqualTo(new[] { Path.Combine(root.Path, "a") }));
        Assert.That(Directory.GetFileSystemEntries(Path.Combine(root.Path, "a")), Is.EqualTo(new[] { Path.Combine(root.Path, "a", "b") }));
        Assert.That(Directory.GetFileSystemEntries(Path.Combine(root.Path, "a", "b")), Is.EqualTo(new[] { outDir }));
        Assert.That(Directory.GetDirectories(outDir), Is.Empty);
        Assert.That(File.Exists("/tmp/escape5.png"), Is.False);
    }

    // ------------------------------------------------------------------ oversized JSON is refused, not buffered

    private const long Limit = 64 * 1024;

    private static (MagicHourClient Client, StubTransport Transport) ClientServing(Func<HttpResponseMessage> project)
    {
        var transport = new StubTransport(_ => project());
        var client = new MagicHourClient(new MagicHourClientOptions { ApiKey = Harness.Key, BaseUrl = new Uri("https://api.test"), Transport = transport, MaxResponseBodyBytes = Limit, MaxRetries = 1 });
        return (client, transport);
    }

    [Test]
    public void EndlessJsonBody_IsRefused_AfterReadingAboutTheLimit()
    {
        var body = new EndlessJsonStream();
        var (client, transport) = ClientServing(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(body) });
        using var _ = client; using var __ = transport;

        var ex = Assert.ThrowsAsync<MagicHourException>(() => client.V1.ImageProjects.GetAsync("p1"));
        Assert.That(ex!.Message, Does.Contain("larger than the limit of " + Limit));
        Assert.That(body.BytesRead, Is.LessThanOrEqualTo(Limit + 256 * 1024), "stopped near the limit, not after the whole body");
    }

    [Test]
    public void DeclaredOversizedJsonBody_IsRefused_WithoutReadingIt()
    {
        var body = new EndlessJsonStream();
        var (client, transport) = ClientServing(() =>
        {
            var content = new StreamContent(body);
            content.Headers.ContentLength = 1L << 30;
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        });
        using var _ = client; using var __ = transport;

        var ex = Assert.ThrowsAsync<MagicHourException>(() => client.V1.ImageProjects.GetAsync("p1"));
        Assert.That(ex!.Message, Does.Contain("larger than the limit"));
        Assert.That(body.BytesRead, Is.Zero);
    }

    [TestCase(500)]
    [TestCase(502)]
    [TestCase(503)]
    [TestCase(422)]
    public void HugeErrorBody_IsNotBuffered(int status)
    {
        var bodies = new ConcurrentBag<EndlessJsonStream>();
        var (client, transport) = ClientServing(() =>
        {
            var body = new EndlessJsonStream(maxBytes: 64L * 1024 * 1024);
            bodies.Add(body);
            var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new StreamContent(body) };
            response.Headers.TryAddWithoutValidation("Retry-After", "0");
            return response;
        });
        using var _ = client; using var __ = transport;

        var ex = Assert.CatchAsync(() => client.V1.ImageProjects.GetAsync("p1"));
        Assert.That(ex, Is.InstanceOf<MagicHourException>(), ex!.ToString());
        Assert.That(((MagicHourException)ex).StatusCode, Is.EqualTo(status));
        Assert.That(bodies.Max(b => b.BytesRead), Is.LessThanOrEqualTo(Limit + 256 * 1024), "an error page the size of a film is not read into memory: " + bodies.Select(b => b.Trace).FirstOrDefault(t => t is not null));
        Assert.That(((MagicHourException)ex).RawBody?.Length ?? 0, Is.LessThanOrEqualTo(Limit));
    }
}

/// <summary>A transport that answers from a function (null: pass to the fallback) and records what reached it.</summary>
public sealed class StubTransport(Func<HttpRequestMessage, HttpResponseMessage?> respond) : DelegatingHandler
{
    public sealed record Seen_(HttpMethod Method, Uri Uri, string? Authorization);

    public ConcurrentQueue<Seen_> Seen { get; } = new();

    public StubTransport WithFallback(HttpMessageHandler fallback)
    {
        InnerHandler = fallback;
        return this;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Seen.Enqueue(new Seen_(request.Method, request.RequestUri!, request.Headers.Authorization?.ToString()));
        var response = respond(request);
        if (response is null)
        {
            return base.SendAsync(request, cancellationToken);
        }
        response.RequestMessage = request;
        return Task.FromResult(response);
    }

    public static HttpResponseMessage Json(string json)
        => new(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
}

/// <summary>A JSON-looking body that never ends (or ends after <c>maxBytes</c>), counting what was read from it.</summary>
public sealed class EndlessJsonStream(long maxBytes = long.MaxValue) : Stream
{
    private long _read;
    public long BytesRead => Interlocked.Read(ref _read);
    public string? Trace { get; private set; }
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, maxBytes - _read);
        if (n <= 0) return 0;
        var start = _read;
        for (var i = 0; i < n; i++)
        {
            var position = start + i;
            buffer[i] = position == 0 ? (byte)'{' : position < 5 ? (byte)"\"x\":"[(int)position - 1] : position == 5 ? (byte)'"' : (byte)'a';
        }
        if (Interlocked.Add(ref _read, n) > 1024 * 1024 && Trace is null) Trace = Environment.StackTrace;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => Task.FromResult(Read(buffer.AsSpan(offset, count)));
}
