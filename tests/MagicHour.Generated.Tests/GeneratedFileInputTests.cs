using System.CodeDom.Compiler;
using System.Reflection;
using System.Text.Json.Serialization;

namespace MagicHour.Generated.Tests;

/// <summary>
/// The Generate workflow finds file inputs by JSON name, from a list the generator writes
/// (openapi/templates/File.Footer.liquid) instead of reflecting over the models (NativeAOT-safe).
/// </summary>
public class GeneratedFileInputTests
{
    [Test]
    public void FileInputNames_AreExactlyThePropertiesTheSpecMarksXMagichourFile()
    {
        var marked = SpecFile.FileInputNames();
        Assert.That(marked, Has.Count.GreaterThan(10));
        Assert.That(GeneratedModelMetadata.FileInputJsonNames, Is.EquivalentTo(
            GeneratedModels().SelectMany(t => t.GetProperties()).Where(p => p.IsDefined(typeof(FileInputAttribute))).Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()!.Name)),
            "one name per [FileInput] property");
        Assert.That(AssetFields.Names, Is.EquivalentTo(marked));
    }

    private static IEnumerable<Type> GeneratedModels()
        => typeof(MagicHourClient).Assembly.GetTypes()
            .Where(t => t.IsClass && t.GetCustomAttribute<GeneratedCodeAttribute>()?.Tool == "NJsonSchema")
            .Where(t => !typeof(JsonConverter).IsAssignableFrom(t));
}
