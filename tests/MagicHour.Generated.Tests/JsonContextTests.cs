using System.CodeDom.Compiler;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using MagicHour.Generated.Http;

namespace MagicHour.Generated.Tests;

/// <summary>
/// JSON goes through the source-generated <see cref="MagicHourJsonContext"/> only. Its [JsonSerializable]
/// list is emitted by the generator (openapi/templates/File.Footer.liquid); these tests catch a template
/// change that would make it miss a model, and any silent fallback to reflection.
/// </summary>
public class JsonContextTests
{
    private static IEnumerable<Type> GeneratedModelClasses()
        => typeof(MagicHourClient).Assembly.GetTypes()
            .Where(t => t.IsClass && t.GetCustomAttribute<GeneratedCodeAttribute>()?.Tool == "NJsonSchema")
            .Where(t => !typeof(JsonConverter).IsAssignableFrom(t));

    [Test]
    public void Every_generated_model_class_is_in_the_context()
    {
        var models = GeneratedModelClasses().ToList();
        Assert.That(models, Has.Count.GreaterThan(50), "the reflection filter no longer finds the generated models");
        var missing = models.Where(t => MagicHourJsonContext.Default.GetTypeInfo(t) is null).Select(t => t.Name).ToList();
        Assert.That(missing, Is.Empty, "generated models without source-generated metadata");
    }

    [Test]
    public void Shared_options_use_the_context_and_never_fall_back_to_reflection()
    {
        Assert.That(MagicHourJson.Options.GetTypeInfo(typeof(ImageProject)).Properties, Has.None.Matches<System.Text.Json.Serialization.Metadata.JsonPropertyInfo>(p => p.IsRequired),
            "required members are C# `required`; reading stays lenient and the SDK's own checks judge a missing field");
        Assert.Throws<NotSupportedException>(() => MagicHourJson.Options.GetTypeInfo(typeof(NotAModel)));
    }

    [Test]
    public void Models_round_trip_through_the_context()
    {
        var request = new AiHeadshotGeneratorCreateRequest { Name = "n", Assets = new() { ImageFilePath = "api-assets/a/b.png" } };
        var json = JsonSerializer.Serialize(request, MagicHourJson.Options);
        Assert.That(json, Is.EqualTo("""{"name":"n","assets":{"image_file_path":"api-assets/a/b.png"}}"""));

        var project = JsonSerializer.Deserialize("""{"id":"p","status":"some-new-status","credits_charged":5,"downloads":[],"later_field":1}""", MagicHourJson.Options.TypeInfo<ImageProject>())!;
        Assert.That(project.Status.ToString(), Is.EqualTo("some-new-status"));
        Assert.That(project.CreditsCharged, Is.EqualTo(5));
    }

    private sealed class NotAModel
    {
        public int Value { get; set; }
    }
}
