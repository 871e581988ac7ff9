using System.Text;
using System.Text.Json.Nodes;
using MagicHour.SpecDrift;

namespace MagicHour.SpecSync;

/// <summary>
/// A canonical text for the structure of a schema, response or parameter, following references and
/// leaving out what the spec drift check ignores (descriptions, examples, x-* marks, names, order of
/// properties, enum values and required names). Two nodes with the same key are structurally identical,
/// which is how the sync finds a schema of ours to reuse and whether the users of a shared schema agree.
/// </summary>
public static class ShapeKey
{
    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "description", "summary", "title", "example", "examples", "externalDocs", "$comment", "xml", "$ref",
    };

    private static readonly HashSet<string> FalseByDefault = new(StringComparer.Ordinal)
    {
        "nullable", "uniqueItems", "readOnly", "writeOnly", "deprecated", "exclusiveMinimum", "exclusiveMaximum",
    };

    /// <summary>The key of a schema node.</summary>
    public static string Schema(JsonNode? node, RefResolver refs) => Schema(node, refs, 0);

    /// <summary>The key of a response: its media types with their schemas, and its headers.</summary>
    public static string Response(JsonNode? node, RefResolver refs)
    {
        var response = refs.Resolve(node).Node as JsonObject ?? [];
        var builder = new StringBuilder("response{");
        foreach (var (mediaType, media) in Sorted(response["content"] as JsonObject, lowerCase: true))
        {
            builder.Append(mediaType).Append('=').Append(Schema((media as JsonObject)?["schema"], refs)).Append(';');
        }

        foreach (var (name, header) in Sorted(response["headers"] as JsonObject, lowerCase: true))
        {
            builder.Append("header ").Append(name).Append('=').Append(Parameter(header, refs, "header")).Append(';');
        }

        return builder.Append('}').ToString();
    }

    /// <summary>The key of a parameter (or header): location, name, required, style, explode and schema.</summary>
    public static string Parameter(JsonNode? node, RefResolver refs, string? location = null)
    {
        var parameter = refs.Resolve(node).Node as JsonObject ?? [];
        location ??= JsonValues.AsString(parameter["in"]);
        var style = JsonValues.AsString(parameter["style"]) ?? (location is "query" or "cookie" ? "form" : "simple");
        var explode = JsonValues.AsBool(parameter["explode"]) ?? style == "form";
        var required = JsonValues.AsBool(parameter["required"]) ?? location == "path";
        var name = location == "header" ? JsonValues.AsString(parameter["name"])?.ToLowerInvariant() : JsonValues.AsString(parameter["name"]);
        return $"parameter{{{location}:{name} required={required} style={style} explode={explode} schema={Schema(parameter["schema"], refs)}}}";
    }

    private static string Schema(JsonNode? node, RefResolver refs, int depth)
    {
        if (depth > 64)
        {
            return "<deep>";
        }

        var view = SchemaNormalizer.Normalize(node ?? JsonValue.Create(true), refs);
        if (view.Error is not null)
        {
            return $"<{view.Error}>";
        }

        var parts = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (keyword, value) in view.Keywords)
        {
            if (Ignored.Contains(keyword) || keyword.StartsWith("x-", StringComparison.Ordinal))
            {
                continue;
            }

            var text = keyword switch
            {
                "properties" => Properties(value as JsonObject, refs, depth),
                "items" when value is not JsonArray => Schema(value, refs, depth + 1),
                "not" => Schema(value, refs, depth + 1),
                "additionalProperties" => AdditionalProperties(value, refs, depth),
                "oneOf" or "anyOf" or "allOf" or "prefixItems" =>
                    "[" + string.Join(',', (value as JsonArray ?? []).Select(item => Schema(item, refs, depth + 1))) + "]",
                "enum" or "required" => Set(value),
                "discriminator" => JsonValues.Render((value as JsonObject)?["propertyName"]),
                _ when FalseByDefault.Contains(keyword) && JsonValues.AsBool(value) == false => null,
                _ => JsonValues.Render(value),
            };
            if (text is not null && !(keyword == "required" && text == "[]"))
            {
                parts[keyword] = text;
            }
        }

        return "{" + string.Join(';', parts.Select(pair => pair.Key + ":" + pair.Value)) + "}";
    }

    private static string Properties(JsonObject? properties, RefResolver refs, int depth) =>
        "{" + string.Join(',', Sorted(properties, lowerCase: false).Select(pair => pair.Key + "=" + Schema(pair.Value, refs, depth + 1))) + "}";

    private static string? AdditionalProperties(JsonNode? value, RefResolver refs, int depth)
    {
        if (value is null || JsonValues.AsBool(value) == true)
        {
            return null;
        }

        if (JsonValues.AsBool(value) == false)
        {
            return "false";
        }

        var key = Schema(value, refs, depth + 1);
        return key == "{}" ? null : key;
    }

    private static string Set(JsonNode? value)
    {
        if (value is not JsonArray array)
        {
            return JsonValues.Render(value);
        }

        // Enums of hundreds of values: one set and one sort, no LINQ pipeline.
        var members = new HashSet<string>(array.Count, StringComparer.Ordinal);
        foreach (var item in array)
        {
            members.Add(JsonValues.Render(item));
        }

        var sorted = members.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        return "[" + string.Join(',', sorted) + "]";
    }

    private static IEnumerable<KeyValuePair<string, JsonNode?>> Sorted(JsonObject? obj, bool lowerCase) =>
        (obj ?? [])
            .Where(pair => !pair.Key.StartsWith("x-", StringComparison.Ordinal))
            .Select(pair => new KeyValuePair<string, JsonNode?>(lowerCase ? pair.Key.ToLowerInvariant() : pair.Key, pair.Value))
            .OrderBy(pair => pair.Key, StringComparer.Ordinal);
}
