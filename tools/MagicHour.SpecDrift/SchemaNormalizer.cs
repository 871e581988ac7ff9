using System.Text.Json.Nodes;

namespace MagicHour.SpecDrift;

/// <summary>A schema after references are followed and single-entry <c>allOf</c>s are folded in.</summary>
/// <param name="Identity">The original node this view stands for; used to detect recursive schemas.</param>
/// <param name="Keywords">The schema's keywords (description and the like included; the comparer skips them).</param>
/// <param name="Error">Set when the schema could not be read (dangling or cyclic reference, not an object).</param>
public sealed record SchemaView(object Identity, IReadOnlyDictionary<string, JsonNode?> Keywords, string? Error = null)
{
    /// <summary>The keyword's value, or null when the keyword is absent (or JSON null).</summary>
    public JsonNode? this[string keyword] => Keywords.TryGetValue(keyword, out var value) ? value : null;

    /// <summary>Whether the keyword is present.</summary>
    public bool Has(string keyword) => Keywords.ContainsKey(keyword);
}

/// <summary>
/// Turns a schema node into a <see cref="SchemaView"/>: follows <c>$ref</c> chains, and treats
/// <c>allOf: [X]</c> (exactly one entry) as X with the keys beside the <c>allOf</c> laid over it, which
/// is how a nullable or re-described reference is written in OpenAPI 3.0:
/// <c>{allOf: [{$ref: Error}], nullable: true}</c> equals the inline <c>{type: object, ..., nullable: true}</c>.
/// </summary>
public static class SchemaNormalizer
{
    /// <summary>Normalizes <paramref name="node"/>, resolving references with <paramref name="resolver"/>.</summary>
    public static SchemaView Normalize(JsonNode? node, RefResolver resolver) => Normalize(node, resolver, null);

    /// <summary><paramref name="folding"/>: the <c>allOf</c> wrappers being folded (a short chain, created for the first one).</summary>
    private static SchemaView Normalize(JsonNode? node, RefResolver resolver, List<JsonObject>? folding)
    {
        var resolved = resolver.Resolve(node);
        var identity = (object?)resolved.Node ?? node ?? (object)"<null>";
        if (resolved.Failed)
        {
            return new SchemaView(identity, new Dictionary<string, JsonNode?>(), resolved.Error);
        }

        switch (resolved.Node)
        {
            case JsonObject obj:
                if (obj["allOf"] is JsonArray { Count: 1 } allOf)
                {
                    folding ??= [];
                    if (folding.Contains(obj)) // JsonNode equality is reference equality
                    {
                        return new SchemaView(obj, new Dictionary<string, JsonNode?>(), "cyclic allOf");
                    }

                    folding.Add(obj);
                    var inner = Normalize(allOf[0], resolver, folding);
                    folding.RemoveAt(folding.Count - 1);
                    if (inner.Error is not null)
                    {
                        return inner with { Identity = obj };
                    }

                    return new SchemaView(obj, Overlay(inner.Keywords, obj));
                }

                return new SchemaView(obj, new ObjectKeywords(obj));
            case JsonValue value when JsonValues.AsBool(value) == true:
                // JSON Schema boolean form (OpenAPI 3.1): true accepts anything.
                return new SchemaView(value, new Dictionary<string, JsonNode?>());
            default:
                return new SchemaView(identity, new Dictionary<string, JsonNode?>(), $"not a schema object: {JsonValues.Render(resolved.Node)}");
        }
    }

    private static Dictionary<string, JsonNode?> Overlay(IReadOnlyDictionary<string, JsonNode?> inner, JsonObject outer)
    {
        var result = new Dictionary<string, JsonNode?>(inner, StringComparer.Ordinal);
        foreach (var (key, value) in outer)
        {
            if (key == "allOf")
            {
                continue;
            }

            if (result.TryGetValue(key, out var existing))
            {
                if (key == "required" && existing is JsonArray innerRequired && value is JsonArray outerRequired)
                {
                    // Both lists apply: the union.
                    var union = new JsonArray();
                    foreach (var item in innerRequired.Concat(outerRequired))
                    {
                        if (!union.Any(seen => JsonValues.DeepEquals(seen, item)))
                        {
                            union.Add(item?.DeepClone());
                        }
                    }

                    result[key] = union;
                    continue;
                }

                if (key == "properties" && existing is JsonObject innerProperties && value is JsonObject outerProperties)
                {
                    var merged = new JsonObject();
                    foreach (var (name, schema) in innerProperties)
                    {
                        merged[name] = schema?.DeepClone();
                    }

                    foreach (var (name, schema) in outerProperties)
                    {
                        merged[name] = schema?.DeepClone();
                    }

                    result[key] = merged;
                    continue;
                }
            }

            // Keys beside the allOf (nullable, description, default, ...) describe this use of the schema.
            result[key] = value;
        }

        return result;
    }
}

/// <summary>A schema object's keywords as a read-only dictionary, without copying them (most schemas are read once).</summary>
internal sealed class ObjectKeywords(JsonObject obj) : IReadOnlyDictionary<string, JsonNode?>
{
    public int Count => obj.Count;

    public IEnumerable<string> Keys => obj.Select(pair => pair.Key);

    public IEnumerable<JsonNode?> Values => obj.Select(pair => pair.Value);

    public JsonNode? this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public bool ContainsKey(string key) => obj.ContainsKey(key);

    public bool TryGetValue(string key, out JsonNode? value) => obj.TryGetPropertyValue(key, out value);

    public IEnumerator<KeyValuePair<string, JsonNode?>> GetEnumerator() => obj.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
