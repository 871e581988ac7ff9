using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using MagicHour.ContractTests;
using NJsonSchema;

namespace MagicHour.Emulator.Tests;

/// <summary>
/// Every kind of answer the emulator gives validates against the 200 response schema of the vendor's file: a client
/// generated from the vendor's spec (or the SDK, whose contract tests use the same file) can read all of them.
/// </summary>
[TestFixture]
public sealed class VendorResponseSchemaTests
{
    private readonly ManualTimeProvider _clock = new();
    private MagicHourEmulator _emulator = null!;
    private EmulatorHttp _http = null!;
    private string _img = null!, _vid = null!, _aud = null!;

    public static IEnumerable<string> CreatePaths => AllEndpointsTests.Valid.Keys;

    [OneTimeSetUp]
    public async Task Start()
    {
        _emulator = await MagicHourEmulator.StartAsync(new() { RenderTime = TimeSpan.FromSeconds(4), StartingCredits = 10_000_000, TimeProvider = _clock });
        _http = new EmulatorHttp(_emulator);
        _img = await _http.UploadAsync(SampleImages.PortraitPng(64));
        _vid = await _http.UploadAsync("not a video"u8.ToArray(), "video", "mp4");
        _aud = await _http.UploadAsync("not audio"u8.ToArray(), "audio", "mp3");
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _http.Dispose();
        await _emulator.DisposeAsync();
    }

    [TestCaseSource(nameof(CreatePaths))]
    public async Task A_create_and_its_project_in_every_state_match_the_vendor_schemas(string path)
    {
        var (body, kind, _, _) = AllEndpointsTests.Valid[path];
        var created = await OkAsync(HttpMethod.Post, path, body.Replace("{img}", _img).Replace("{vid}", _vid).Replace("{aud}", _aud));
        await AssertMatchesAsync("POST", path, created);

        var project = $"/v1/{kind}-projects/{{id}}";
        var url = $"/v1/{kind}-projects/{created["id"]}";
        await AssertMatchesAsync("GET", project, await OkAsync(HttpMethod.Get, url), "queued");
        _clock.Advance(TimeSpan.FromSeconds(2));
        await AssertMatchesAsync("GET", project, await OkAsync(HttpMethod.Get, url), "rendering");
        _clock.Advance(TimeSpan.FromSeconds(2));
        await AssertMatchesAsync("GET", project, await OkAsync(HttpMethod.Get, url), "complete");
    }

    [TestCase(EmulatorFaultKind.EndInError, "error")]
    [TestCase(EmulatorFaultKind.EndCanceled, "canceled")]
    public async Task Projects_that_end_in_error_or_canceled_match_the_vendor_schemas(EmulatorFaultKind fault, string status)
    {
        foreach (var path in new[] { "/v1/ai-headshot-generator", "/v1/text-to-video", "/v1/ai-voice-generator" })
        {
            var (body, kind, _, _) = AllEndpointsTests.Valid[path];
            _emulator.InjectFault(new EmulatorFault { Route = "POST " + path, Kind = fault });
            var created = await OkAsync(HttpMethod.Post, path, body.Replace("{img}", _img));
            _clock.Advance(TimeSpan.FromSeconds(5));
            await AssertMatchesAsync("GET", $"/v1/{kind}-projects/{{id}}", await OkAsync(HttpMethod.Get, $"/v1/{kind}-projects/{created["id"]}"), status);
        }
    }

    [Test]
    public async Task Upload_urls_match_the_vendor_schema() =>
        await AssertMatchesAsync("POST", "/v1/files/upload-urls",
            await OkAsync(HttpMethod.Post, "/v1/files/upload-urls", """{"items":[{"type":"image","extension":"png"},{"type":"audio","extension":"mp3"}]}"""));

    [Test]
    public async Task Face_detection_in_every_state_matches_the_vendor_schemas()
    {
        var created = await OkAsync(HttpMethod.Post, "/v1/face-detection", $$$"""{"confidence_score":0.5,"assets":{"target_file_path":"{{{_img}}}"}}""");
        await AssertMatchesAsync("POST", "/v1/face-detection", created);
        var url = $"/v1/face-detection/{created["id"]}";
        await AssertMatchesAsync("GET", "/v1/face-detection/{id}", await OkAsync(HttpMethod.Get, url), "queued");
        _clock.Advance(TimeSpan.FromSeconds(5));
        var complete = await OkAsync(HttpMethod.Get, url);
        Assert.That(complete["faces"]!.AsArray(), Is.Not.Empty);
        await AssertMatchesAsync("GET", "/v1/face-detection/{id}", complete, "complete");
    }

    [Test]
    public async Task The_account_with_and_without_a_subscription_matches_the_vendor_schema()
    {
        await AssertMatchesAsync("GET", "/v1/account", await OkAsync(HttpMethod.Get, "/v1/account"));
        await using var free = await MagicHourEmulator.StartAsync(new() { AccountTier = "free", AccountHasSubscription = false });
        using var http = new EmulatorHttp(free);
        var (_, account) = await http.GetAsync("/v1/account");
        await AssertMatchesAsync("GET", "/v1/account", account!, "free");
    }

    [Test]
    public async Task Saved_item_pages_match_the_vendor_schema()
    {
        var first = await OkAsync(HttpMethod.Get, "/v1/saved-items?limit=30");
        await AssertMatchesAsync("GET", "/v1/saved-items", first, "first page");
        var last = await OkAsync(HttpMethod.Get, $"/v1/saved-items?limit=30&cursor={Uri.EscapeDataString((string)first["next_cursor"]!)}");
        Assert.That(last["next_cursor"], Is.Null);
        await AssertMatchesAsync("GET", "/v1/saved-items", last, "last page");
    }

    [Test]
    public async Task The_check_itself_catches_a_missing_field_a_wrong_enum_and_a_null()
    {
        var (_, created) = await _http.PostAsync("/v1/ai-headshot-generator", $$$"""{"assets":{"image_file_path":"{{{_img}}}"}}""");
        var project = await OkAsync(HttpMethod.Get, $"/v1/image-projects/{created!["id"]}");
        foreach (var broken in new Action<JsonObject>[] { p => p.Remove("downloads"), p => p["status"] = "done", p => p["credits_charged"] = null })
        {
            var copy = project.DeepClone().AsObject();
            broken(copy);
            var validator = await VendorSchemaAsync("GET", "/v1/image-projects/{id}");
            Assert.That(validator.Validate(copy.ToJsonString()), Is.Not.Empty, copy.ToJsonString());
        }
    }

    private async Task<JsonNode> OkAsync(HttpMethod method, string path, string? json = null)
    {
        var (status, body) = await _http.SendAsync(_http.Api(method, path, json));
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), $"{method} {path}: {body?.ToJsonString()}");
        return body!;
    }

    private static readonly ConcurrentDictionary<string, Task<JsonSchema>> Schemas = new(StringComparer.Ordinal);

    /// <summary>The vendor's 200 response schema of an operation, as NJsonSchema reads it (parsed once per operation).</summary>
    private static Task<JsonSchema> VendorSchemaAsync(string method, string path) =>
        Schemas.GetOrAdd($"{method} {path}", _ => JsonSchema.FromJsonAsync(OpenApiSchemas.ToJsonSchema(
            Upstream.Operation(method, path)["responses"]!["200"]!["content"]!["application/json"]!["schema"]!).ToJsonString()));

    private static async Task AssertMatchesAsync(string method, string path, JsonNode answer, string? state = null)
    {
        var validator = await VendorSchemaAsync(method, path);
        var errors = validator.Validate(answer.ToJsonString()).Select(e => e.ToString()).ToList();
        Assert.That(errors, Is.Empty, $"{method} {path} {state}: {answer.ToJsonString()}");
    }
}
