using System.Text.Json.Nodes;

namespace MagicHour.ContractTests;

/// <summary>The vendor's published spec (../shared/upstream beside the repository), read-only.</summary>
public static class Upstream
{
    private static readonly Lazy<JsonObject?> Spec = new(Load);

    public static JsonObject Document => Spec.Value ?? throw new IgnoreException("../shared/upstream/magic-hour-openapi.json is not present");

    /// <summary>Every operation as (METHOD, path), for test case sources; empty when the file is absent.</summary>
    public static IEnumerable<TestCaseData> Operations(Func<JsonObject, bool> filter)
    {
        if (Spec.Value is null) yield break;
        foreach (var (path, item) in Spec.Value["paths"]!.AsObject())
            foreach (var (method, operation) in item!.AsObject())
                if (filter(operation!.AsObject()))
                    yield return new TestCaseData(method.ToUpperInvariant(), path).SetName($"{method.ToUpperInvariant()} {path}");
    }

    public static JsonObject Operation(string method, string path) => Document["paths"]![path]![method.ToLowerInvariant()]!.AsObject();

    private static JsonObject? Load()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "MagicHour.Generated.sln"))) continue;
            var file = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "upstream", "magic-hour-openapi.json"));
            return File.Exists(file) ? JsonNode.Parse(File.ReadAllText(file))!.AsObject() : null;
        }
        return null;
    }
}

/// <summary>
/// Builds a representative JSON value for a vendor schema: every property (optional ones too, so each field
/// is exercised), using the vendor's per-field example where there is one, else its default, else the first
/// enum value, else a value of the right type and format.
/// </summary>
public static class ExampleBuilder
{
    public static JsonNode? Build(JsonNode? schemaNode)
    {
        if (schemaNode is not JsonObject schema) return null;
        var type = schema["type"]?.GetValue<string>();
        if (type is "object" || schema["properties"] is not null)
        {
            var obj = new JsonObject();
            if (schema["properties"] is JsonObject props)
                foreach (var (name, prop) in props) obj[name] = Build(prop);
            return obj;
        }
        if (type == "array")
        {
            var count = Math.Max(1, schema["minItems"]?.GetValue<int>() ?? 1);
            var array = new JsonArray();
            for (var i = 0; i < count; i++) array.Add(Build(schema["items"]));
            return array;
        }
        if (schema["example"] is { } example && Fits(example, type)) return example.DeepClone();
        if (schema["default"] is { } value && Fits(value, type)) return value.DeepClone();
        if (schema["enum"] is JsonArray values && values.Count > 0) return values[0]!.DeepClone();
        return type switch
        {
            "string" => schema["format"]?.GetValue<string>() switch
            {
                "date-time" => "2026-11-25T10:00:00Z",
                "uri" => "https://example.com/resource",
                _ => "text",
            },
            "integer" => JsonValue.Create((long)(schema["minimum"]?.GetValue<double>() ?? 1)),
            "number" => JsonValue.Create(schema["minimum"]?.GetValue<double>() ?? 1.5),
            "boolean" => JsonValue.Create(true),
            _ => null,
        };
    }

    private static bool Fits(JsonNode node, string? type) => type switch
    {
        "string" => node.GetValueKind() == System.Text.Json.JsonValueKind.String,
        "integer" or "number" => node.GetValueKind() == System.Text.Json.JsonValueKind.Number,
        "boolean" => node.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False,
        _ => true,
    };
}
