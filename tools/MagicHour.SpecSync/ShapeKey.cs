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

    /// <summary>Deeper than this, a schema's key is cut short (recursive schemas).</summary>
    private const int MaxDepth = 64;

    /// <summary>The key of a schema node.</summary>
    /// <param name="node">The schema.</param>
    /// <param name="refs">Resolves the references of the document the node is in.</param>
    /// <param name="cache">Keys already computed for nodes of that document; only for a document that does not change while the cache is used.</param>
    public static string Schema(JsonNode? node, RefResolver refs, ShapeKeyCache? cache = null) => Schema(node, new Walk(refs, cache), 0);

    /// <summary>The key of a response: its media types with their schemas, and its headers.</summary>
    /// <inheritdoc cref="Schema(JsonNode?, RefResolver, ShapeKeyCache?)" path="/param"/>
    public static string Response(JsonNode? node, RefResolver refs, ShapeKeyCache? cache = null)
    {
        var walk = new Walk(refs, cache);
        var response = refs.Resolve(node).Node as JsonObject ?? [];
        var builder = new StringBuilder("response{");
        foreach (var (mediaType, media) in Sorted(response["content"] as JsonObject, lowerCase: true))
        {
            builder.Append(mediaType).Append('=').Append(Schema((media as JsonObject)?["schema"], walk, 0)).Append(';');
        }

        foreach (var (name, header) in Sorted(response["headers"] as JsonObject, lowerCase: true))
        {
            builder.Append("header ").Append(name).Append('=').Append(Parameter(header, walk, "header")).Append(';');
        }

        return builder.Append('}').ToString();
    }

    /// <summary>The key of a parameter (or header): location, name, required, style, explode and schema.</summary>
    /// <inheritdoc cref="Schema(JsonNode?, RefResolver, ShapeKeyCache?)" path="/param"/>
    public static string Parameter(JsonNode? node, RefResolver refs, ShapeKeyCache? cache = null) => Parameter(node, new Walk(refs, cache), null);

    private static string Parameter(JsonNode? node, Walk walk, string? location)
    {
        var parameter = walk.Refs.Resolve(node).Node as JsonObject ?? [];
        location ??= JsonValues.AsString(parameter["in"]);
        var style = JsonValues.AsString(parameter["style"]) ?? (location is "query" or "cookie" ? "form" : "simple");
        var explode = JsonValues.AsBool(parameter["explode"]) ?? style == "form";
        var required = JsonValues.AsBool(parameter["required"]) ?? location == "path";
        var name = location == "header" ? JsonValues.AsString(parameter["name"])?.ToLowerInvariant() : JsonValues.AsString(parameter["name"]);
        return $"parameter{{{location}:{name} required={required} style={style} explode={explode} schema={Schema(parameter["schema"], walk, 0)}}}";
    }

    /// <summary>
    /// The key of <paramref name="node"/> at <paramref name="depth"/>, from the cache when it holds the node's key
    /// and the node's subtree is shallow enough that the key was not cut short here.
    /// </summary>
    private static string Schema(JsonNode? node, Walk walk, int depth)
    {
        if (walk.Cache is not { } cache || node is null)
        {
            return Compute(node, walk, depth);
        }

        node = cache.Original(node);
        if (cache.TryGet(node, out var cached) && depth + cached.Height <= MaxDepth)
        {
            walk.Deepest = Math.Max(walk.Deepest, depth + cached.Height);
            return cached.Key;
        }

        var (deepestBefore, cutsBefore) = (walk.Deepest, walk.Cuts);
        walk.Deepest = depth;
        var key = Compute(node, walk, depth);
        if (walk.Cuts == cutsBefore)
        {
            // Nothing below was cut short, so the key holds wherever the subtree fits.
            cache.Set(node, key, walk.Deepest - depth);
        }

        walk.Deepest = Math.Max(walk.Deepest, deepestBefore);
        return key;
    }

    private static string Compute(JsonNode? node, Walk walk, int depth)
    {
        walk.Deepest = Math.Max(walk.Deepest, depth);
        if (depth > MaxDepth)
        {
            walk.Cuts++;
            return "<deep>";
        }

        var refs = walk.Refs;
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
                "properties" => Properties(value as JsonObject, walk, depth),
                "items" when value is not JsonArray => Schema(value, walk, depth + 1),
                "not" => Schema(value, walk, depth + 1),
                "additionalProperties" => AdditionalProperties(value, walk, depth),
                "oneOf" or "anyOf" or "allOf" or "prefixItems" =>
                    "[" + string.Join(',', (value as JsonArray ?? []).Select(item => Schema(item, walk, depth + 1))) + "]",
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

    private static string Properties(JsonObject? properties, Walk walk, int depth) =>
        "{" + string.Join(',', Sorted(properties, lowerCase: false).Select(pair => pair.Key + "=" + Schema(pair.Value, walk, depth + 1))) + "}";

    private static string? AdditionalProperties(JsonNode? value, Walk walk, int depth)
    {
        if (value is null || JsonValues.AsBool(value) == true)
        {
            return null;
        }

        if (JsonValues.AsBool(value) == false)
        {
            return "false";
        }

        var key = Schema(value, walk, depth + 1);
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

    /// <summary>One computation of a key: how deep it went and how often it was cut short, for the cache.</summary>
    private sealed class Walk(RefResolver refs, ShapeKeyCache? cache)
    {
        public RefResolver Refs { get; } = refs;

        public ShapeKeyCache? Cache { get; } = cache;

        /// <summary>The deepest level reached so far (of the node being keyed, when caching).</summary>
        public int Deepest { get; set; }

        /// <summary>How many subtrees were cut short at <see cref="MaxDepth"/>.</summary>
        public int Cuts { get; set; }
    }
}

/// <summary>
/// Schema keys already computed for the nodes of one document, by node; the sync keeps one for the vendor's
/// document, which it never changes, because the same vendor schemas are keyed again for every use and
/// inside every schema that refers to them.
/// </summary>
public sealed class ShapeKeyCache
{
    private readonly Dictionary<JsonNode, (string Key, int Height)> _keys = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<JsonNode, JsonNode> _originals = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// Records that <paramref name="copy"/> is a deep copy of <paramref name="original"/> (a vendor schema's keywords
    /// copied into a new object), so that it and its members are keyed as the original's: the copy is keyed by
    /// walking the original, whose nested keys are cached. Neither may change afterwards.
    /// </summary>
    public void Copied(JsonNode? copy, JsonNode? original)
    {
        if (copy is null || original is null)
        {
            return;
        }

        _originals[copy] = Original(original);
        switch (copy, original)
        {
            // One level down too: the members of a copied properties object or allOf list are schemas keyed on their own.
            case (JsonObject copiedObject, JsonObject originalObject) when copiedObject.Count == originalObject.Count:
                for (var i = 0; i < copiedObject.Count; i++)
                {
                    Alias(copiedObject.GetAt(i).Value, originalObject.GetAt(i).Value);
                }

                break;
            case (JsonArray copiedArray, JsonArray originalArray) when copiedArray.Count == originalArray.Count:
                for (var i = 0; i < copiedArray.Count; i++)
                {
                    Alias(copiedArray[i], originalArray[i]);
                }

                break;
        }
    }

    /// <summary>The node whose key stands for <paramref name="node"/>'s: its original when it is a recorded copy.</summary>
    internal JsonNode Original(JsonNode node) => _originals.TryGetValue(node, out var original) ? original : node;

    private void Alias(JsonNode? copy, JsonNode? original)
    {
        if (copy is not null && original is not null)
        {
            _originals[copy] = Original(original);
        }
    }

    internal bool TryGet(JsonNode node, out (string Key, int Height) entry) => _keys.TryGetValue(node, out entry);

    internal void Set(JsonNode node, string key, int height) => _keys[node] = (key, height);
}
