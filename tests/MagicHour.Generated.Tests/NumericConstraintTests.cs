using System.Net;
using System.Text.Json.Nodes;

namespace MagicHour.Generated.Tests;

/// <summary>
/// multipleOf and numeric enums: the API answers 422 for them, so the SDK must refuse them before uploading or
/// creating anything. They used to be skipped (NSwag's model template does not expose them).
/// </summary>
public class NumericConstraintTests
{
    [Test]
    public void EveryMultipleOfAndNumericEnumInTheSpec_HasARule()
    {
        var expected = new List<string>();
        foreach (var (name, schema) in OurSpecSchemas())
            foreach (var (property, definition) in schema["properties"]?.AsObject() ?? [])
            {
                var target = definition!["$ref"] is { } r ? OurSpecSchemas().Single(s => s.Name == ((string)r!).Split('/')[^1]).Schema : definition.AsObject();
                var numeric = (string?)target["type"] is "number" or "integer";
                if (numeric && (target["multipleOf"] is not null || target["enum"] is JsonArray))
                    expected.Add(name + "." + property);
            }

        Assert.That(expected, Has.Count.GreaterThanOrEqualTo(16), "face editor's 14 sliders, confidence_score, image_count");
        Assert.That(SpecConstraints.LoadRules().Keys, Is.EquivalentTo(expected));
    }

    [TestCase(5.0, true)]
    [TestCase(-100.0, true)]
    [TestCase(7.0, false)]
    public async Task FaceEditorSliders_TakeMultiplesOfFive_CheckedBeforeAnyRequest(double value, bool accepted)
    {
        using var api = new FakeApi();
        using var dir = new TempDir();
        api.On(HttpMethod.Post, $"{FakeApi.BaseUrl}v1/ai-face-editor", (HttpStatusCode.OK, """{"id":"p","credits_charged":1}"""));
        var client = api.CreateClient();
        var request = new AiFaceEditorCreateRequest { Assets = new() { ImageFilePath = "https://example.test/face.png" }, Style = new() { EyebrowDirection = value } };

        if (accepted)
        {
            await client.V1.AiFaceEditor.GenerateAsync(request, new GenerateOptions { WaitForCompletion = false });
            Assert.That(api.To(HttpMethod.Post, "ai-face-editor").Count(), Is.EqualTo(1));
        }
        else
        {
            var error = Assert.ThrowsAsync<ArgumentException>(() => client.V1.AiFaceEditor.GenerateAsync(request, new GenerateOptions { WaitForCompletion = false }));
            Assert.That(error!.Message, Does.Contain("$.style.eyebrow_direction").And.Contain("multiple of 5"));
            Assert.That(api.Requests, Is.Empty, "nothing sent, nothing charged");
        }
    }

    [TestCase(0.35, true)]
    [TestCase(0.33, false)]
    public void ConfidenceScore_StepsOf005_UsingExactDecimalArithmetic(double score, bool accepted)
    {
        var request = new FaceDetectionCreateRequest { ConfidenceScore = score, Assets = new() { TargetFilePath = "https://example.test/a.png" } };
        if (accepted) Assert.DoesNotThrow(() => RequestValidator.Validate(request));
        else Assert.That(() => RequestValidator.Validate(request), Throws.ArgumentException.With.Message.Contains("multiple of 0.05"));
    }

    [TestCase(4.0, true)]
    [TestCase(3.0, false)]
    public void ImageEditorImageCount_IsOneOf_1_4_9_16(double count, bool accepted)
    {
        var request = new AiImageEditorCreateRequest { ImageCount = count, Style = new() { Prompt = "p" }, Assets = new() { ImageFilePaths = ["https://example.test/a.png"] } };
        if (accepted) Assert.DoesNotThrow(() => RequestValidator.Validate(request));
        else Assert.That(() => RequestValidator.Validate(request), Throws.ArgumentException.With.Message.Contains("one of 1, 4, 9, 16"));
    }

    private static IEnumerable<(string Name, JsonObject Schema)> OurSpecSchemas()
        => OurSpec.Schemas().Select(s => (s.Name, s.Schema));
}
