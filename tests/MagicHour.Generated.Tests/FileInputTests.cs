using RichardSzalay.MockHttp;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MagicHour.Generated.Tests;

/// <summary>File inputs are found from the spec's marks, at any depth, and uploaded by Generate.</summary>
public class FileInputTests
{
    [Test]
    public void FileInputFields_MatchEveryFieldTheVendorDocumentsAsAnUpload()
    {
        var upstream = RepoPaths.UpstreamSpec;
        if (upstream is null) Assert.Ignore("../shared/upstream/magic-hour-openapi.json is not present");

        // The vendor documents file inputs by linking its upload guide from the field's description, or
        // (where it forgot, e.g. end_image_file_path) by the `_file_path` naming convention.
        var documented = new HashSet<string>(StringComparer.Ordinal);
        void Walk(JsonNode? node)
        {
            if (node is JsonObject obj)
            {
                if (obj["properties"] is JsonObject props)
                {
                    foreach (var (name, schema) in props)
                    {
                        var text = (schema?["description"]?.GetValue<string>() ?? "") + (schema?["items"]?["description"]?.GetValue<string>() ?? "");
                        if (text.Contains("generate-asset-upload-urls", StringComparison.Ordinal) || name.EndsWith("_file_path", StringComparison.Ordinal) || name.EndsWith("_file_paths", StringComparison.Ordinal))
                        {
                            documented.Add(name);
                        }
                    }
                }
                foreach (var (_, child) in obj) Walk(child);
            }
            else if (node is JsonArray array) foreach (var child in array) Walk(child);
        }
        var spec = JsonNode.Parse(File.ReadAllText(upstream))!;
        foreach (var (_, item) in spec["paths"]!.AsObject())
            foreach (var (_, operation) in item!.AsObject())
                Walk(operation?["requestBody"]);

        Assert.That(documented, Is.Not.Empty);
        Assert.That(AssetFieldNames(), Is.EquivalentTo(documented));
    }

    [Test]
    public async Task FaceSwapGenerate_UploadsNestedAndArrayFileInputs_InOneUploadRequest()
    {
        using var api = new FakeApi();
        using var dir = new TempDir();
        ScriptUploads(api);
        api.On(HttpMethod.Post, "https://api.test/v1/face-swap", (HttpStatusCode.OK, """{"id":"v1","credits_charged":30}"""));
        var image = dir.File("source face.PNG", [1, 2, 3]);
        var video = dir.File("clip.mov", [4, 5, 6, 7]);
        var newFace = dir.File("new.jpg", [8]);
        var request = new FaceSwapCreateRequest
        {
            StartSeconds = 0,
            EndSeconds = 5,
            Assets = new FaceSwapAssets
            {
                ImageFilePath = image,
                VideoFilePath = video,
                VideoSource = VideoSource.File,
                FaceMappings = [new FaceMapping { OriginalFace = "api-assets/id/0-0.png", NewFace = newFace }],
            },
        };

        var result = await api.CreateClient().V1.FaceSwap.GenerateAsync(request, new GenerateOptions { WaitForCompletion = false });

        Assert.That(result.ProjectId, Is.EqualTo("v1"));
        var slots = JsonNode.Parse(api.To(HttpMethod.Post, "upload-urls").Single().BodyText)!["items"]!.AsArray()
            .Select(i => $"{i!["type"]}:{i["extension"]}").ToList();
        Assert.That(slots, Is.EquivalentTo(new[] { "image:png", "video:mov", "image:jpg" }));
        Assert.That(api.To(HttpMethod.Put, "storage.test").Count(), Is.EqualTo(3));
        var sent = JsonNode.Parse(api.To(HttpMethod.Post, "/v1/face-swap").Single().BodyText)!["assets"]!;
        Assert.That(sent["image_file_path"]!.GetValue<string>(), Does.StartWith("api-assets/"));
        Assert.That(sent["video_file_path"]!.GetValue<string>(), Does.StartWith("api-assets/"));
        Assert.That(sent["face_mappings"]![0]!["new_face"]!.GetValue<string>(), Does.StartWith("api-assets/"));
        Assert.That(sent["face_mappings"]![0]!["original_face"]!.GetValue<string>(), Is.EqualTo("api-assets/id/0-0.png"), "not a file input: left alone");
        Assert.That(request.Assets.FaceMappings[0].NewFace, Is.EqualTo(newFace), "the caller's request is not modified");
    }

    [Test]
    public async Task StringArrayOfFiles_IsUploadedElementByElement_AndTheSameFileOnlyOnce()
    {
        using var api = new FakeApi();
        using var dir = new TempDir();
        ScriptUploads(api);
        api.On(HttpMethod.Post, "https://api.test/v1/ai-image-editor", (HttpStatusCode.OK, """{"id":"i1","credits_charged":50}"""));
        var a = dir.File("a.png", [1]);
        var request = new AiImageEditorCreateRequest
        {
            Style = new AiImageEditorStyle { Prompt = "make it blue" },
            Assets = new AiImageEditorAssets { ImageFilePaths = [a, "https://cdn.example.com/b.png", a] },
        };

        await api.CreateClient().V1.AiImageEditor.GenerateAsync(request, new GenerateOptions { WaitForCompletion = false });

        Assert.That(JsonNode.Parse(api.To(HttpMethod.Post, "upload-urls").Single().BodyText)!["items"]!.AsArray(), Has.Count.EqualTo(1));
        var paths = JsonNode.Parse(api.To(HttpMethod.Post, "ai-image-editor").Single().BodyText)!["assets"]!["image_file_paths"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
        Assert.That(paths[0], Does.StartWith("api-assets/"));
        Assert.That(paths[1], Is.EqualTo("https://cdn.example.com/b.png"));
        Assert.That(paths[2], Is.EqualTo(paths[0]));
    }

    private static IReadOnlySet<string> AssetFieldNames()
        => (IReadOnlySet<string>)typeof(MagicHourClient).Assembly.GetType("MagicHour.Generated.AssetFields")!.GetProperty("Names")!.GetValue(null)!;

    /// <summary>Answers upload-urls with one slot per requested item, and accepts every PUT.</summary>
    private static void ScriptUploads(FakeApi api)
    {
        var counter = 0;
        api.Mock.When(HttpMethod.Post, "https://api.test/v1/files/upload-urls").Respond(req =>
        {
            var body = req.Content!.ReadAsStringAsync().GetAwaiter().GetResult();
            lock (api.Requests) api.Requests.Add(new CapturedRequest(req.Method, req.RequestUri!, req.Headers.Authorization?.ToString(), null, null, System.Text.Encoding.UTF8.GetBytes(body)));
            var items = JsonNode.Parse(body)!["items"]!.AsArray().Select(i =>
            {
                var n = Interlocked.Increment(ref counter);
                var ext = i!["extension"]!.GetValue<string>();
                return (JsonNode)new JsonObject { ["upload_url"] = $"https://storage.test/up/{n}?sig=s", ["expires_at"] = "2026-11-26T10:00:00Z", ["file_path"] = $"api-assets/x/{n}.{ext}" };
            }).ToArray();
            return FakeApi.Json(HttpStatusCode.OK, new JsonObject { ["items"] = new JsonArray(items) }.ToJsonString());
        });
        api.On(HttpMethod.Put, "https://storage.test/up/*", (HttpStatusCode.OK, "{}"));
    }
}
