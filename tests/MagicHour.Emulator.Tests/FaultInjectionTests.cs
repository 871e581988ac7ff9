using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;

namespace MagicHour.Emulator.Tests;

[TestFixture]
public sealed class FaultInjectionTests
{
    private const string Headshot = "POST /v1/ai-headshot-generator";

    private ManualTimeProvider _clock = null!;
    private MagicHourEmulator _emulator = null!;
    private EmulatorHttp _http = null!;
    private string _portrait = null!;

    [SetUp]
    public async Task SetUp()
    {
        _clock = new ManualTimeProvider();
        _emulator = await MagicHourEmulator.StartAsync(new MagicHourEmulatorOptions
        {
            TimeProvider = _clock,
            RenderTime = TimeSpan.FromSeconds(4),
            StartingCredits = 1000,
        });
        _http = new EmulatorHttp(_emulator);
        _portrait = await _http.UploadAsync(SampleImages.PortraitPng(64));
    }

    [TearDown]
    public async Task TearDown()
    {
        _http.Dispose();
        await _emulator.DisposeAsync();
    }

    private string HeadshotBody => $$$"""{"assets":{"image_file_path":"{{{_portrait}}}"}}""";

    private async Task<JsonNode> ProjectAfterRenderAsync(string id)
    {
        _clock.Advance(TimeSpan.FromHours(1));
        var (status, body) = await _http.GetAsync($"/v1/image-projects/{id}");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        return body!;
    }

    [TestCase(500)]
    [TestCase(502)]
    [TestCase(503)]
    [TestCase(504)]
    public async Task Status_fault_answers_without_creating_or_charging(int code)
    {
        _emulator.InjectFault(new EmulatorFault { Route = Headshot, Kind = EmulatorFaultKind.Status, StatusCode = code });
        var (status, body) = await _http.PostAsync("/v1/ai-headshot-generator", HeadshotBody);
        Assert.That((int)status, Is.EqualTo(code));
        Assert.That((string)body!["message"]!, Does.Contain(code.ToString()));
        var stats = _emulator.GetStats();
        Assert.That(stats.ProjectsCreated, Is.Zero);
        Assert.That(stats.CreatesReceived, Is.Zero);
        Assert.That(stats.CreditsBalance, Is.EqualTo(1000));
        Assert.That(stats.FaultsInjected, Is.EqualTo(1));

        var (next, _) = await _http.PostAsync("/v1/ai-headshot-generator", HeadshotBody);
        Assert.That(next, Is.EqualTo(HttpStatusCode.OK), "a fault with Count 1 is used up");
    }

    [Test]
    public async Task Status_429_sends_retry_after_in_seconds()
    {
        _emulator.InjectFault(new EmulatorFault
        {
            Route = "GET /v1/image-projects/{id}", Kind = EmulatorFaultKind.Status, StatusCode = 429, RetryAfter = TimeSpan.FromSeconds(1.2),
        });
        var id = await _http.CreateHeadshotAsync(_portrait);
        using var response = await _http.Http.SendAsync(_http.Api(HttpMethod.Get, $"/v1/image-projects/{id}"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(response.Headers.RetryAfter!.Delta, Is.EqualTo(TimeSpan.FromSeconds(2)));
    }

    [Test]
    public async Task Header_fault_applies_to_its_request_and_count_extends_to_later_ones_on_the_route()
    {
        var request = _http.Api(HttpMethod.Post, "/v1/ai-headshot-generator", HeadshotBody);
        request.Headers.Add("X-Emulator-Fault", "status;status=503;count=3;retry-after=2");
        using (var response = await _http.Http.SendAsync(request))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(response.Headers.RetryAfter!.Delta, Is.EqualTo(TimeSpan.FromSeconds(2)));
        }
        // Another route is not affected.
        Assert.That((await _http.PostAsync("/v1/files/upload-urls", """{"items":[{"type":"image","extension":"png"}]}""")).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await _http.PostAsync("/v1/ai-headshot-generator", HeadshotBody)).Status, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That((await _http.PostAsync("/v1/ai-headshot-generator", HeadshotBody)).Status, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That((await _http.PostAsync("/v1/ai-headshot-generator", HeadshotBody)).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(_emulator.GetStats().FaultsInjected, Is.EqualTo(3));
    }

    [TestCase("explode")]
    [TestCase("status;status=abc")]
    [TestCase("status;colour=red")]
    [TestCase("truncated-download")]
    public async Task Bad_or_inapplicable_fault_headers_get_400(string header)
    {
        var request = _http.Api(HttpMethod.Post, "/v1/ai-headshot-generator", HeadshotBody);
        request.Headers.Add("X-Emulator-Fault", header);
        var (status, body) = await _http.SendAsync(request);
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((string)body!["message"]!, Does.Contain("X-Emulator-Fault"));
        Assert.That(_emulator.GetStats().ProjectsCreated, Is.Zero);
    }

    [Test]
    public async Task Delay_fault_waits_then_processes()
    {
        var request = _http.Api(HttpMethod.Post, "/v1/ai-headshot-generator", HeadshotBody);
        request.Headers.Add("X-Emulator-Fault", "delay;delay=300");
        var watch = Stopwatch.StartNew();
        var (status, _) = await _http.SendAsync(request);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(280)));
        Assert.That(_emulator.GetStats().ProjectsCreated, Is.EqualTo(1));
    }

    [Test]
    public async Task Delay_fault_respects_a_client_that_gives_up()
    {
        _emulator.InjectFault(new EmulatorFault { Route = Headshot, Kind = EmulatorFaultKind.Delay, Delay = TimeSpan.FromSeconds(20) });
        var aborted = CountOf(Headshot + " aborted");
        using var cts = new CancellationTokenSource();
        var send = _http.Http.SendAsync(_http.Api(HttpMethod.Post, "/v1/ai-headshot-generator", HeadshotBody), cts.Token);
        // Give up once the emulator is inside the delay: a fixed 200 ms could pass on a loaded machine before the
        // request even arrived, and then nothing is ever counted as aborted (that failed once next to a build).
        await WhenFaultInjectedAsync(send);
        await cts.CancelAsync();
        Assert.That(async () => await send, Throws.InstanceOf<OperationCanceledException>());
        await WhenCountedAsync(Headshot + " aborted", aborted + 1);
        Assert.That(_emulator.GetStats().ProjectsCreated, Is.Zero);
    }

    [Test]
    public async Task Drop_connection_on_create_does_the_work_but_sends_no_response()
    {
        _emulator.InjectFault(new EmulatorFault { Route = Headshot, Kind = EmulatorFaultKind.DropConnection });
        var aborted = CountOf(Headshot + " aborted");
        Assert.That(async () => await _http.PostAsync("/v1/ai-headshot-generator", HeadshotBody), Throws.InstanceOf<HttpRequestException>());
        await WhenCountedAsync(Headshot + " aborted", aborted + 1);
        var stats = _emulator.GetStats();
        Assert.That(stats.ProjectsCreated, Is.EqualTo(1));
        Assert.That(stats.CreditsBalance, Is.EqualTo(950));
        Assert.That(stats.RequestsByRoute[Headshot + " aborted"], Is.EqualTo(1));
    }

    [Test]
    public async Task Drop_connection_on_get_aborts_before_responding()
    {
        var id = await _http.CreateHeadshotAsync(_portrait);
        _emulator.InjectFault(new EmulatorFault { Route = "GET /v1/image-projects", Kind = EmulatorFaultKind.DropConnection });
        Assert.That(async () => await _http.GetAsync($"/v1/image-projects/{id}"), Throws.InstanceOf<HttpRequestException>());
        Assert.That((await _http.GetAsync($"/v1/image-projects/{id}")).Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Drop_connection_on_upload_stores_nothing()
    {
        var (_, body) = await _http.PostAsync("/v1/files/upload-urls", """{"items":[{"type":"image","extension":"png"}]}""");
        var url = (string)body!["items"]![0]!["upload_url"]!;
        var filePath = (string)body["items"]![0]!["file_path"]!;
        _emulator.InjectFault(new EmulatorFault { Route = "PUT /_storage/upload", Kind = EmulatorFaultKind.DropConnection });
        Assert.That(async () => await _http.Http.PutAsync(url, new ByteArrayContent(new byte[512 * 1024])),
            Throws.InstanceOf<HttpRequestException>().Or.InstanceOf<IOException>());
        Assert.That(_emulator.GetStats().UploadsCompleted, Is.EqualTo(1), "only the SetUp upload");
        Assert.That(File.Exists(Path.Combine(_emulator.StorageDirectory, filePath)), Is.False);
        var (status, _) = await _http.PostAsync("/v1/ai-headshot-generator", $$$"""{"assets":{"image_file_path":"{{{filePath}}}"}}""");
        Assert.That(status, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
    }

    [Test]
    public async Task Truncated_download_sends_the_full_length_then_half_the_bytes()
    {
        var id = await _http.CreateHeadshotAsync(_portrait);
        var project = await ProjectAfterRenderAsync(id);
        var url = (string)project["downloads"]![0]!["url"]!;
        _emulator.InjectFault(new EmulatorFault { Route = "GET /_storage/download", Kind = EmulatorFaultKind.TruncatedDownload });
        var aborted = CountOf("GET /_storage/download aborted");
        Assert.That(async () => await _http.Http.GetByteArrayAsync(url), Throws.InstanceOf<HttpRequestException>().Or.InstanceOf<IOException>());
        await WhenCountedAsync("GET /_storage/download aborted", aborted + 1);
        var full = await _http.DownloadAsync(url);
        Assert.That(full.Length, Is.GreaterThan(1000));
        var stats = _emulator.GetStats();
        Assert.That(stats.DownloadsServed, Is.EqualTo(1), "the truncated one does not count");
        Assert.That(stats.RequestsByRoute["GET /_storage/download aborted"], Is.EqualTo(1));
    }

    [Test]
    public async Task Expired_upload_url_fault_issues_urls_whose_put_gets_403()
    {
        var request = _http.Api(HttpMethod.Post, "/v1/files/upload-urls", """{"items":[{"type":"image","extension":"png"}]}""");
        request.Headers.Add("X-Emulator-Fault", "expired-upload-url");
        var (status, body) = await _http.SendAsync(request);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        var expiresAt = DateTimeOffset.Parse((string)body!["items"]![0]!["expires_at"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(expiresAt, Is.LessThan(_clock.GetUtcNow()));
        using var put = await _http.Http.PutAsync((string)body["items"]![0]!["upload_url"]!, new ByteArrayContent([1]));
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await put.Content.ReadAsStringAsync(), Does.Contain("expired"));
    }

    [Test]
    public async Task Stuck_rendering_never_finishes()
    {
        _emulator.InjectFault(new EmulatorFault { Route = Headshot, Kind = EmulatorFaultKind.StuckRendering });
        var id = await _http.CreateHeadshotAsync(_portrait);
        var project = await ProjectAfterRenderAsync(id);
        Assert.That((string)project["status"]!, Is.EqualTo("rendering"));
        Assert.That(project["downloads"]!.AsArray(), Is.Empty);
        Assert.That(_emulator.CreditsBalance, Is.EqualTo(950));
    }

    [Test]
    public async Task End_in_error_refunds_and_reports_unknown_error()
    {
        _emulator.InjectFault(new EmulatorFault { Route = Headshot, Kind = EmulatorFaultKind.EndInError });
        var id = await _http.CreateHeadshotAsync(_portrait);
        var project = await ProjectAfterRenderAsync(id);
        Assert.That((string)project["status"]!, Is.EqualTo("error"));
        Assert.That((string)project["error"]!["code"]!, Is.EqualTo("unknown_error"));
        Assert.That((long)project["credits_charged"]!, Is.Zero);
        Assert.That(_emulator.CreditsBalance, Is.EqualTo(1000));
        Assert.That(_emulator.GetStats().CreditsRefunded, Is.EqualTo(50));
    }

    [Test]
    public async Task End_canceled_refunds_and_has_no_error()
    {
        var request = _http.Api(HttpMethod.Post, "/v1/ai-headshot-generator", HeadshotBody);
        request.Headers.Add("X-Emulator-Fault", "end-canceled");
        var (_, created) = await _http.SendAsync(request);
        var project = await ProjectAfterRenderAsync((string)created!["id"]!);
        Assert.That((string)project["status"]!, Is.EqualTo("canceled"));
        Assert.That(project["error"], Is.Null);
        Assert.That(project["downloads"]!.AsArray(), Is.Empty);
        Assert.That(_emulator.CreditsBalance, Is.EqualTo(1000));
    }

    [Test]
    public async Task Wildcard_rules_are_only_used_up_where_they_apply()
    {
        _emulator.InjectFault(new EmulatorFault { Route = "*", Kind = EmulatorFaultKind.EndInError });
        // Upload URLs and a GET do not consume an outcome fault.
        await _http.UploadAsync(SampleImages.PortraitPng(32));
        var id = await _http.CreateHeadshotAsync(_portrait);
        var second = await _http.CreateHeadshotAsync(_portrait);
        Assert.That((string)(await ProjectAfterRenderAsync(id))["status"]!, Is.EqualTo("error"));
        Assert.That((string)(await ProjectAfterRenderAsync(second))["status"]!, Is.EqualTo("complete"));
    }

    [Test]
    public async Task Faults_from_options_are_active_from_the_start()
    {
        await using var emulator = await MagicHourEmulator.StartAsync(new MagicHourEmulatorOptions
        {
            Faults = { new EmulatorFault { Route = "POST /v1/files/upload-urls", Kind = EmulatorFaultKind.Status, StatusCode = 502, Count = 2 } },
        });
        using var http = new EmulatorHttp(emulator);
        const string json = """{"items":[{"type":"image","extension":"png"}]}""";
        Assert.That((await http.PostAsync("/v1/files/upload-urls", json)).Status, Is.EqualTo(HttpStatusCode.BadGateway));
        Assert.That((await http.PostAsync("/v1/files/upload-urls", json)).Status, Is.EqualTo(HttpStatusCode.BadGateway));
        Assert.That((await http.PostAsync("/v1/files/upload-urls", json)).Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Concurrent_requests_use_up_a_counted_rule_exactly()
    {
        _emulator.InjectFault(new EmulatorFault { Route = "POST /v1/files/upload-urls", Kind = EmulatorFaultKind.Status, StatusCode = 503, Count = 5 });
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            _http.PostAsync("/v1/files/upload-urls", """{"items":[{"type":"image","extension":"png"}]}""")));
        Assert.That(results.Count(r => r.Status == HttpStatusCode.ServiceUnavailable), Is.EqualTo(5));
        Assert.That(results.Count(r => r.Status == HttpStatusCode.OK), Is.EqualTo(15));
    }

    [Test]
    public async Task Faults_can_be_added_and_cleared_over_http()
    {
        using var add = new StringContent("""{"route":"POST /v1/ai-headshot-generator","kind":"status","status_code":504}""");
        using (var response = await _http.Http.PostAsync("/_emulator/faults", add))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        Assert.That((await _http.PostAsync("/v1/ai-headshot-generator", HeadshotBody)).Status, Is.EqualTo(HttpStatusCode.GatewayTimeout));

        _emulator.InjectFault(new EmulatorFault { Route = Headshot, Kind = EmulatorFaultKind.Status, Count = 10 });
        using (var clear = await _http.Http.DeleteAsync("/_emulator/faults"))
        {
            Assert.That(clear.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }
        Assert.That((await _http.PostAsync("/v1/ai-headshot-generator", HeadshotBody)).Status, Is.EqualTo(HttpStatusCode.OK));
    }

    private long CountOf(string routeAndOutcome) => _emulator.GetStats().RequestsByRoute.GetValueOrDefault(routeAndOutcome);

    /// <summary>Waits for the emulator to count the outcome; the ceiling only keeps a broken build from hanging.</summary>
    private async Task WhenFaultInjectedAsync(Task send)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (_emulator.GetStats().FaultsInjected == 0 && !send.IsCompleted && DateTime.UtcNow < deadline) await Task.Delay(10);
        Assert.That(_emulator.GetStats().FaultsInjected, Is.EqualTo(1), "the request reached the delay");
    }

    private Task WhenCountedAsync(string routeAndOutcome, long count) =>
        _emulator.WhenRequestCountedAsync(routeAndOutcome, count).WaitAsync(TimeSpan.FromMinutes(2));
}
