using System.Net;
using SkiaSharp;

namespace MagicHour.Emulator.Tests;

[TestFixture]
public sealed class FaceDetectionTests
{
    private ManualTimeProvider _clock = null!;
    private MagicHourEmulator _emulator = null!;
    private EmulatorHttp _http = null!;

    [SetUp]
    public async Task SetUp()
    {
        _clock = new ManualTimeProvider();
        _emulator = await MagicHourEmulator.StartAsync(new MagicHourEmulatorOptions { TimeProvider = _clock, RenderTime = TimeSpan.FromSeconds(4) });
        _http = new EmulatorHttp(_emulator);
    }

    [TearDown]
    public async Task TearDown()
    {
        _http.Dispose();
        await _emulator.DisposeAsync();
    }

    [Test]
    public async Task Detects_one_face_in_a_portrait_and_the_crop_can_be_used_in_face_mappings()
    {
        var portrait = await _http.UploadAsync(SampleImages.PortraitPng(128));
        var (status, created) = await _http.PostAsync("/v1/face-detection", $$$"""{"confidence_score":0.5,"assets":{"target_file_path":"{{{portrait}}}"}}""");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((long)created!["credits_charged"]!, Is.Zero);
        var id = (string)created["id"]!;
        Assert.That(Guid.TryParse(id, out _), Is.True);

        var (_, queued) = await _http.GetAsync($"/v1/face-detection/{id}");
        Assert.That((string)queued!["status"]!, Is.EqualTo("queued"));
        Assert.That(queued["faces"]!.AsArray(), Is.Empty);

        _clock.Advance(TimeSpan.FromSeconds(4));
        var (_, done) = await _http.GetAsync($"/v1/face-detection/{id}");
        Assert.That((string)done!["status"]!, Is.EqualTo("complete"));
        var faces = done["faces"]!.AsArray();
        Assert.That(faces, Has.Count.EqualTo(1));
        var path = (string)faces[0]!["path"]!;
        Assert.That(path, Does.StartWith("api-assets/").And.EndWith("0-0.png"));
        using (var crop = SKBitmap.Decode(await _http.DownloadAsync((string)faces[0]!["url"]!)))
        {
            Assert.That(crop.Width, Is.EqualTo(256));
        }

        var (swapStatus, swap) = await _http.PostAsync("/v1/face-swap-photo", $$$"""
            {"assets":{"face_swap_mode":"individual-faces","target_file_path":"{{{portrait}}}",
              "face_mappings":[{"original_face":"{{{path}}}","new_face":"{{{portrait}}}"}]}}
            """);
        Assert.That(swapStatus, Is.EqualTo(HttpStatusCode.OK), swap?.ToJsonString());
    }

    [Test]
    public async Task A_faceless_image_has_no_faces()
    {
        var blank = await _http.UploadAsync(SampleImages.SingleColourPng());
        var (_, created) = await _http.PostAsync("/v1/face-detection", $$$"""{"assets":{"target_file_path":"{{{blank}}}"}}""");
        _clock.Advance(TimeSpan.FromSeconds(4));
        var (_, done) = await _http.GetAsync($"/v1/face-detection/{created!["id"]}");
        Assert.That((string)done!["status"]!, Is.EqualTo("complete"));
        Assert.That(done["faces"]!.AsArray(), Is.Empty);
    }

    [Test]
    public async Task Validation_unknown_ids_and_faults()
    {
        Assert.That((await _http.PostAsync("/v1/face-detection", """{"assets":{}}""")).Status, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That((await _http.PostAsync("/v1/face-detection", """{"confidence_score":2,"assets":{"target_file_path":"https://x.test/a.png"}}""")).Status,
            Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That((await _http.GetAsync("/v1/face-detection/nope")).Status, Is.EqualTo(HttpStatusCode.NotFound));

        var request = _http.Api(HttpMethod.Post, "/v1/face-detection", """{"assets":{"target_file_path":"https://x.test/a.png"}}""");
        request.Headers.Add("X-Emulator-Fault", "end-in-error");
        var (_, created) = await _http.SendAsync(request);
        _clock.Advance(TimeSpan.FromSeconds(4));
        var (_, done) = await _http.GetAsync($"/v1/face-detection/{created!["id"]}");
        Assert.That((string)done!["status"]!, Is.EqualTo("error"));
        Assert.That(done["faces"]!.AsArray(), Is.Empty);
    }
}
