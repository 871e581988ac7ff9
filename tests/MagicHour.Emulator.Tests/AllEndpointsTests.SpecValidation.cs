using System.Net;
using System.Text.Json.Nodes;

namespace MagicHour.Emulator.Tests;

/// <summary>
/// Creates the spec refuses are refused with 422 naming the field, and cost nothing. Each case broke one rule of
/// openapi/magic-hour.v1.yaml that the hand-written validation of earlier versions accepted (200 and a charge).
/// </summary>
public sealed partial class AllEndpointsTests
{
    private static readonly string LongText = new('a', 2001);

    private static IEnumerable<TestCaseData> SpecViolations()
    {
        TestCaseData Case(string name, string path, string body, string field) => new TestCaseData(path, body, field).SetName(name);

        yield return Case("multipleOf: face editor slider 7", "/v1/ai-face-editor", """{"assets":{"image_file_path":"{img}"},"style":{"mouth_smile":7}}""", "style.mouth_smile");
        yield return Case("maximum: face editor slider 105", "/v1/ai-face-editor", """{"assets":{"image_file_path":"{img}"},"style":{"head_yaw":105}}""", "style.head_yaw");
        yield return Case("multipleOf: face detection confidence 0.33", "/v1/face-detection", """{"confidence_score":0.33,"assets":{"target_file_path":"{img}"}}""", "confidence_score");
        yield return Case("numeric enum: image editor image_count 2", "/v1/ai-image-editor", """{"image_count":2,"style":{"prompt":"x"},"assets":{}}""", "image_count");
        yield return Case("maxLength: gif prompt 501", "/v1/ai-gif-generator", $$$"""{"style":{"prompt":"{{{new string('a', 501)}}}"}}""", "style.prompt");
        yield return Case("maxLength: text-to-video prompt 2001", "/v1/text-to-video", $$$"""{"end_seconds":4,"style":{"prompt":"{{{LongText}}}"}}""", "style.prompt");
        yield return Case("maxItems: image editor 11 images", "/v1/ai-image-editor",
            $$$"""{"style":{"prompt":"x"},"assets":{"image_file_paths":[{{{string.Join(",", Enumerable.Repeat("\"{img}\"", 11))}}}]}}""", "assets.image_file_paths");
        yield return Case("maxItems: face swap photo 6 mappings", "/v1/face-swap-photo",
            $$$"""{"assets":{"face_swap_mode":"individual-faces","target_file_path":"{img}","face_mappings":[{{{string.Join(",", Enumerable.Repeat("""{"original_face":"{img}","new_face":"{img}"}""", 6))}}}]}}""", "assets.face_mappings");
        yield return Case("enum: text-to-video aspect_ratio 4:3", "/v1/text-to-video", """{"end_seconds":5,"aspect_ratio":"4:3","style":{"prompt":"a dog"}}""", "aspect_ratio");
        yield return Case("enum: voice name", "/v1/ai-voice-generator", """{"style":{"prompt":"hi","voice_name":"Nobody In Particular"}}""", "style.voice_name");
        yield return Case("enum: meme template", "/v1/ai-meme-generator", """{"style":{"topic":"x","template":"Not A Template"}}""", "style.template");
        yield return Case("format uri: face swap youtube_url", "/v1/face-swap", """{"start_seconds":0,"end_seconds":1,"assets":{"video_source":"youtube","youtube_url":"not a url","image_file_path":"{img}"}}""", "assets.youtube_url");
        yield return Case("format uri: lip sync youtube_url without scheme", "/v1/lip-sync", """{"start_seconds":0,"end_seconds":1,"assets":{"audio_file_path":"{aud}","video_source":"youtube","youtube_url":"youtube.com/watch?v=x"}}""", "assets.youtube_url");
        yield return Case("integer: animation transition_speed 2.5", "/v1/animation",
            """{"fps":12,"end_seconds":2,"height":512,"width":512,"style":{"art_style":"Painterly Illustration","camera_effect":"Simple Zoom In","prompt_type":"ai_choose","transition_speed":2.5},"assets":{"audio_source":"none"}}""", "style.transition_speed");
        yield return Case("maximum: animation transition_speed 11", "/v1/animation",
            """{"fps":12,"end_seconds":2,"height":512,"width":512,"style":{"art_style":"Painterly Illustration","camera_effect":"Simple Zoom In","prompt_type":"ai_choose","transition_speed":11},"assets":{"audio_source":"none"}}""", "style.transition_speed");
        yield return Case("minimum inside array items: character replace point", "/v1/character-replace",
            """{"end_seconds":1,"assets":{"video_file_path":"{vid}","image_file_path":"{img}"},"style":{"selection_mode":"point","points":[{"position_x":-1,"position_y":0,"time_seconds":0}]}}""", "style.points[0].position_x");
        yield return Case("required inside an optional object: character replace point", "/v1/character-replace",
            """{"end_seconds":1,"assets":{"video_file_path":"{vid}","image_file_path":"{img}"},"style":{"points":[{"position_x":1,"position_y":2}]}}""", "style.points[0].time_seconds");
        yield return Case("minLength inside array items: image editor empty path", "/v1/ai-image-editor", """{"style":{"prompt":"x"},"assets":{"image_file_paths":["{img}",""]}}""", "assets.image_file_paths[1]");
        yield return Case("type: headshot file path is a number", "/v1/ai-headshot-generator", """{"assets":{"image_file_path":5}}""", "assets.image_file_path");
        yield return Case("enum: translator language", "/v1/ai-video-translator", """{"end_seconds":2,"target_language":"Klingon","assets":{"video_file_path":"{vid}"}}""", "target_language");
        yield return Case("minimum: video start_seconds -1", "/v1/ai-video-translator", """{"start_seconds":-1,"end_seconds":2,"target_language":"French","assets":{"video_file_path":"{vid}"}}""", "start_seconds");
    }

    [TestCaseSource(nameof(SpecViolations))]
    public async Task A_create_the_spec_refuses_is_422_naming_the_field_and_charges_nothing(string path, string body, string field)
    {
        var before = _emulator.GetStats();
        var (status, error) = await _http.PostAsync(path, Fill(body));
        Assert.That(status, Is.EqualTo(HttpStatusCode.UnprocessableEntity), error?.ToJsonString());
        Assert.That((string)error!["message"]!, Does.Contain($"'{field}'"));
        var after = _emulator.GetStats();
        Assert.That(after.ProjectsCreated, Is.EqualTo(before.ProjectsCreated));
        Assert.That(after.CreditsCharged, Is.EqualTo(before.CreditsCharged));
    }

    [TestCase("/v1/ai-face-editor", """{"assets":{"image_file_path":"{img}"},"style":{"mouth_smile":-35,"head_yaw":100,"enhance_face":true}}""")]
    [TestCase("/v1/face-detection", """{"confidence_score":0.85,"assets":{"target_file_path":"{img}"}}""")]
    [TestCase("/v1/ai-image-editor", """{"image_count":9,"style":{"prompt":"x"},"assets":{"image_file_paths":["{img}","{img}","{img}","{img}","{img}","{img}","{img}","{img}","{img}","{img}"]}}""")]
    [TestCase("/v1/text-to-video", """{"end_seconds":5,"aspect_ratio":"9:16","style":{"prompt":"a dog"}}""")]
    [TestCase("/v1/face-swap", """{"start_seconds":0,"end_seconds":1,"assets":{"video_source":"youtube","youtube_url":"https://www.youtube.com/watch?v=x","image_file_path":"{img}"}}""")]
    [TestCase("/v1/ai-headshot-generator", """{"name":null,"assets":{"image_file_path":"{img}"}}""")]
    public async Task Values_on_the_edge_of_the_spec_rules_are_accepted(string path, string body)
    {
        var (status, created) = await _http.PostAsync(path, Fill(body));
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), created?.ToJsonString());
    }

    [Test]
    public async Task Face_swap_photo_projects_report_the_vendors_FACE_SWAP_type()
    {
        var (_, created) = await _http.PostAsync("/v1/face-swap-photo", Fill(Valid["/v1/face-swap-photo"].Body));
        var (_, project) = await _http.GetAsync($"/v1/image-projects/{created!["id"]}");
        Assert.That((string)project!["type"]!, Is.EqualTo("FACE_SWAP"));
    }

    [Test]
    public async Task A_create_operation_added_to_the_spec_is_served_with_the_defaults_of_its_kind()
    {
        // A copy of the translator under a new path, with no hand-written entry: routing, validation, cost,
        // name and output all follow from the spec alone.
        var spec = ApiSpec.Parse(ApiSpec.EmbeddedText());
        var operation = spec.Paths["/v1/ai-video-translator"]!.DeepClone().AsObject();
        operation["post"]!["operationId"] = "AiFutureTool_Create";
        spec.Paths["/v1/ai-future-tool"] = operation;
        await using var emulator = await MagicHourEmulator.StartAsync(new() { RenderTime = TimeSpan.Zero, Spec = spec });
        using var http = new EmulatorHttp(emulator);
        var video = await http.UploadAsync("not a video"u8.ToArray(), "video", "mp4");

        var (refused, _) = await http.PostAsync("/v1/ai-future-tool", $$$"""{"end_seconds":2,"target_language":"Klingon","assets":{"video_file_path":"{{{video}}}"}}""");
        Assert.That(refused, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var (status, created) = await http.PostAsync("/v1/ai-future-tool", $$$"""{"end_seconds":2,"target_language":"German","assets":{"video_file_path":"{{{video}}}"}}""");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), created?.ToJsonString());
        Assert.That((long)created!["credits_charged"]!, Is.EqualTo(2 * CreateEndpointCatalog.VideoCreditsPerSecond));

        var (_, project) = await http.GetAsync($"/v1/video-projects/{created["id"]}");
        Assert.That((string)project!["type"]!, Is.EqualTo("AI_FUTURE_TOOL"));
        Assert.That((string)project["name"]!, Does.StartWith("Video Translator - "), "the spec's name default");
        AssertSignature(await http.DownloadAsync((string)project["downloads"]![0]!["url"]!), "mp4");
    }

    [Test]
    public void Every_create_operation_of_the_spec_has_a_hand_written_entry()
    {
        // Not needed for serving (see the test above), but a missing entry means a guessed price and type.
        Assert.That(CreateEndpointCatalog.All.Where(e => !e.HandWritten).Select(e => e.Path), Is.Empty);
    }
}
