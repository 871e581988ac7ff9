using System.Text.Json.Nodes;

namespace MagicHour.SpecSync.Tests;

/// <summary>The YAML patcher on its own: the text edit for a model change.</summary>
public class PatcherTests
{
    private static string Patch(string yaml, Action<JsonObject> change)
    {
        var before = SpecLoader.Parse(yaml, "t.yaml", SpecFormat.Yaml).Root;
        var after = (JsonObject)before.DeepClone();
        change(after);
        var result = YamlPatcher.Apply(yaml, before, after).Text;
        Assert.That(JsonValues.DeepEquals(SpecLoader.Parse(result, "t.yaml", SpecFormat.Yaml).Root, after), Is.True, result);
        return result;
    }

    private const string Spec =
        """
        openapi: 3.0.3
        paths: {}
        components:
          schemas:
            # ---- a section ----
            A:
              type: string
              enum:
                - one
                - two
            B:
              required: [x, y]
              description: >-
                Folded text that
                spans two lines.
            # ---- next section ----
            C:
              type: integer

        """;

    [Test]
    public void BlockListItem_IsAddedAsOneLine()
    {
        var result = Patch(Spec, root => root["components"]!["schemas"]!["A"]!["enum"]!.AsArray().Add("three"));

        Assert.That(result, Is.EqualTo(Spec.Replace("        - two\n", "        - two\n        - three\n")));
    }

    [Test]
    public void RemovedEntry_TakesItsFoldedText_ButNotTheNextSectionComment()
    {
        var result = Patch(Spec, root => root["components"]!["schemas"]!.AsObject().Remove("B"));

        Assert.That(result, Does.Contain("        - two\n    # ---- next section ----\n    C:"));
    }

    [Test]
    public void EntryAddedAtTheEndOfASchema_GoesBeforeTheNextSchemaAddedAtTheSamePlace()
    {
        var result = Patch(Spec, root =>
        {
            var schemas = root["components"]!["schemas"]!.AsObject();
            schemas["B"]!["type"] = "object";
            schemas.Insert(schemas.IndexOf("B") + 1, "B2", new JsonObject { ["type"] = "string" });
        });

        Assert.That(result, Does.Contain("        spans two lines.\n      type: object\n    B2:\n      type: string\n    # ---- next section ----"));
    }

    [Test]
    public void LongFlowList_WrapsUnderItsKey()
    {
        var result = Patch(Spec, root =>
        {
            var required = root["components"]!["schemas"]!["B"]!["required"]!.AsArray();
            foreach (var name in Enumerable.Range(0, 12).Select(i => $"property_number_{i}"))
            {
                required.Add(name);
            }
        });

        var lines = result.Split('\n').Where(line => line.Contains("property_number_", StringComparison.Ordinal)).ToList();
        Assert.That(lines, Has.Count.GreaterThan(1));
        Assert.That(lines.All(line => line.Length <= YamlEmitter.MaxLineLength), Is.True, string.Join('\n', lines));
    }

    [TestCase("16:9")]
    [TestCase("1")]
    [TestCase("yes: no")]
    [TestCase("true")]
    [TestCase("-leading dash")]
    [TestCase("it's")]
    public void StringsThatWouldReadAsSomethingElse_AreQuoted(string value)
    {
        var result = Patch(Spec, root => root["components"]!["schemas"]!["C"]!["default"] = value);

        Assert.That(SpecLoader.Parse(result, "t.yaml", SpecFormat.Yaml).Root["components"]!["schemas"]!["C"]!["default"]!.GetValue<string>(), Is.EqualTo(value));
    }
}
