using static MagicHour.SpecDrift.Tests.Specs;

namespace MagicHour.SpecDrift.Tests;

/// <summary><see cref="Difference.Schema"/>: which of our component schemas a difference falls inside.</summary>
public class OurSchemaTests
{
    private static readonly SpecDocument Upstream = WithBody(
        "{type: object, properties: {assets: {type: object, required: [image_file_path], properties: {image_file_path: {type: string}}}, name: {type: integer}}}");

    [Test]
    public void InnermostReferencedSchema_IsNamed()
    {
        var ours = WithBody(
            "{$ref: '#/components/schemas/Request'}",
            "Request: {type: object, properties: {assets: {$ref: '#/components/schemas/Assets'}, name: {type: string}}}\n" +
            "Assets: {type: object, properties: {image_file_path: {type: string}}}");

        var differences = StructuralComparer.Compare(Upstream, ours);

        Assert.That(differences.Select(d => (d.Location, d.Schema)), Is.EquivalentTo(new[]
        {
            ("requestBody.content[application/json].schema.properties.assets.required", (string?)"Assets"),
            ("requestBody.content[application/json].schema.properties.name.type", "Request"),
        }));
        Assert.That(differences[0].ToReportLine(), Does.EndWith("  (ours: Assets)"));
    }

    [Test]
    public void NullableAllOfWrapper_NamesTheWrappedSchema()
    {
        var ours = WithBody(
            "{type: object, properties: {assets: {allOf: [{$ref: '#/components/schemas/Assets'}], nullable: false}, name: {type: integer}}}",
            "Assets: {type: object, properties: {image_file_path: {type: string}}}");

        var difference = StructuralComparer.Compare(Upstream, ours).Single();

        Assert.That(difference.Schema, Is.EqualTo("Assets"));
    }

    [Test]
    public void InlineSchema_HasNoName_AndThePlainLineIsUnchanged()
    {
        var ours = WithBody(
            "{type: object, properties: {assets: {type: object, properties: {image_file_path: {type: string}}}, name: {type: integer}}}");

        var difference = StructuralComparer.Compare(Upstream, ours).Single();

        Assert.That(difference.Schema, Is.Null);
        Assert.That(difference.ToReportLine(), Is.EqualTo(difference.ToString()));
    }
}
