using System.Net;
using System.Text.Json.Nodes;
using SkiaSharp;

namespace MagicHour.Emulator.Tests;

[TestFixture]
public sealed class HeadshotFlowTests
{
    private ManualTimeProvider _clock = null!;
    private MagicHourEmulator _emulator = null!;
    private EmulatorHttp _http = null!;

    [SetUp]
    public async Task SetUp()
    {
        _clock = new ManualTimeProvider();
        _emulator = await MagicHourEmulator.StartAsync(new MagicHourEmulatorOptions
        {
            ApiKey = "test-key",
            TimeProvider = _clock,
            RenderTime = TimeSpan.FromSeconds(8),
            StartingCredits = 120,
        });
        _http = new EmulatorHttp(_emulator);
    }

    [TearDown]
    public async Task TearDown()
    {
        _http.Dispose();
        await _emulator.DisposeAsync();
    }

    [Test]
    public void Starts_on_loopback_with_a_real_port()
    {
        Assert.That(_emulator.BaseUrl.Host, Is.EqualTo("127.0.0.1"));
        Assert.That(_emulator.BaseUrl.Port, Is.GreaterThan(0));
        Assert.That(_emulator.ApiKey, Is.EqualTo("test-key"));
        Assert.That(Directory.Exists(_emulator.StorageDirectory), Is.True);
    }

    [Test]
    public async Task Dispose_deletes_the_temporary_storage()
    {
        var emulator = await MagicHourEmulator.StartAsync();
        var dir = emulator.StorageDirectory;
        await emulator.DisposeAsync();
        Assert.That(Directory.Exists(dir), Is.False);
    }

    [TestCase(null)]
    [TestCase("Bearer wrong-key")]
    [TestCase("Basic dGVzdC1rZXk=")]
    [TestCase("test-key")]
    public async Task Api_routes_require_the_bearer_key(string? header)
    {
        foreach (var (method, path) in new[]
                 {
                     (HttpMethod.Post, "/v1/files/upload-urls"), (HttpMethod.Post, "/v1/ai-headshot-generator"),
                     (HttpMethod.Get, "/v1/image-projects/abc"), (HttpMethod.Delete, "/v1/image-projects/abc"),
                 })
        {
            using var request = new HttpRequestMessage(method, path) { Content = new StringContent("{}") };
            if (header is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", header);
            }
            using var response = await _http.Http.SendAsync(request);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), $"{method} {path}");
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("""{"message":"Unauthorized"}"""));
        }
        Assert.That(_emulator.GetStats().CreatesReceived, Is.Zero);
    }

    [Test]
    public async Task Upload_urls_returns_one_signed_item_per_request_item()
    {
        var (status, body) = await _http.PostAsync("/v1/files/upload-urls",
            """{"items":[{"type":"image","extension":"png"},{"type":"video","extension":"mp4"},{"type":"audio","extension":"wav"}]}""");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        var items = body!["items"]!.AsArray();
        Assert.That(items, Has.Count.EqualTo(3));
        var extensions = new[] { "png", "mp4", "wav" };
        for (var i = 0; i < 3; i++)
        {
            var filePath = (string)items[i]!["file_path"]!;
            var uploadUrl = new Uri((string)items[i]!["upload_url"]!);
            Assert.That(filePath, Does.Match($"^api-assets/[a-z0-9]+/[a-z0-9]+\\.{extensions[i]}$"));
            Assert.That(uploadUrl.AbsolutePath, Is.EqualTo("/_storage/upload/" + filePath));
            Assert.That(uploadUrl.Query, Does.Contain("expires=").And.Contain("sig="));
            var expiresAt = DateTimeOffset.Parse((string)items[i]!["expires_at"]!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.That(expiresAt, Is.EqualTo(_clock.GetUtcNow().AddMinutes(15)).Within(TimeSpan.FromSeconds(1)));
        }
        Assert.That(_emulator.GetStats().UploadUrlsIssued, Is.EqualTo(3));
    }

    [TestCase("""{}""", "items")]
    [TestCase("""{"items":{}}""", "items")]
    [TestCase("""{"items":[]}""", "at least 1")]
    [TestCase("""{"items":[42]}""", "items[0]")]
    [TestCase("""{"items":[{"extension":"png"}]}""", "items[0].type")]
    [TestCase("""{"items":[{"type":"gif","extension":"gif"}]}""", "video, audio, image")]
    [TestCase("""{"items":[{"type":"image"}]}""", "items[0].extension")]
    [TestCase("""{"items":[{"type":"image","extension":".png"}]}""", "^[a-z0-9]+$")]
    [TestCase("""{"items":[{"type":"image","extension":"PNG"}]}""", "^[a-z0-9]+$")]
    [TestCase("""{"items":[{"type":"image","extension":"png"},{"type":"video","extension":"mp3"}]}""", "not allowed for type 'video'")]
    [TestCase("""{"items":[{"type":"audio","extension":"mp4"}]}""", "not allowed for type 'audio'")]
    public async Task Upload_urls_rejects_invalid_items_with_422(string json, string expectedInMessage)
    {
        var (status, body) = await _http.PostAsync("/v1/files/upload-urls", json);
        Assert.That(status, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That((string)body!["message"]!, Does.Contain(expectedInMessage));
        Assert.That(_emulator.GetStats().UploadUrlsIssued, Is.Zero);
    }

    [TestCase("{not json")]
    [TestCase("[1,2]")]
    [TestCase("")]
    public async Task Upload_urls_rejects_a_body_that_is_not_a_json_object_with_400(string json)
    {
        var (status, body) = await _http.PostAsync("/v1/files/upload-urls", json);
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((string)body!["message"]!, Is.Not.Empty);
    }

    [Test]
    public async Task Signed_put_stores_the_file_and_bad_or_expired_signatures_get_403()
    {
        var (_, body) = await _http.PostAsync("/v1/files/upload-urls", """{"items":[{"type":"image","extension":"png"}]}""");
        var uploadUrl = (string)body!["items"]![0]!["upload_url"]!;
        var filePath = (string)body["items"]![0]!["file_path"]!;

        async Task<HttpStatusCode> Put(string url)
        {
            using var response = await _http.Http.PutAsync(url, new ByteArrayContent([1, 2, 3]));
            return response.StatusCode;
        }

        var tampered = uploadUrl[..^3] + (uploadUrl[^3] == 'A' ? "B" : "A") + uploadUrl[^2..];
        Assert.That(await Put(tampered), Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await Put(uploadUrl.Split('?')[0]), Is.EqualTo(HttpStatusCode.Forbidden));
        var otherPath = uploadUrl.Replace(".png?", "x.png?", StringComparison.Ordinal);
        Assert.That(await Put(otherPath), Is.EqualTo(HttpStatusCode.Forbidden), "the signature covers the path");

        Assert.That(await Put(uploadUrl), Is.EqualTo(HttpStatusCode.OK));
        Assert.That(File.ReadAllBytes(Path.Combine(_emulator.StorageDirectory, filePath)), Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(_emulator.GetStats().UploadsCompleted, Is.EqualTo(1));

        _clock.Advance(TimeSpan.FromMinutes(16));
        Assert.That(await Put(uploadUrl), Is.EqualTo(HttpStatusCode.Forbidden), "expired");
        Assert.That(_emulator.GetStats().UploadsCompleted, Is.EqualTo(1));
        Assert.That(_emulator.GetStats().StorageRequestsWithAuthorization, Is.Zero);
    }

    [Test]
    public async Task Headshot_goes_queued_rendering_complete_and_downloads_a_real_1024_png()
    {
        var filePath = await _http.UploadAsync(SampleImages.PortraitPng(256));
        var (status, created) = await _http.PostAsync("/v1/ai-headshot-generator",
            $$$"""{"name":"My headshot","assets":{"image_file_path":"{{{filePath}}}"}}""");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((long)created!["credits_charged"]!, Is.EqualTo(50));
        var id = (string)created["id"]!;
        Assert.That(_emulator.CreditsBalance, Is.EqualTo(70));

        var (_, queued) = await _http.GetAsync($"/v1/image-projects/{id}");
        Assert.That((string)queued!["status"]!, Is.EqualTo("queued"));
        Assert.That(queued["downloads"]!.AsArray(), Is.Empty);
        Assert.That(queued["error"], Is.Null);
        Assert.That((string)queued["name"]!, Is.EqualTo("My headshot"));
        Assert.That((string)queued["type"]!, Is.EqualTo("AI_HEADSHOT"));
        Assert.That((int)queued["image_count"]!, Is.EqualTo(1));
        Assert.That((bool)queued["enabled"]!, Is.True);
        Assert.That((long)queued["credits_charged"]!, Is.EqualTo(50));
        Assert.That(DateTimeOffset.Parse((string)queued["created_at"]!, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(_clock.GetUtcNow()));

        _clock.Advance(TimeSpan.FromSeconds(2));
        var (_, rendering) = await _http.GetAsync($"/v1/image-projects/{id}");
        Assert.That((string)rendering!["status"]!, Is.EqualTo("rendering"));

        _clock.Advance(TimeSpan.FromSeconds(6));
        var (_, complete) = await _http.GetAsync($"/v1/image-projects/{id}");
        Assert.That((string)complete!["status"]!, Is.EqualTo("complete"));
        var downloads = complete["downloads"]!.AsArray();
        Assert.That(downloads, Has.Count.EqualTo(1));
        var url = new Uri((string)downloads[0]!["url"]!);
        Assert.That(url.AbsolutePath, Does.EndWith($"/{id}.png"));
        Assert.That(url.Host, Is.EqualTo("127.0.0.1"));

        var png = await _http.DownloadAsync(url.ToString());
        Assert.That(png[..8], Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }));
        using var bitmap = SKBitmap.Decode(png);
        Assert.That(bitmap.Width, Is.EqualTo(1024));
        Assert.That(bitmap.Height, Is.EqualTo(1024));
        // Derived from the portrait: the centre is the face (skin tone, warmed), not the generated pattern.
        var centre = bitmap.GetPixel(512, 560);
        Assert.That(centre.Red, Is.GreaterThan(centre.Blue + 40));

        var stats = _emulator.GetStats();
        Assert.That(stats.DownloadsServed, Is.EqualTo(1));
        Assert.That(stats.ProjectsCreated, Is.EqualTo(1));
        Assert.That(stats.CreditsCharged, Is.EqualTo(50));
        Assert.That(stats.CreditsRefunded, Is.Zero);
    }

    [Test]
    public async Task Download_supports_head_and_rejects_a_bad_signature()
    {
        var id = await _http.CreateHeadshotAsync(await _http.UploadAsync(SampleImages.PortraitPng(128)));
        _clock.Advance(TimeSpan.FromSeconds(8));
        var (_, project) = await _http.GetAsync($"/v1/image-projects/{id}");
        var url = (string)project!["downloads"]![0]!["url"]!;

        using (var head = await _http.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, url)))
        {
            Assert.That(head.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(head.Content.Headers.ContentType!.MediaType, Is.EqualTo("image/png"));
            Assert.That(head.Content.Headers.ContentLength, Is.GreaterThan(1000));
        }
        using (var bad = await _http.Http.GetAsync(url.Replace("sig=", "sig=x", StringComparison.Ordinal)))
        {
            Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        }
        _clock.Advance(TimeSpan.FromHours(2));
        using (var expired = await _http.Http.GetAsync(url))
        {
            Assert.That(expired.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        }
    }

    [Test]
    public async Task Render_time_zero_completes_on_the_first_get()
    {
        await using var emulator = await MagicHourEmulator.StartAsync(new MagicHourEmulatorOptions { RenderTime = TimeSpan.Zero });
        using var http = new EmulatorHttp(emulator);
        var id = await http.CreateHeadshotAsync(await http.UploadAsync(SampleImages.PortraitPng(64)));
        var (_, project) = await http.GetAsync($"/v1/image-projects/{id}");
        Assert.That((string)project!["status"]!, Is.EqualTo("complete"));
        Assert.That(project["downloads"]!.AsArray(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_faceless_image_ends_in_error_and_the_credits_are_refunded()
    {
        var filePath = await _http.UploadAsync(SampleImages.SingleColourPng(64, 64, 30, 120, 200));
        var id = await _http.CreateHeadshotAsync(filePath);
        Assert.That(_emulator.CreditsBalance, Is.EqualTo(70));

        _clock.Advance(TimeSpan.FromSeconds(8));
        var (_, project) = await _http.GetAsync($"/v1/image-projects/{id}");
        Assert.That((string)project!["status"]!, Is.EqualTo("error"));
        Assert.That((string)project["error"]!["code"]!, Is.EqualTo("no_source_face"));
        Assert.That((string)project["error"]!["message"]!, Is.Not.Empty);
        Assert.That(project["downloads"]!.AsArray(), Is.Empty);
        Assert.That((long)project["credits_charged"]!, Is.Zero);

        Assert.That(_emulator.CreditsBalance, Is.EqualTo(120));
        var stats = _emulator.GetStats();
        Assert.That(stats.CreditsRefunded, Is.EqualTo(50));
        Assert.That(stats.CreditsCharged, Is.EqualTo(50));
        Assert.That(_emulator.GetProject(id)!.ErrorCode, Is.EqualTo("no_source_face"));
    }

    [Test]
    public async Task Refunds_show_in_the_balance_without_anyone_polling_the_project()
    {
        await _http.CreateHeadshotAsync(await _http.UploadAsync(SampleImages.SingleColourPng()));
        _clock.Advance(TimeSpan.FromSeconds(8));
        Assert.That(_emulator.GetStats().CreditsBalance, Is.EqualTo(120));
    }

    [Test]
    public async Task Url_inputs_are_accepted_without_fetching_and_give_a_pattern_image()
    {
        var id = await _http.CreateHeadshotAsync("https://example.invalid/me.png");
        _clock.Advance(TimeSpan.FromSeconds(8));
        var (_, project) = await _http.GetAsync($"/v1/image-projects/{id}");
        Assert.That((string)project!["status"]!, Is.EqualTo("complete"));
        var png = await _http.DownloadAsync((string)project["downloads"]![0]!["url"]!);
        using var bitmap = SKBitmap.Decode(png);
        Assert.That(bitmap.Width, Is.EqualTo(1024));
    }

    [Test]
    public async Task Not_enough_credits_gives_402_and_creates_nothing()
    {
        var filePath = await _http.UploadAsync(SampleImages.PortraitPng(64));
        await _http.CreateHeadshotAsync(filePath);
        await _http.CreateHeadshotAsync(filePath);
        var (status, body) = await _http.PostAsync("/v1/ai-headshot-generator", $$$"""{"assets":{"image_file_path":"{{{filePath}}}"}}""");
        Assert.That(status, Is.EqualTo(HttpStatusCode.PaymentRequired));
        Assert.That((string)body!["message"]!, Does.StartWith("Not enough credits"));
        var stats = _emulator.GetStats();
        Assert.That(stats.ProjectsCreated, Is.EqualTo(2));
        Assert.That(stats.CreditsBalance, Is.EqualTo(20));
        Assert.That(stats.CreatesReceived, Is.EqualTo(3));
    }

    [TestCase("", 400)]
    [TestCase("[]", 400)]
    [TestCase("{", 400)]
    [TestCase("{}", 422)]
    [TestCase("""{"assets":{}}""", 422)]
    [TestCase("""{"assets":{"image_file_path":""}}""", 422)]
    [TestCase("""{"assets":{"image_file_path":"photo.png"}}""", 422)]
    [TestCase("""{"assets":{"image_file_path":"api-assets/nope/x.png"}}""", 422)]
    [TestCase("""{"assets":{"image_file_path":42}}""", 422)]
    [TestCase("""{"assets":"x"}""", 422)]
    public async Task Invalid_headshot_requests_are_rejected_without_charging(string json, int expected)
    {
        var (status, body) = await _http.PostAsync("/v1/ai-headshot-generator", json);
        Assert.That((int)status, Is.EqualTo(expected));
        Assert.That((string)body!["message"]!, Is.Not.Empty);
        if (expected == 422)
        {
            Assert.That((string)body["message"]!, Does.Contain("assets"));
        }
        Assert.That(_emulator.CreditsBalance, Is.EqualTo(120));
        Assert.That(_emulator.GetStats().ProjectsCreated, Is.Zero);
    }

    [Test]
    public async Task A_file_path_whose_upload_never_happened_is_rejected()
    {
        var (_, body) = await _http.PostAsync("/v1/files/upload-urls", """{"items":[{"type":"image","extension":"png"}]}""");
        var filePath = (string)body!["items"]![0]!["file_path"]!;
        var (status, error) = await _http.PostAsync("/v1/ai-headshot-generator", $$$"""{"assets":{"image_file_path":"{{{filePath}}}"}}""");
        Assert.That(status, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That((string)error!["message"]!, Does.Contain("assets.image_file_path").And.Contain(filePath));
    }

    [Test]
    public async Task Delete_returns_204_then_the_project_and_its_downloads_are_gone()
    {
        var id = await _http.CreateHeadshotAsync(await _http.UploadAsync(SampleImages.PortraitPng(64)));
        _clock.Advance(TimeSpan.FromSeconds(8));
        var (_, project) = await _http.GetAsync($"/v1/image-projects/{id}");
        var url = (string)project!["downloads"]![0]!["url"]!;

        var (deleted, _) = await _http.SendAsync(_http.Api(HttpMethod.Delete, $"/v1/image-projects/{id}"));
        Assert.That(deleted, Is.EqualTo(HttpStatusCode.NoContent));
        var (status, body) = await _http.GetAsync($"/v1/image-projects/{id}");
        Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(body!.ToJsonString(), Is.EqualTo("""{"message":"Not Found"}"""));
        var (again, _) = await _http.SendAsync(_http.Api(HttpMethod.Delete, $"/v1/image-projects/{id}"));
        Assert.That(again, Is.EqualTo(HttpStatusCode.NotFound));
        using var download = await _http.Http.GetAsync(url);
        Assert.That(download.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(_emulator.CreditsBalance, Is.EqualTo(70), "deleting does not refund");
    }

    [Test]
    public async Task Unknown_ids_and_routes_get_404_not_found()
    {
        var (status, body) = await _http.GetAsync("/v1/image-projects/does-not-exist");
        Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(body!.ToJsonString(), Is.EqualTo("""{"message":"Not Found"}"""));
        var (route, _) = await _http.GetAsync("/v1/no-such-thing");
        Assert.That(route, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task An_image_project_is_not_found_on_the_video_or_audio_routes()
    {
        var id = await _http.CreateHeadshotAsync(await _http.UploadAsync(SampleImages.PortraitPng(64)));
        Assert.That((await _http.GetAsync($"/v1/video-projects/{id}")).Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await _http.GetAsync($"/v1/audio-projects/{id}")).Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await _http.SendAsync(_http.Api(HttpMethod.Delete, $"/v1/video-projects/{id}"))).Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await _http.GetAsync($"/v1/image-projects/{id}")).Status, Is.EqualTo(HttpStatusCode.OK));
    }
}
