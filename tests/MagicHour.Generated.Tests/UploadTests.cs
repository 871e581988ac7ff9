using System.Net;
using RichardSzalay.MockHttp;

namespace MagicHour.Generated.Tests;

public class UploadTests
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4, 5];

    private static void ScriptUpload(FakeApi api, string filePath = "api-assets/u1/in.png")
    {
        api.On(HttpMethod.Post, "https://api.test/v1/files/upload-urls",
            (HttpStatusCode.OK, $$"""{"items":[{"upload_url":"https://storage.test/upload/u1?sig=abc","expires_at":"2026-11-26T10:00:00Z","file_path":"{{filePath}}"}]}"""));
        api.On(HttpMethod.Put, "https://storage.test/upload/u1", (HttpStatusCode.OK, "{}"));
    }

    [Test]
    public async Task StalledUpload_IsAbandonedAndRetried_WithTheWholeFileAgain()
    {
        // The first PUT's bytes are all read, then no answer ever comes: the stall limit gives up on it.
        using var api = new FakeApi();
        using var dir = new TempDir();
        api.On(HttpMethod.Post, "https://api.test/v1/files/upload-urls",
            (HttpStatusCode.OK, """{"items":[{"upload_url":"https://storage.test/upload/u1?sig=abc","expires_at":"2026-11-26T10:00:00Z","file_path":"api-assets/u1/in.png"}]}"""));
        var bodies = new List<byte[]>();
        api.Mock.When(HttpMethod.Put, "https://storage.test/upload/u1").Respond(new DelegatingStub(async (request, cancellationToken) =>
        {
            var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
            lock (bodies) bodies.Add(body);
            if (bodies.Count == 1) await Task.Delay(Timeout.Infinite, cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK);
        }));
        var path = dir.File("in.png", Png);
        // The stall limit and the retry wait run on a fake clock, moved on while the upload waits.
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var client = api.CreateClient(o => { o.TransferStallTimeout = TimeSpan.FromSeconds(60); o.TimeProvider = clock; });

        var upload = client.V1.Files.UploadFileAsync(path);
        Assert.That(await FakeClock.DriveAsync(upload, clock, TimeSpan.FromSeconds(5)), Is.Null, "a hang fails instead");
        var filePath = await upload;

        Assert.That(filePath, Is.EqualTo("api-assets/u1/in.png"));
        Assert.That(bodies, Has.Count.EqualTo(2));
        Assert.That(bodies[1], Is.EqualTo(Png), "the retry sends the whole file again");
    }

    /// <summary>An HTTP handler from a delegate that receives the request's cancellation token.</summary>
    private sealed class DelegatingStub(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => send(request, cancellationToken);
    }

    [Test]
    public async Task LocalPath_RequestsSlotThenStreamsBytesWithoutAuthorization()
    {
        using var api = new FakeApi();
        using var dir = new TempDir();
        ScriptUpload(api);
        var path = dir.File("Portrait Photo é.PNG", Png);

        var filePath = await api.CreateClient().V1.Files.UploadFileAsync(path);

        Assert.That(filePath, Is.EqualTo("api-assets/u1/in.png"));
        var slot = api.To(HttpMethod.Post, "/v1/files/upload-urls").Single();
        Assert.That(slot.BodyText, Is.EqualTo("""{"items":[{"type":"image","extension":"png"}]}"""), "upper-case extension is sent lower-case");
        Assert.That(slot.Authorization, Is.EqualTo("Bearer " + FakeApi.ApiKey));
        var put = api.To(HttpMethod.Put, "storage.test").Single();
        Assert.That(put.Authorization, Is.Null, "the key must never reach storage");
        Assert.That(put.ContentLength, Is.EqualTo(Png.Length));
        Assert.That(put.Body, Is.EqualTo(Png));
    }

    [Test]
    public async Task FileInfo_And_Stream_AreUploadedToo()
    {
        using var api = new FakeApi();
        using var dir = new TempDir();
        ScriptUpload(api);
        var client = api.CreateClient();

        await client.V1.Files.UploadFileAsync(new FileInfo(dir.File("a.mp4", Png)));
        using var stream = new MemoryStream(Png);
        stream.Position = 3;
        await client.V1.Files.UploadFileAsync(stream, "voice.wav");

        var slots = api.To(HttpMethod.Post, "/v1/files/upload-urls").Select(r => r.BodyText).ToList();
        Assert.That(slots, Is.EqualTo(new[] { """{"items":[{"type":"video","extension":"mp4"}]}""", """{"items":[{"type":"audio","extension":"wav"}]}""" }));
        var puts = api.To(HttpMethod.Put, "storage.test").ToList();
        Assert.That(puts[0].Body, Is.EqualTo(Png));
        Assert.That(puts[1].Body, Is.EqualTo(Png[3..]), "a stream uploads from its current position");
        Assert.That(puts[1].ContentLength, Is.EqualTo(Png.Length - 3));
        Assert.That(stream.CanRead, Is.True, "the caller's stream is not disposed");
    }

    [TestCase("https://cdn.example.com/me.png?size=large#frag")]
    [TestCase("http://example.com/a.jpg")]
    [TestCase("api-assets/id/1234.png")]
    public async Task RemoteReferences_PassThroughWithNoRequest(string value)
    {
        using var api = new FakeApi();
        var result = await api.CreateClient().V1.Files.UploadFileAsync(value);
        Assert.That(result, Is.EqualTo(value));
        Assert.That(api.Requests, Is.Empty);
    }

    [Test]
    public void BadInputs_FailClearlyBeforeAnyRequest()
    {
        using var api = new FakeApi();
        using var dir = new TempDir();
        var files = api.CreateClient().V1.Files;

        var missing = Path.Combine(dir.Path, "nope.png");
        Assert.That(Assert.ThrowsAsync<FileNotFoundException>(() => files.UploadFileAsync(missing))!.Message, Does.Contain(missing));
        Assert.That(Assert.ThrowsAsync<ArgumentException>(() => files.UploadFileAsync(dir.Path))!.Message, Does.Contain("is a directory"));
        Assert.That(Assert.ThrowsAsync<ArgumentException>(() => files.UploadFileAsync(dir.File("doc.pdf", Png)))!.Message, Does.Contain("'.pdf'"));
        Assert.That(Assert.ThrowsAsync<ArgumentException>(() => files.UploadFileAsync(dir.File("noext", Png)))!.Message, Does.Contain("no extension"));
        Assert.That(Assert.ThrowsAsync<ArgumentException>(() => files.UploadFileAsync(dir.File("empty.png", [])))!.Message, Does.Contain("0 bytes"));
        Assert.That(Assert.ThrowsAsync<ArgumentException>(() => files.UploadFileAsync(new MemoryStream(Png), ""))!.Message, Does.Contain("file name"));
        Assert.That(Assert.ThrowsAsync<ArgumentException>(() => files.UploadFileAsync(new NonSeekableStream(Png), "a.png"))!.Message, Does.Contain("seekable"));
        Assert.That(api.Requests, Is.Empty);
    }

    [Test]
    public async Task ExpiredUploadUrl_GetsANewUrlAndOneMorePut()
    {
        using var api = new FakeApi();
        using var dir = new TempDir();
        api.On(HttpMethod.Post, "https://api.test/v1/files/upload-urls",
            (HttpStatusCode.OK, """{"items":[{"upload_url":"https://storage.test/upload/old?sig=x","expires_at":"2020-01-01T00:00:00Z","file_path":"api-assets/old.png"}]}"""),
            (HttpStatusCode.OK, """{"items":[{"upload_url":"https://storage.test/upload/new?sig=y","expires_at":"2026-11-26T10:00:00Z","file_path":"api-assets/new.png"}]}"""));
        api.On(HttpMethod.Put, "https://storage.test/upload/old", (HttpStatusCode.Forbidden, "{}"));
        api.On(HttpMethod.Put, "https://storage.test/upload/new", (HttpStatusCode.OK, "{}"));

        var result = await api.CreateClient().V1.Files.UploadFileAsync(dir.File("a.png", Png));

        Assert.That(result, Is.EqualTo("api-assets/new.png"));
        Assert.That(api.To(HttpMethod.Post, "upload-urls").Count(), Is.EqualTo(2));
        Assert.That(api.To(HttpMethod.Put, "storage.test").Select(p => p.Uri.AbsolutePath), Is.EqualTo(new[] { "/upload/old", "/upload/new" }));
        Assert.That(api.To(HttpMethod.Put, "/upload/new").Single().Body, Is.EqualTo(Png), "the retry re-reads the file from the start");
    }

    [Test]
    public async Task StorageServerError_IsRetriedWithAFreshStream()
    {
        using var api = new FakeApi();
        using var dir = new TempDir();
        api.On(HttpMethod.Post, "https://api.test/v1/files/upload-urls",
            (HttpStatusCode.OK, """{"items":[{"upload_url":"https://storage.test/upload/u1?sig=abc","expires_at":"2026-11-26T10:00:00Z","file_path":"api-assets/u1.png"}]}"""));
        api.On(HttpMethod.Put, "https://storage.test/upload/u1", (HttpStatusCode.ServiceUnavailable, "{}"), (HttpStatusCode.OK, "{}"));

        await api.CreateClient().V1.Files.UploadFileAsync(dir.File("a.png", Png));

        var puts = api.To(HttpMethod.Put, "storage.test").ToList();
        Assert.That(puts, Has.Count.EqualTo(2));
        Assert.That(puts.All(p => p.Body.SequenceEqual(Png)), Is.True);
    }

    [Test]
    public void SyncTwin_Uploads()
    {
        using var api = new FakeApi();
        using var dir = new TempDir();
        ScriptUpload(api);
        Assert.That(api.CreateClient().V1.Files.UploadFile(dir.File("a.webp", Png)), Is.EqualTo("api-assets/u1/in.png"));
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
