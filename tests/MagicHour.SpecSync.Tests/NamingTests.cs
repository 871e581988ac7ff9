using System.Text.Json.Nodes;

namespace MagicHour.SpecSync.Tests;

/// <summary>The naming conventions and the file-input rule, on their own.</summary>
public class NamingTests
{
    [TestCase("/v1/ai-video-translator", "AiVideoTranslator")]
    [TestCase("/v1/files/upload-urls", "UploadUrls")]
    [TestCase("/v1/image-projects/{id}", "ImageProjects")]
    [TestCase("/v1/account", "Account")]
    public void Resource_IsTheLastStaticSegmentInPascalCase(string path, string resource)
    {
        Assert.That(Naming.Resource(path), Is.EqualTo(resource));
    }

    [TestCase("post", "/v1/ai-video-translator", false, "Create")]
    [TestCase("get", "/v1/saved-items", true, "List")]
    [TestCase("get", "/v1/account", false, "Get")]
    [TestCase("get", "/v1/video-projects/{id}", false, "Get")]
    [TestCase("delete", "/v1/video-projects/{id}", false, "Delete")]
    public void Verb_FollowsMethodAndAnswer(string method, string path, bool returnsList, string verb)
    {
        Assert.That(Naming.Verb(method, path, returnsList), Is.EqualTo(verb));
    }

    [TestCase("Points", "Point")]
    [TestCase("Entries", "Entry")]
    [TestCase("Items", "Item")]
    [TestCase("Data", "DataItem")]
    public void Singular_NamesOneListItem(string plural, string singular)
    {
        Assert.That(Naming.Singular(plural), Is.EqualTo(singular));
    }

    [TestCase("402", "PaymentRequired")]
    [TestCase("422", "UnprocessableEntity")]
    [TestCase("418", "Status418")]
    public void Reason_NamesTheSharedErrorResponse(string code, string name)
    {
        Assert.That(Naming.Reason(code), Is.EqualTo(name));
    }

    [TestCase("video_file_path", "string", true)]
    [TestCase("new_face", "string", true)]
    [TestCase("image_file_paths", "array", true)]
    [TestCase("original_face", "string", false)]
    [TestCase("video_file_path", "integer", false)]
    public void FileInput_FollowsTheSpecsRule(string property, string type, bool marked)
    {
        var context = new SyncContext("POST /v1/x", "X", "Create", null, "XAssets", SlotRole.Property, property, "XAssets");

        Assert.That(FileMarks.IsFileInput(context, new JsonObject { ["type"] = type }), Is.EqualTo(marked));
    }

    [Test]
    public void ConventionalNames_PerSlot()
    {
        var context = new SyncContext("POST /v1/ai-video-translator", "AiVideoTranslator", "Create", "video", "POST /v1/ai-video-translator", SlotRole.RequestBody);

        Assert.That(context.ConventionalName(), Is.EqualTo("AiVideoTranslatorCreateRequest"));
        Assert.That((context with { Role = SlotRole.Response }).ConventionalName(), Is.EqualTo("VideoProjectCreateResponse"));
        Assert.That((context with { Role = SlotRole.Response }).ConventionalName(forSplit: true), Is.EqualTo("AiVideoTranslatorCreateResponse"));
        Assert.That(context.ForSchema("AiVideoTranslatorCreateRequest").ForProperty("assets").ConventionalName(), Is.EqualTo("AiVideoTranslatorAssets"));
        Assert.That(context.ForSchema("AiVideoTranslatorCreateRequest").ForProperty("target_language").ConventionalName(), Is.EqualTo("AiVideoTranslatorTargetLanguage"));
        Assert.That(context.ForSchema("AiVideoTranslatorCreateRequest").ForProperty("target_language").FallbackName(), Is.EqualTo("AiVideoTranslatorCreateRequestTargetLanguage"));
    }
}
