using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SkiaSharp;

namespace MagicHour.Emulator.Tests;

[TestFixture]
public sealed partial class AllEndpointsTests
{
    /// <summary>A minimal valid body per create path; {img}, {vid}, {aud} become uploaded file paths.</summary>
    internal static readonly Dictionary<string, (string Body, string Kind, string Extension, long Credits)> Valid = new()
    {
        ["/v1/ai-clothes-changer"] = ("""{"assets":{"person_file_path":"{img}","garment_file_path":"{img}","garment_type":"upper_body"}}""", "image", "png", 25),
        ["/v1/ai-face-editor"] = ("""{"assets":{"image_file_path":"{img}"},"style":{"mouth_smile":50}}""", "image", "png", 1),
        ["/v1/ai-gif-generator"] = ("""{"style":{"prompt":"cat"}}""", "image", "gif", 50),
        ["/v1/ai-image-editor"] = ("""{"style":{"prompt":"sunglasses"},"assets":{"image_file_paths":["{img}"]}}""", "image", "png", 50),
        ["/v1/ai-headshot-generator"] = ("""{"assets":{"image_file_path":"{img}"}}""", "image", "png", 50),
        ["/v1/ai-image-generator"] = ("""{"image_count":1,"style":{"prompt":"a lake"}}""", "image", "png", 5),
        ["/v1/ai-image-upscaler"] = ("""{"scale_factor":2,"assets":{"image_file_path":"{img}"}}""", "image", "png", 50),
        ["/v1/ai-meme-generator"] = ("""{"style":{"topic":"tests pass","template":"Drake Hotline Bling"}}""", "image", "png", 10),
        ["/v1/ai-qr-code-generator"] = ("""{"content":"https://example.com","style":{"art_style":"Watercolor"}}""", "image", "png", 0),
        ["/v1/body-swap"] = ("""{"resolution":"640px","assets":{"person_file_path":"{img}","scene_file_path":"{img}"}}""", "image", "png", 50),
        ["/v1/face-swap-photo"] = ("""{"assets":{"source_file_path":"{img}","target_file_path":"{img}"}}""", "image", "png", 10),
        ["/v1/head-swap"] = ("""{"assets":{"body_file_path":"{img}","head_file_path":"{img}"}}""", "image", "png", 10),
        ["/v1/image-background-remover"] = ("""{"assets":{"image_file_path":"{img}"}}""", "image", "png", 5),
        ["/v1/photo-colorizer"] = ("""{"assets":{"image_file_path":"{img}"}}""", "image", "png", 10),
        ["/v1/ai-talking-photo"] = ("""{"start_seconds":0,"end_seconds":3,"assets":{"image_file_path":"{img}","audio_file_path":"{aud}"}}""", "video", "mp4", 90),
        ["/v1/ai-video-editor"] = ("""{"end_seconds":2,"style":{"prompt":"blue car"},"assets":{"video_file_path":"{vid}"}}""", "video", "mp4", 60),
        ["/v1/animation"] = ("""{"fps":12,"end_seconds":2.5,"height":512,"width":512,"style":{"art_style":"Painterly Illustration","camera_effect":"Simple Zoom In","prompt_type":"custom","prompt":"city","transition_speed":5},"assets":{"audio_source":"file","audio_file_path":"{aud}"}}""", "video", "mp4", 30),
        ["/v1/audio-to-video"] = ("""{"end_seconds":1,"assets":{"audio_file_path":"{aud}"}}""", "video", "mp4", 30),
        ["/v1/auto-subtitle-generator"] = ("""{"start_seconds":1,"end_seconds":3,"assets":{"video_file_path":"{vid}"},"style":{"template":"karaoke"}}""", "video", "mp4", 60),
        ["/v1/character-replace"] = ("""{"end_seconds":1,"assets":{"video_file_path":"{vid}","image_file_path":"{img}"}}""", "video", "mp4", 30),
        ["/v1/face-swap"] = ("""{"start_seconds":0,"end_seconds":1.5,"assets":{"video_source":"file","video_file_path":"{vid}","image_file_path":"{img}"}}""", "video", "mp4", 45),
        ["/v1/image-to-video"] = ("""{"end_seconds":5,"assets":{"image_file_path":"{img}"}}""", "video", "mp4", 150),
        ["/v1/lip-sync"] = ("""{"start_seconds":0,"end_seconds":1,"assets":{"audio_file_path":"{aud}","video_source":"youtube","youtube_url":"https://www.youtube.com/watch?v=x"}}""", "video", "mp4", 30),
        ["/v1/text-to-video"] = ("""{"end_seconds":4,"style":{"prompt":"a dog"}}""", "video", "mp4", 120),
        ["/v1/video-to-video"] = ("""{"start_seconds":0,"end_seconds":2,"style":{"art_style":"Lego"},"assets":{"video_source":"file","video_file_path":"{vid}"}}""", "video", "mp4", 60),
        ["/v1/ai-video-translator"] = ("""{"end_seconds":2,"target_language":"Spanish","resolution":"720p","assets":{"video_file_path":"{vid}"}}""", "video", "mp4", 60),
        ["/v1/ai-voice-generator"] = ("""{"style":{"prompt":"Hello, how are you?","voice_name":"Morgan Freeman"}}""", "audio", "wav", 2),
        ["/v1/ai-voice-cloner"] = ("""{"assets":{"audio_file_path":"{aud}"},"style":{"prompt":"This is my cloned voice speaking."}}""", "audio", "wav", 4),
    };

    private static IEnumerable<string> Paths => Valid.Keys;

    private MagicHourEmulator _emulator = null!;
    private EmulatorHttp _http = null!;
    private string _img = null!, _vid = null!, _aud = null!;

    [OneTimeSetUp]
    public async Task OneTimeSetUp()
    {
        _emulator = await MagicHourEmulator.StartAsync(new MagicHourEmulatorOptions { RenderTime = TimeSpan.Zero, StartingCredits = 10_000_000 });
        _http = new EmulatorHttp(_emulator);
        _img = await _http.UploadAsync(SampleImages.PortraitPng(128));
        _vid = await _http.UploadAsync(Encoding.ASCII.GetBytes("not really a video"), "video", "mp4");
        _aud = await _http.UploadAsync(Encoding.ASCII.GetBytes("not really audio"), "audio", "mp3");
    }

    [OneTimeTearDown]
    public async Task OneTimeTearDown()
    {
        _http.Dispose();
        await _emulator.DisposeAsync();
    }

    private string Fill(string body) => body.Replace("{img}", _img).Replace("{vid}", _vid).Replace("{aud}", _aud);

    [Test]
    public void Every_create_operation_of_the_spec_has_a_valid_test_body()
    {
        // The catalogue is the spec's (see VendorCoverageTests for the comparison with the vendor's file).
        Assert.That(Valid.Keys, Is.EquivalentTo(CreateEndpointCatalog.All.Select(e => e.Path)));
        Assert.That(Valid.Select(v => (v.Key, v.Value.Kind)),
            Is.EquivalentTo(CreateEndpointCatalog.All.Select(e => (e.Path, e.Kind.ToString().ToLowerInvariant()))));
    }

    [TestCaseSource(nameof(Paths))]
    public async Task Create_charges_completes_and_serves_a_real_file(string path)
    {
        var (body, kind, extension, credits) = Valid[path];
        var (status, created) = await _http.PostAsync(path, Fill(body));
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), created?.ToJsonString());
        Assert.That((long)created!["credits_charged"]!, Is.EqualTo(credits));
        var id = (string)created["id"]!;

        var (getStatus, project) = await _http.GetAsync($"/v1/{kind}-projects/{id}");
        Assert.That(getStatus, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((string)project!["status"]!, Is.EqualTo("complete"), project.ToJsonString());
        Assert.That((long)project["credits_charged"]!, Is.EqualTo(credits));
        Assert.That((string)project["type"]!, Is.EqualTo(CreateEndpointCatalog.All.Single(e => e.Path == path).Type));
        AssertRequiredFields(project, kind);

        var url = (string)project["downloads"]![0]!["url"]!;
        Assert.That(new Uri(url).AbsolutePath, Does.EndWith($"{id}.{extension}"));
        var bytes = await _http.DownloadAsync(url);
        AssertSignature(bytes, extension);

        foreach (var other in new[] { "image", "video", "audio" }.Where(k => k != kind))
        {
            Assert.That((await _http.GetAsync($"/v1/{other}-projects/{id}")).Status, Is.EqualTo(HttpStatusCode.NotFound));
        }
    }

    [TestCaseSource(nameof(Paths))]
    public async Task Each_required_field_missing_gives_422_naming_it(string path)
    {
        var endpoint = CreateEndpointCatalog.All.Single(e => e.Path == path);
        var before = _emulator.GetStats().ProjectsCreated;
        foreach (var rule in endpoint.Required)
        {
            var field = rule.Split(':')[0];
            var body = JsonNode.Parse(Fill(Valid[path].Body))!.AsObject();
            var parts = field.Split('.');
            var parent = parts.Length == 1 ? body : (JsonObject)CreateEndpointCatalog.Get(body, string.Join('.', parts[..^1]))!;
            parent.Remove(parts[^1]);
            var (status, error) = await _http.PostAsync(path, body.ToJsonString());
            Assert.That(status, Is.EqualTo(HttpStatusCode.UnprocessableEntity), $"{path} without {field}");
            Assert.That((string)error!["message"]!, Does.Contain(field));
        }
        Assert.That(_emulator.GetStats().ProjectsCreated, Is.EqualTo(before));
    }

    [TestCaseSource(nameof(Paths))]
    public async Task Non_object_bodies_get_400(string path)
    {
        Assert.That((await _http.PostAsync(path, "")).Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await _http.PostAsync(path, "\"text\"")).Status, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task File_paths_nested_in_arrays_are_checked_too()
    {
        var (status, error) = await _http.PostAsync("/v1/face-swap-photo", Fill("""
            {"assets":{"face_swap_mode":"individual-faces","target_file_path":"{img}",
              "face_mappings":[{"original_face":"{img}","new_face":"api-assets/zzz/unknown.png"}]}}
            """));
        Assert.That(status, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That((string)error!["message"]!, Does.Contain("assets.face_mappings[0].new_face").And.Contain("api-assets/zzz/unknown.png"));

        (status, error) = await _http.PostAsync("/v1/ai-image-editor", Fill("""{"style":{"prompt":"x"},"assets":{"image_file_paths":["{img}",""]}}"""));
        Assert.That(status, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That((string)error!["message"]!, Does.Contain("assets.image_file_paths[1]"));

        (status, error) = await _http.PostAsync("/v1/image-to-video", Fill("""{"end_seconds":5,"assets":{"image_file_path":"{img}","end_image_file_path":"ftp://x/y.png"}}"""));
        Assert.That(status, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That((string)error!["message"]!, Does.Contain("assets.end_image_file_path"));
    }

    [TestCase("/v1/face-swap", """{"start_seconds":0,"end_seconds":1,"assets":{"video_source":"file","image_file_path":"{img}"}}""", "assets.video_file_path")]
    [TestCase("/v1/face-swap", """{"start_seconds":0,"end_seconds":1,"assets":{"video_source":"youtube","image_file_path":"{img}"}}""", "assets.youtube_url")]
    [TestCase("/v1/face-swap", """{"start_seconds":0,"end_seconds":1,"assets":{"video_source":"file","video_file_path":"{vid}"}}""", "assets.image_file_path")]
    [TestCase("/v1/face-swap-photo", """{"assets":{"target_file_path":"{img}"}}""", "assets.source_file_path")]
    [TestCase("/v1/face-swap-photo", """{"assets":{"face_swap_mode":"individual-faces","target_file_path":"{img}"}}""", "assets.face_mappings")]
    [TestCase("/v1/animation", """{"fps":12,"end_seconds":2,"height":512,"width":512,"style":{"art_style":"Custom","camera_effect":"Simple Zoom In","prompt_type":"custom","transition_speed":5},"assets":{"audio_source":"file"}}""", "assets.audio_file_path")]
    [TestCase("/v1/text-to-video", """{"end_seconds":0.5,"style":{"prompt":"x"}}""", "end_seconds")]
    [TestCase("/v1/lip-sync", """{"start_seconds":3,"end_seconds":2,"assets":{"audio_file_path":"{aud}","video_source":"file","video_file_path":"{vid}"}}""", "end_seconds")]
    [TestCase("/v1/ai-image-generator", """{"image_count":20,"style":{"prompt":"x"}}""", "image_count")]
    [TestCase("/v1/ai-image-generator", """{"image_count":1.5,"style":{"prompt":"x"}}""", "image_count")]
    [TestCase("/v1/body-swap", """{"resolution":"8k","assets":{"person_file_path":"{img}","scene_file_path":"{img}"}}""", "resolution")]
    [TestCase("/v1/ai-voice-generator", """{"style":{"prompt":"","voice_name":"Elon Musk"}}""", "style.prompt")]
    [TestCase("/v1/ai-video-translator", """{"end_seconds":2,"target_language":"Klingon","assets":{"video_file_path":"{vid}"}}""", "target_language")]
    [TestCase("/v1/ai-video-translator", """{"end_seconds":2,"target_language":"French","resolution":"4k","assets":{"video_file_path":"{vid}"}}""", "resolution")]
    [TestCase("/v1/ai-video-translator", """{"start_seconds":5,"end_seconds":36,"target_language":"French","assets":{"video_file_path":"{vid}"}}""", "end_seconds")]
    [TestCase("/v1/ai-video-translator", """{"start_seconds":5,"end_seconds":5.5,"target_language":"French","assets":{"video_file_path":"{vid}"}}""", "end_seconds")]
    [TestCase("/v1/ai-video-translator", """{"start_seconds":5,"end_seconds":4,"target_language":"French","assets":{"video_file_path":"{vid}"}}""", "end_seconds")]
    public async Task Conditional_rules_are_enforced(string path, string body, string field)
    {
        var (status, error) = await _http.PostAsync(path, Fill(body));
        Assert.That(status, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That((string)error!["message"]!, Does.Contain(field));
    }

    [TestCase("/v1/ai-image-upscaler", """{"scale_factor":4,"style":{"mode":"preserve"},"assets":{"image_file_path":"{img}"}}""", 100)]
    [TestCase("/v1/ai-image-upscaler", """{"scale_factor":4,"assets":{"image_file_path":"{img}"}}""", 200)]
    [TestCase("/v1/ai-image-upscaler", """{"scale_factor":2,"style":{"mode":"preserve"},"assets":{"image_file_path":"{img}"}}""", 25)]
    [TestCase("/v1/ai-image-generator", """{"image_count":4,"style":{"prompt":"x"}}""", 20)]
    [TestCase("/v1/ai-image-editor", """{"image_count":4,"style":{"prompt":"x"},"assets":{}}""", 200)]
    [TestCase("/v1/body-swap", """{"resolution":"4k","assets":{"person_file_path":"{img}","scene_file_path":"{img}"}}""", 200)]
    [TestCase("/v1/ai-voice-generator", """{"style":{"prompt":"12345678901","voice_name":"Elon Musk"}}""", 2)]
    [TestCase("/v1/animation", """{"fps":8,"end_seconds":10,"height":64,"width":64,"style":{"art_style":"Custom","camera_effect":"Simple Zoom In","prompt_type":"ai_choose","transition_speed":1},"assets":{"audio_source":"none"}}""", 80)]
    [TestCase("/v1/video-to-video", """{"start_seconds":10,"end_seconds":10.1,"style":{"art_style":"Lego"},"assets":{"video_source":"youtube","youtube_url":"https://youtu.be/x"}}""", 3)]
    public async Task Credits_follow_the_table(string path, string body, long credits)
    {
        var (status, created) = await _http.PostAsync(path, Fill(body));
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), created?.ToJsonString());
        Assert.That((long)created!["credits_charged"]!, Is.EqualTo(credits));
    }

    [Test]
    public async Task Image_count_gives_that_many_distinct_downloads()
    {
        var (_, created) = await _http.PostAsync("/v1/ai-image-generator", """{"image_count":3,"style":{"prompt":"x"}}""");
        var (_, project) = await _http.GetAsync($"/v1/image-projects/{created!["id"]}");
        Assert.That((int)project!["image_count"]!, Is.EqualTo(3));
        var urls = project["downloads"]!.AsArray().Select(d => (string)d!["url"]!).ToList();
        Assert.That(urls, Has.Count.EqualTo(3));
        var files = await Task.WhenAll(urls.Select(_http.DownloadAsync));
        Assert.That(files[0], Is.Not.EqualTo(files[1]));
        foreach (var f in files)
        {
            AssertSignature(f, "png");
        }
    }

    [Test]
    public async Task Gif_generator_with_mp4_output_serves_an_mp4()
    {
        var (_, created) = await _http.PostAsync("/v1/ai-gif-generator", """{"style":{"prompt":"x"},"output_format":"mp4"}""");
        var (_, project) = await _http.GetAsync($"/v1/image-projects/{created!["id"]}");
        AssertSignature(await _http.DownloadAsync((string)project!["downloads"]![0]!["url"]!), "mp4");
    }

    [Test]
    public async Task Faceless_rule_applies_to_face_tools_only()
    {
        var blank = await _http.UploadAsync(SampleImages.SingleColourPng(32, 32, 250, 250, 250));
        var balance = _emulator.CreditsBalance;
        var (_, swap) = await _http.PostAsync("/v1/face-swap-photo", $$$"""{"assets":{"source_file_path":"{{{blank}}}","target_file_path":"{{{_img}}}"}}""");
        var (_, video) = await _http.PostAsync("/v1/ai-talking-photo", $$$"""{"start_seconds":0,"end_seconds":1,"assets":{"image_file_path":"{{{blank}}}","audio_file_path":"{{{_aud}}}"}}""");
        var (_, colorize) = await _http.PostAsync("/v1/photo-colorizer", $$$"""{"assets":{"image_file_path":"{{{blank}}}"}}""");

        var (_, swapProject) = await _http.GetAsync($"/v1/image-projects/{swap!["id"]}");
        Assert.That((string)swapProject!["status"]!, Is.EqualTo("error"));
        Assert.That((string)swapProject["error"]!["code"]!, Is.EqualTo("no_source_face"));
        var (_, videoProject) = await _http.GetAsync($"/v1/video-projects/{video!["id"]}");
        Assert.That((string)videoProject!["status"]!, Is.EqualTo("error"));
        Assert.That((long)videoProject["credits_charged"]!, Is.Zero);
        Assert.That(videoProject["downloads"]!.AsArray(), Is.Empty);
        var (_, colorizeProject) = await _http.GetAsync($"/v1/image-projects/{colorize!["id"]}");
        Assert.That((string)colorizeProject!["status"]!, Is.EqualTo("complete"));

        Assert.That(_emulator.CreditsBalance, Is.EqualTo(balance - 10), "only the colorizer keeps its charge");
    }

    [Test]
    public async Task Video_and_audio_projects_can_be_deleted()
    {
        var (_, video) = await _http.PostAsync("/v1/text-to-video", """{"end_seconds":1,"style":{"prompt":"x"}}""");
        var (_, audio) = await _http.PostAsync("/v1/ai-voice-generator", """{"style":{"prompt":"x","voice_name":"Elon Musk"}}""");
        Assert.That((await _http.SendAsync(_http.Api(HttpMethod.Delete, $"/v1/audio-projects/{video!["id"]}"))).Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await _http.SendAsync(_http.Api(HttpMethod.Delete, $"/v1/video-projects/{video["id"]}"))).Status, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await _http.SendAsync(_http.Api(HttpMethod.Delete, $"/v1/audio-projects/{audio!["id"]}"))).Status, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await _http.GetAsync($"/v1/video-projects/{video["id"]}")).Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await _http.GetAsync($"/v1/audio-projects/{audio["id"]}")).Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Image_to_video_frames_come_from_the_uploaded_image()
    {
        var red = await _http.UploadAsync(SampleImages.SingleColourPng(64, 64, 220, 30, 30));
        var (_, created) = await _http.PostAsync("/v1/image-to-video", $$$"""{"end_seconds":2,"assets":{"image_file_path":"{{{red}}}"}}""");
        var (_, project) = await _http.GetAsync($"/v1/video-projects/{created!["id"]}");
        var mp4 = await _http.DownloadAsync((string)project!["downloads"]![0]!["url"]!);
        // I_PCM samples are stored raw: rows of a red frame's Cr plane are runs of one high value (> 170),
        // which a frame made from the generated pattern or a neutral image would not have.
        Assert.That(mp4.Length, Is.GreaterThan(10_000));
        var highRuns = 0;
        for (var i = 0; i + 8 <= mp4.Length; i += 8)
        {
            if (mp4[i] > 170 && mp4.AsSpan(i, 8).IndexOfAnyExcept(mp4[i]) < 0)
            {
                highRuns++;
            }
        }
        Assert.That(highRuns, Is.GreaterThan(100));
        Assert.That((int)project["width"]!, Is.EqualTo(128));
        Assert.That((double)project["end_seconds"]!, Is.EqualTo(2));
    }

    internal static void AssertSignature(byte[] bytes, string extension)
    {
        switch (extension)
        {
            case "png":
                Assert.That(bytes[..8], Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }));
                using (var bitmap = SKBitmap.Decode(bytes))
                {
                    Assert.That(bitmap.Width, Is.EqualTo(1024));
                    Assert.That(bitmap.Height, Is.EqualTo(1024));
                }
                break;
            case "gif":
                Assert.That(Encoding.ASCII.GetString(bytes, 0, 6), Is.EqualTo("GIF89a"));
                Assert.That(bytes[^1], Is.EqualTo(0x3B));
                using (var codec = SKCodec.Create(new MemoryStream(bytes)))
                {
                    Assert.That(codec.FrameCount, Is.GreaterThan(1));
                }
                break;
            case "mp4":
                Assert.That(Encoding.ASCII.GetString(bytes, 4, 4), Is.EqualTo("ftyp"));
                Assert.That(Encoding.ASCII.GetString(bytes), Does.Contain("moov").And.Contain("avcC").And.Contain("mdat"));
                break;
            case "wav":
                Assert.That(Encoding.ASCII.GetString(bytes, 0, 4), Is.EqualTo("RIFF"));
                Assert.That(Encoding.ASCII.GetString(bytes, 8, 4), Is.EqualTo("WAVE"));
                Assert.That(BitConverter.ToUInt32(bytes, 4), Is.EqualTo((uint)bytes.Length - 8));
                break;
            default:
                Assert.Fail("unknown extension " + extension);
                break;
        }
    }

    private static void AssertRequiredFields(JsonNode project, string kind)
    {
        string[] common = ["id", "name", "status", "type", "created_at", "enabled", "credits_charged", "downloads", "error"];
        string[] extra = kind switch
        {
            "image" => ["image_count"],
            "video" => ["width", "height", "start_seconds", "end_seconds", "fps"],
            _ => [],
        };
        foreach (var field in common.Concat(extra))
        {
            Assert.That(project.AsObject().ContainsKey(field), Is.True, $"{kind} project lacks '{field}'");
        }
    }
}
