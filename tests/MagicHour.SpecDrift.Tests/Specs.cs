using System.Text.Json.Nodes;

namespace MagicHour.SpecDrift.Tests;

/// <summary>Builds small spec pairs for the tests.</summary>
internal static class Specs
{
    /// <summary>The location prefix of the request body schema in <see cref="WithBody"/> documents.</summary>
    public const string Body = "POST /v1/thing  requestBody.content[application/json].schema";

    public static SpecDocument Yaml(string text) => SpecLoader.Parse(text, "test.yaml", SpecFormat.Yaml);

    public static SpecDocument Json(string text) => SpecLoader.Parse(text, "test.json", SpecFormat.Json);

    /// <summary>A document with POST /v1/thing whose JSON request body has <paramref name="schema"/> (YAML).</summary>
    public static SpecDocument WithBody(string schema, string componentSchemas = "{}") => Yaml(
        $$"""
        openapi: 3.0.3
        info: {title: t, version: '1'}
        paths:
          /v1/thing:
            post:
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
        {{Indent(schema, 14)}}
              responses:
                '200':
                  description: ok
        components:
          schemas:
        {{Indent(componentSchemas, 4)}}
        """);

    /// <summary>A document whose paths are <paramref name="paths"/> (YAML, at the indentation of path keys).</summary>
    public static SpecDocument WithPaths(string paths, string components = "{}") => Yaml(
        $$"""
        openapi: 3.0.3
        info: {title: t, version: '1'}
        paths:
        {{Indent(paths, 2)}}
        components:
        {{Indent(components, 2)}}
        """);

    public static string[] Lines(SpecDocument upstream, SpecDocument ours) =>
        StructuralComparer.Compare(upstream, ours).Select(d => d.ToString()).ToArray();

    public static string Indent(string text, int spaces)
    {
        var prefix = new string(' ', spaces);
        return string.Join('\n', text.Replace("\r\n", "\n").Split('\n').Select(line => line.Length == 0 ? line : prefix + line));
    }

    /// <summary>
    /// The vendor's file: shared/upstream/ in the test directory or the nearest parent that has it
    /// (the repo's sibling shared/ folder, here and in CI); null when absent.
    /// </summary>
    public static string? FindVendorSpec()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "upstream", "magic-hour-openapi.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public static string? AsString(JsonNode? node) => JsonValues.AsString(node);
}
