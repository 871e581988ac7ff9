using System.Text.Json;
using System.Text.Json.Nodes;

namespace MagicHour.SpecDrift.Tests;

/// <summary>Reading YAML and JSON into the same JSON tree, scalars included.</summary>
public class LoaderTests
{
    [Test]
    public void YamlEnumScalars_KeepTheirTextAndType()
    {
        var root = YamlToJson.Parse(
            """
            enum: [16:9, 21 Savage, "1", '2', 3D Anime, 50 Cent, 4k, 1, 0.5, true, yes, null, ~, 1:1, 09:30]
            """)!;

        var values = root["enum"]!.AsArray().Select(v => v is null ? "null" : $"{v.GetValueKind()}:{v.ToJsonString()}").ToArray();
        Assert.That(values, Is.EqualTo(new[]
        {
            "String:\"16:9\"", "String:\"21 Savage\"", "String:\"1\"", "String:\"2\"", "String:\"3D Anime\"",
            "String:\"50 Cent\"", "String:\"4k\"", "Number:1", "Number:0.5", "True:true", "String:\"yes\"",
            "null", "null", "String:\"1:1\"", "String:\"09:30\"",
        }));
    }

    [Test]
    public void YamlTagsAndBlockScalars_AreHonoured()
    {
        var root = YamlToJson.Parse("a: !!str 123\nb: !!int '7'\nc: |\n  42\nd: >-\n  folded\n  text\ne: 0x1F\nf: -3\ng: 1e3\n")!.AsObject();

        Assert.Multiple(() =>
        {
            Assert.That(Specs.AsString(root["a"]), Is.EqualTo("123"));
            Assert.That(root["b"]!.GetValueKind(), Is.EqualTo(JsonValueKind.Number));
            Assert.That(Specs.AsString(root["c"]), Is.EqualTo("42\n"));
            Assert.That(Specs.AsString(root["d"]), Is.EqualTo("folded text"));
            Assert.That(root["e"]!.ToJsonString(), Is.EqualTo("31"));
            Assert.That(root["f"]!.ToJsonString(), Is.EqualTo("-3"));
            Assert.That(JsonValues.DeepEquals(root["g"], JsonValue.Create(1000)), Is.True);
        });
    }

    [Test]
    public void YamlEnumValues_RoundTripAgainstTheVendorsJson()
    {
        var upstream = Specs.Json("""{"openapi":"3.0.2","paths":{"/v1/thing":{"post":{"requestBody":{"required":true,"content":{"application/json":{"schema":{"type":"string","enum":["16:9","21 Savage","1","3D Anime"]}}}},"responses":{"200":{"description":"ok"}}}}}}""");
        var ours = Specs.WithBody("{type: string, enum: [16:9, 21 Savage, '1', 3D Anime]}");

        Assert.That(Specs.Lines(upstream, ours), Is.Empty);
    }

    [Test]
    public void QuotedNumberAndNumber_AreDifferentEnumValues()
    {
        var upstream = Specs.WithBody("{enum: ['1', 2]}");
        var ours = Specs.WithBody("{enum: [1, '2']}");

        Assert.That(Specs.Lines(upstream, ours), Is.EqualTo(new[]
        {
            $"{Specs.Body}.enum  upstream=[\"1\"]  ours=[]",
            $"{Specs.Body}.enum  upstream=[2]  ours=[]",
            $"{Specs.Body}.enum  upstream=[]  ours=[\"2\"]",
            $"{Specs.Body}.enum  upstream=[]  ours=[1]",
        }));
    }

    [Test]
    public void YamlDuplicateKey_IsInvalid()
    {
        var error = Assert.Throws<SpecLoadException>(() => Specs.Yaml("openapi: 3.0.3\npaths: {}\npaths: {}\n"));
        Assert.That(error!.Message, Does.Contain("duplicate key 'paths'"));
    }

    [Test]
    public void JsonDuplicateKey_IsInvalid()
    {
        Assert.Throws<SpecLoadException>(() => Specs.Json("""{"openapi":"3.0.2","paths":{},"paths":{}}"""));
    }

    [TestCase("""{"swagger": "2.0", "paths": {}}""")]
    [TestCase("""{"openapi": "2.5", "paths": {}}""")]
    [TestCase("""{"openapi": "3.0.2"}""")]
    [TestCase("""[1, 2]""")]
    [TestCase("just a string")]
    [TestCase("")]
    public void NonOpenApiDocuments_AreRejected(string text)
    {
        Assert.Throws<SpecLoadException>(() => SpecLoader.Parse(text));
    }

    [Test]
    public void AutoFormat_ReadsJsonAndYaml()
    {
        Assert.Multiple(() =>
        {
            Assert.That(SpecLoader.Parse("""{"openapi": "3.0.2", "paths": {}}""").Root["openapi"]!.ToString(), Is.EqualTo("3.0.2"));
            Assert.That(SpecLoader.Parse("openapi: 3.0.3\npaths: {}\n").Root["openapi"]!.ToString(), Is.EqualTo("3.0.3"));
            Assert.That(SpecLoader.Parse("{openapi: 3.0.3, paths: {}}").Root["openapi"]!.ToString(), Is.EqualTo("3.0.3"));
        });
    }

    [Test]
    public void AliasBomb_FailsInsteadOfExhaustingMemory()
    {
        var lines = new List<string> { "a0: &a0 [x, x, x, x, x, x, x, x, x, x]" };
        for (var i = 1; i <= 9; i++)
        {
            var previous = $"*a{i - 1}";
            lines.Add($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat(previous, 10))}]");
        }

        Assert.Throws<SpecLoadException>(() => SpecLoader.Parse("openapi: 3.0.3\npaths: {}\n" + string.Join('\n', lines), "bomb.yaml", SpecFormat.Yaml));
    }
}
