using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace MagicHour.Emulator.Tests;

[TestFixture]
public sealed class StatsTests
{
    [Test]
    public async Task Stats_route_serves_the_counters_as_snake_case_json_without_auth()
    {
        await using var emulator = await MagicHourEmulator.StartAsync(new MagicHourEmulatorOptions { RenderTime = TimeSpan.Zero, StartingCredits = 500 });
        using var http = new EmulatorHttp(emulator);
        var filePath = await http.UploadAsync(SampleImages.PortraitPng(64));
        var id = await http.CreateHeadshotAsync(filePath);
        var (_, project) = await http.GetAsync($"/v1/image-projects/{id}");
        await http.DownloadAsync((string)project!["downloads"]![0]!["url"]!);
        await http.GetAsync("/v1/image-projects/missing");

        using var response = await http.Http.GetAsync("/_emulator/stats");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.That((long)json["creates_received"]!, Is.EqualTo(1));
        Assert.That((long)json["projects_created"]!, Is.EqualTo(1));
        Assert.That((long)json["credits_charged"]!, Is.EqualTo(50));
        Assert.That((long)json["credits_refunded"]!, Is.Zero);
        Assert.That((long)json["credits_balance"]!, Is.EqualTo(450));
        Assert.That((long)json["upload_urls_issued"]!, Is.EqualTo(1));
        Assert.That((long)json["uploads_completed"]!, Is.EqualTo(1));
        Assert.That((long)json["downloads_served"]!, Is.EqualTo(1));
        Assert.That((long)json["storage_requests_with_authorization"]!, Is.Zero);
        Assert.That((long)json["faults_injected"]!, Is.Zero);
        var byRoute = json["requests_by_route"]!.AsObject();
        Assert.That((long)byRoute["POST /v1/files/upload-urls 200"]!, Is.EqualTo(1));
        Assert.That((long)byRoute["PUT /_storage/upload 200"]!, Is.EqualTo(1));
        Assert.That((long)byRoute["POST /v1/ai-headshot-generator 200"]!, Is.EqualTo(1));
        Assert.That((long)byRoute["GET /v1/image-projects 200"]!, Is.EqualTo(1));
        Assert.That((long)byRoute["GET /v1/image-projects 404"]!, Is.EqualTo(1));
        Assert.That((long)byRoute["GET /_storage/download 200"]!, Is.EqualTo(1));

        var stats = emulator.GetStats();
        Assert.That(stats.RequestsByRoute["GET /v1/image-projects 404"], Is.EqualTo(1));
        Assert.That(emulator.GetProject(id)!.Status, Is.EqualTo("complete"));
        Assert.That(emulator.GetProject(id)!.Inputs, Is.EqualTo(new[] { filePath }));
    }

    [Test]
    public async Task Storage_requests_carrying_an_authorization_header_are_counted()
    {
        await using var emulator = await MagicHourEmulator.StartAsync(new MagicHourEmulatorOptions { RenderTime = TimeSpan.Zero });
        using var http = new EmulatorHttp(emulator);
        var (_, body) = await http.PostAsync("/v1/files/upload-urls", """{"items":[{"type":"image","extension":"png"}]}""");
        using var put = new HttpRequestMessage(HttpMethod.Put, (string)body!["items"]![0]!["upload_url"]!)
        {
            Content = new ByteArrayContent(SampleImages.PortraitPng(32)),
        };
        put.Headers.Authorization = new AuthenticationHeaderValue("Bearer", emulator.ApiKey);
        using var response = await http.Http.SendAsync(put);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "storage ignores the header, like a presigned URL host would");
        Assert.That(emulator.GetStats().StorageRequestsWithAuthorization, Is.EqualTo(1));
        Assert.That(emulator.GetStats().RequestsByRoute.Keys, Has.None.Contains("/v1/").And.Contains("401"));
    }

    [Test]
    public async Task Storage_host_option_puts_a_different_host_in_storage_urls()
    {
        await using var emulator = await MagicHourEmulator.StartAsync(new MagicHourEmulatorOptions { StorageHost = "localhost", RenderTime = TimeSpan.Zero });
        using var http = new EmulatorHttp(emulator);
        var filePath = await http.UploadAsync(SampleImages.PortraitPng(32));
        var (_, body) = await http.PostAsync("/v1/files/upload-urls", """{"items":[{"type":"image","extension":"png"}]}""");
        var uploadUrl = new Uri((string)body!["items"]![0]!["upload_url"]!);
        Assert.That(uploadUrl.Host, Is.EqualTo("localhost"));
        Assert.That(uploadUrl.Port, Is.EqualTo(emulator.BaseUrl.Port));
        var id = await http.CreateHeadshotAsync(filePath);
        var (_, project) = await http.GetAsync($"/v1/image-projects/{id}");
        var download = new Uri((string)project!["downloads"]![0]!["url"]!);
        Assert.That(download.Host, Is.EqualTo("localhost"));
        Assert.That((await http.DownloadAsync(download.ToString())).Length, Is.GreaterThan(0));
    }

    [Test]
    public async Task Json_bodies_over_the_limit_get_413()
    {
        await using var emulator = await MagicHourEmulator.StartAsync(new MagicHourEmulatorOptions { MaxJsonBodyBytes = 100 });
        using var http = new EmulatorHttp(emulator);
        var (status, body) = await http.PostAsync("/v1/ai-headshot-generator", $$$"""{"name":"{{{new string('x', 200)}}}"}""");
        Assert.That(status, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That((string)body!["message"]!, Does.Contain("100"));
    }

    [Test]
    public async Task WhenRequestCounted_completes_once_the_outcome_has_been_counted_that_often()
    {
        await using var emulator = await MagicHourEmulator.StartAsync();
        using var http = new EmulatorHttp(emulator);
        var second = emulator.WhenRequestCountedAsync("GET /v1/account 200", 2);
        await http.GetAsync("/v1/account");
        Assert.That(second.IsCompleted, Is.False, "one request counted, two awaited");
        await http.GetAsync("/v1/account");
        await second.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.That(emulator.WhenRequestCountedAsync("GET /v1/account 200", 1).IsCompleted, Is.True, "already reached");
    }
}
