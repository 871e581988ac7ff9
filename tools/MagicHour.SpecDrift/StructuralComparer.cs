using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MagicHour.SpecDrift;

/// <summary>
/// Compares the structure of two OpenAPI 3 documents operation by operation and lists every
/// difference. Structure means what a client sends and receives: operations (method + path),
/// parameters, request bodies, response status codes, media types and schemas, field by field.
/// Wording and naming are ignored: descriptions, summaries, titles, examples, tags, operationIds,
/// x-* extensions, component names, and whether a schema is inline or referenced.
/// </summary>
public sealed partial class StructuralComparer
{
    /// <summary>HTTP methods an OpenAPI path item can hold.</summary>
    private static readonly string[] HttpMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    /// <summary>Keys that are documentation or naming, never structure, wherever they appear.</summary>
    private static readonly HashSet<string> DocumentationKeys = new(StringComparer.Ordinal)
    {
        "description", "summary", "title", "example", "examples", "externalDocs", "$comment", "xml",
    };

    /// <summary>Operation keys that are naming, grouping or not part of the request/response shape.</summary>
    private static readonly HashSet<string> IgnoredOperationKeys = new(StringComparer.Ordinal)
    {
        "operationId", "tags", "security", "servers", "callbacks",
    };

    /// <summary>Schema keywords that are false when absent.</summary>
    private static readonly HashSet<string> FalseByDefault = new(StringComparer.Ordinal)
    {
        "nullable", "uniqueItems", "readOnly", "writeOnly", "deprecated",
    };

    /// <summary>Schema keywords compared as plain values (absent is a value of its own).</summary>
    private static readonly string[] ValueKeywords =
    [
        "type", "format", "pattern", "multipleOf", "minimum", "maximum", "minLength", "maxLength",
        "minItems", "maxItems", "minProperties", "maxProperties", "default", "const",
    ];

    /// <summary>Schema keywords with a dedicated comparison below.</summary>
    private static readonly HashSet<string> HandledSchemaKeywords = new(StringComparer.Ordinal)
    {
        "type", "format", "pattern", "multipleOf", "minimum", "maximum", "minLength", "maxLength",
        "minItems", "maxItems", "minProperties", "maxProperties", "default", "const",
        "nullable", "uniqueItems", "readOnly", "writeOnly", "deprecated", "exclusiveMinimum", "exclusiveMaximum",
        "enum", "required", "properties", "items", "additionalProperties", "oneOf", "anyOf", "allOf",
        "prefixItems", "not", "discriminator", "$ref",
    };

    /// <summary><see cref="ValueKeywords"/> with the member text of their locations (<c>.type</c>), built once.</summary>
    private static readonly (string Keyword, string Member)[] ValueKeywordMembers = [.. ValueKeywords.Select(keyword => (keyword, "." + keyword))];

    /// <summary><see cref="FalseByDefault"/> with the member text of their locations.</summary>
    private static readonly (string Keyword, string Member)[] FalseByDefaultMembers = [.. FalseByDefault.Select(keyword => (keyword, "." + keyword))];

    private static readonly (string Keyword, string Member)[] ExclusiveBoundMembers = [("exclusiveMinimum", ".exclusiveMinimum"), ("exclusiveMaximum", ".exclusiveMaximum")];

    /// <summary>The default of the keywords that are false when absent (only read, never put into a document).</summary>
    private static readonly JsonValue False = JsonValue.Create(false);

    private const string SchemaRefPrefix = "#/components/schemas/";

    /// <summary>Deeper than this, schema comparison stops (a backstop; recursion is caught earlier).</summary>
    private const int MaxSchemaDepth = 200;

    private readonly SpecDocument _upstream;
    private readonly SpecDocument _ours;
    private readonly RefResolver _upstreamRefs;
    private readonly RefResolver _ourRefs;
    private readonly List<Difference> _differences = [];
    /// <summary>
    /// The schema pairs being compared, outermost first: a short chain (the nesting depth), scanned by reference,
    /// which is cheaper than hashing nodes that are mostly met once (a first identity hash code is a runtime call).
    /// </summary>
    private readonly List<(object Upstream, object Ours)> _inProgress = [];

    private string _method = string.Empty;
    private string _path = string.Empty;

    /// <summary>Our component schema the comparison is inside, for <see cref="Difference.Schema"/>.</summary>
    private string? _ourSchema;

    private StructuralComparer(SpecDocument upstream, SpecDocument ours)
    {
        _upstream = upstream;
        _ours = ours;
        _upstreamRefs = new RefResolver(upstream.Root);
        _ourRefs = new RefResolver(ours.Root);
    }

    /// <summary>Lists the structural differences, sorted by path, method and location.</summary>
    public static IReadOnlyList<Difference> Compare(SpecDocument upstream, SpecDocument ours)
    {
        var comparer = new StructuralComparer(upstream, ours);
        comparer.CompareDocuments();
        var result = comparer._differences.Distinct().ToList();
        result.Sort(Difference.Order);
        return result;
    }

    private void Add(string location, string upstream, string ours) =>
        _differences.Add(new Difference(_method, _path, location, upstream, ours) { Schema = _ourSchema });

    // ---- operations ---------------------------------------------------------------------------

    private void CompareDocuments()
    {
        var upstreamPaths = ReadPaths(_upstream.Root, _upstreamRefs);
        var ourPaths = ReadPaths(_ours.Root, _ourRefs);

        foreach (var (upstreamPath, ourPath) in MatchPaths(upstreamPaths.Keys, ourPaths.Keys))
        {
            var upstreamItem = upstreamPath is null ? null : upstreamPaths[upstreamPath];
            var ourItem = ourPath is null ? null : ourPaths[ourPath];
            foreach (var method in HttpMethods)
            {
                var upstreamOperation = upstreamItem?[method] as JsonObject;
                var ourOperation = ourItem?[method] as JsonObject;
                if (upstreamOperation is null && ourOperation is null)
                {
                    continue;
                }

                _method = method.ToUpperInvariant();
                _path = upstreamOperation is not null ? upstreamPath! : ourPath!;
                if (upstreamOperation is null)
                {
                    Add("operation", JsonValues.Absent, "present");
                }
                else if (ourOperation is null)
                {
                    Add("operation", "present", JsonValues.Absent);
                }
                else
                {
                    if (!string.Equals(upstreamPath, ourPath, StringComparison.Ordinal))
                    {
                        Add("path", upstreamPath!, ourPath!);
                    }

                    CompareOperation(upstreamItem!, upstreamOperation, ourItem!, ourOperation);
                }
            }
        }
    }

    private static Dictionary<string, JsonObject> ReadPaths(JsonObject root, RefResolver refs)
    {
        var result = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        if (root["paths"] is JsonObject paths)
        {
            foreach (var (path, item) in paths)
            {
                if (refs.Resolve(item).Node is JsonObject pathItem)
                {
                    result[path] = pathItem;
                }
            }
        }

        return result;
    }

    /// <summary>
    /// Pairs paths of the two documents. Paths that differ only in the names of their path
    /// parameters (<c>/x/{id}</c> vs <c>/x/{project_id}</c>) are the same route and are paired,
    /// when that pairing is unambiguous; the parameter names then show up as differences.
    /// </summary>
    private static List<(string? Upstream, string? Ours)> MatchPaths(IEnumerable<string> upstream, IEnumerable<string> ours)
    {
        var pairs = new List<(string?, string?)>();
        var ourSet = new HashSet<string>(ours, StringComparer.Ordinal);
        var upstreamSet = new HashSet<string>(upstream, StringComparer.Ordinal);
        foreach (var path in upstreamSet.Where(ourSet.Contains).ToList())
        {
            pairs.Add((path, path));
            upstreamSet.Remove(path);
            ourSet.Remove(path);
        }

        var upstreamByShape = upstreamSet.GroupBy(RouteShape).ToDictionary(g => g.Key, g => g.ToList());
        var oursByShape = ourSet.GroupBy(RouteShape).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var (shape, upstreamGroup) in upstreamByShape)
        {
            if (upstreamGroup.Count == 1 && oursByShape.TryGetValue(shape, out var ourGroup) && ourGroup.Count == 1)
            {
                pairs.Add((upstreamGroup[0], ourGroup[0]));
                upstreamSet.Remove(upstreamGroup[0]);
                ourSet.Remove(ourGroup[0]);
            }
        }

        pairs.AddRange(upstreamSet.Select(path => ((string?)path, (string?)null)));
        pairs.AddRange(ourSet.Select(path => ((string?)null, (string?)path)));
        return pairs;
    }

    private static string RouteShape(string path) => PathParameter().Replace(path, "{}");

    private void CompareOperation(JsonObject upstreamItem, JsonObject upstream, JsonObject ourItem, JsonObject ours)
    {
        CompareParameters(
            EffectiveParameters(upstreamItem, upstream, _upstreamRefs, "upstream"),
            EffectiveParameters(ourItem, ours, _ourRefs, "ours"));

        CompareRequestBody(upstream["requestBody"], ours["requestBody"]);
        CompareResponses(upstream["responses"] as JsonObject, ours["responses"] as JsonObject);

        CompareOtherKeys(
            upstream,
            ours,
            string.Empty,
            key => key is "parameters" or "requestBody" or "responses" || IgnoredOperationKeys.Contains(key),
            key => key == "deprecated" ? JsonValue.Create(false) : null);
    }

    // ---- parameters ---------------------------------------------------------------------------

    private Dictionary<string, JsonObject> EffectiveParameters(JsonObject pathItem, JsonObject operation, RefResolver refs, string side)
    {
        // Operation-level parameters override path-level ones with the same name and location.
        var result = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var list in new[] { pathItem["parameters"], operation["parameters"] })
        {
            if (list is not JsonArray array)
            {
                continue;
            }

            foreach (var entry in array)
            {
                var resolved = refs.Resolve(entry);
                if (resolved.Failed)
                {
                    var label = RefResolver.IsRef(entry, out var reference) ? reference : "?";
                    var text = $"<{resolved.Error}>";
                    const string NotCompared = "<not compared>";
                    Add($"parameters[{label}]", side == "upstream" ? text : NotCompared, side == "ours" ? text : NotCompared);
                    continue;
                }

                if (resolved.Node is JsonObject parameter)
                {
                    result[ParameterKey(parameter)] = parameter;
                }
            }
        }

        return result;
    }

    private static string ParameterKey(JsonObject parameter)
    {
        var location = JsonValues.AsString(parameter["in"]) ?? "?";
        var name = JsonValues.AsString(parameter["name"]) ?? "?";
        // Header names are case-insensitive.
        return $"{location}:{(location == "header" ? name.ToLowerInvariant() : name)}";
    }

    private void CompareParameters(Dictionary<string, JsonObject> upstream, Dictionary<string, JsonObject> ours)
    {
        foreach (var key in upstream.Keys.Union(ours.Keys))
        {
            var location = $"parameters[{key}]";
            upstream.TryGetValue(key, out var upstreamParameter);
            ours.TryGetValue(key, out var ourParameter);
            if (upstreamParameter is null || ourParameter is null)
            {
                Add(location, upstreamParameter is null ? JsonValues.Absent : "present", ourParameter is null ? JsonValues.Absent : "present");
                continue;
            }

            var parameterIn = JsonValues.AsString(upstreamParameter["in"]);
            CompareParameterLike(upstreamParameter, ourParameter, location, parameterIn);
        }
    }

    /// <summary>Parameters and headers: required, style, explode, schema or content.</summary>
    private void CompareParameterLike(JsonObject upstream, JsonObject ours, string location, string? parameterIn)
    {
        CompareValue($"{location}.required", upstream["required"], ours["required"], JsonValue.Create(parameterIn == "path"));

        var defaultStyle = parameterIn is "query" or "cookie" ? "form" : "simple";
        var upstreamStyle = JsonValues.AsString(upstream["style"]) ?? defaultStyle;
        var ourStyle = JsonValues.AsString(ours["style"]) ?? defaultStyle;
        CompareValue($"{location}.style", upstream["style"], ours["style"], JsonValue.Create(defaultStyle));
        CompareValue($"{location}.explode", upstream["explode"], ours["explode"], JsonValue.Create(upstreamStyle == "form"), JsonValue.Create(ourStyle == "form"));

        CompareSchemaSlot($"{location}.schema", upstream, ours, "schema");
        CompareContent($"{location}.content", upstream["content"] as JsonObject, ours["content"] as JsonObject);

        CompareOtherKeys(
            upstream,
            ours,
            location + ".",
            key => key is "name" or "in" or "required" or "style" or "explode" or "schema" or "content",
            key => key is "deprecated" or "allowEmptyValue" or "allowReserved" ? JsonValue.Create(false) : null);
    }

    // ---- request body and responses -------------------------------------------------------------

    private void CompareRequestBody(JsonNode? upstreamNode, JsonNode? ourNode)
    {
        if (upstreamNode is null && ourNode is null)
        {
            return;
        }

        var upstream = ResolveObject("requestBody", upstreamNode, ourNode, _upstreamRefs, _ourRefs, out var ours);
        if (upstream is null || ours is null)
        {
            return;
        }

        CompareValue("requestBody.required", upstream["required"], ours["required"], JsonValue.Create(false));
        CompareContent("requestBody.content", upstream["content"] as JsonObject, ours["content"] as JsonObject);
        CompareOtherKeys(upstream, ours, "requestBody.", key => key is "required" or "content", _ => null);
    }

    private void CompareResponses(JsonObject? upstream, JsonObject? ours)
    {
        // Status codes: "2xx" and "2XX" are the same range; extensions are not responses.
        var upstreamByCode = ByKey(upstream, StatusKey);
        var oursByCode = ByKey(ours, StatusKey);

        foreach (var code in upstreamByCode.Keys.Union(oursByCode.Keys))
        {
            var location = $"responses[{code}]";
            var inUpstream = upstreamByCode.TryGetValue(code, out var upstreamNode);
            var inOurs = oursByCode.TryGetValue(code, out var ourNode);
            if (!inUpstream || !inOurs)
            {
                Add(location, inUpstream ? "present" : JsonValues.Absent, inOurs ? "present" : JsonValues.Absent);
                continue;
            }

            var upstreamResponse = ResolveObject(location, upstreamNode, ourNode, _upstreamRefs, _ourRefs, out var ourResponse);
            if (upstreamResponse is null || ourResponse is null)
            {
                continue;
            }

            CompareContent($"{location}.content", upstreamResponse["content"] as JsonObject, ourResponse["content"] as JsonObject);
            CompareHeaders($"{location}.headers", upstreamResponse["headers"] as JsonObject, ourResponse["headers"] as JsonObject);
            CompareOtherKeys(upstreamResponse, ourResponse, location + ".", key => key is "content" or "headers" or "links", _ => null);
        }
    }

    private void CompareHeaders(string location, JsonObject? upstream, JsonObject? ours)
    {
        // Header names are case-insensitive.
        var upstreamByName = ByKey(upstream, name => name.ToLowerInvariant());
        var oursByName = ByKey(ours, name => name.ToLowerInvariant());
        foreach (var name in upstreamByName.Keys.Union(oursByName.Keys))
        {
            var headerLocation = $"{location}[{name}]";
            var inUpstream = upstreamByName.TryGetValue(name, out var upstreamNode);
            var inOurs = oursByName.TryGetValue(name, out var ourNode);
            if (!inUpstream || !inOurs)
            {
                Add(headerLocation, inUpstream ? "present" : JsonValues.Absent, inOurs ? "present" : JsonValues.Absent);
                continue;
            }

            var upstreamHeader = ResolveObject(headerLocation, upstreamNode, ourNode, _upstreamRefs, _ourRefs, out var ourHeader);
            if (upstreamHeader is not null && ourHeader is not null)
            {
                CompareParameterLike(upstreamHeader, ourHeader, headerLocation, "header");
            }
        }
    }

    private void CompareContent(string location, JsonObject? upstream, JsonObject? ours)
    {
        // Media type names are case-insensitive.
        var upstreamByType = ByKey(upstream, name => name.ToLowerInvariant());
        var oursByType = ByKey(ours, name => name.ToLowerInvariant());
        foreach (var mediaType in upstreamByType.Keys.Union(oursByType.Keys))
        {
            var mediaLocation = $"{location}[{mediaType}]";
            var inUpstream = upstreamByType.TryGetValue(mediaType, out var upstreamNode);
            var inOurs = oursByType.TryGetValue(mediaType, out var ourNode);
            if (!inUpstream || !inOurs)
            {
                Add(mediaLocation, inUpstream ? "present" : JsonValues.Absent, inOurs ? "present" : JsonValues.Absent);
                continue;
            }

            var upstreamMedia = upstreamNode as JsonObject ?? [];
            var ourMedia = ourNode as JsonObject ?? [];
            CompareSchemaSlot($"{mediaLocation}.schema", upstreamMedia, ourMedia, "schema");
            CompareOtherKeys(upstreamMedia, ourMedia, mediaLocation + ".", key => key == "schema", _ => null);
        }
    }

    private static string? StatusKey(string key) =>
        key.StartsWith("x-", StringComparison.Ordinal) ? null
        : string.Equals(key, "default", StringComparison.OrdinalIgnoreCase) ? "default"
        : key.ToUpperInvariant();

    /// <summary>The members of an object under normalized keys (null key: skipped; first of clashing keys wins).</summary>
    private static Dictionary<string, JsonNode?> ByKey(JsonObject? obj, Func<string, string?> normalize)
    {
        var result = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (key, value) in obj ?? [])
        {
            if (normalize(key) is { } normalized)
            {
                result.TryAdd(normalized, value);
            }
        }

        return result;
    }

    /// <summary>Resolves both sides of a possibly referenced object; reports and returns null on failure.</summary>
    private JsonObject? ResolveObject(string location, JsonNode? upstreamNode, JsonNode? ourNode, RefResolver upstreamRefs, RefResolver ourRefs, out JsonObject? ours)
    {
        var upstream = upstreamRefs.Resolve(upstreamNode);
        var ourResolved = ourRefs.Resolve(ourNode);
        ours = null;
        var upstreamPresent = upstream.Node is not null || upstream.Failed;
        var oursPresent = ourResolved.Node is not null || ourResolved.Failed;
        if (upstream.Failed || ourResolved.Failed || !upstreamPresent || !oursPresent)
        {
            Add(location, Describe(upstream), Describe(ourResolved));
            return null;
        }

        ours = ourResolved.Node as JsonObject ?? [];
        return upstream.Node as JsonObject ?? [];

        static string Describe(Resolved resolved) =>
            resolved.Failed ? $"<{resolved.Error}>" : resolved.Node is null ? JsonValues.Absent : "present";
    }

    // ---- schemas --------------------------------------------------------------------------------

    /// <summary>Compares the schemas held under <paramref name="key"/> by two parent objects.</summary>
    private void CompareSchemaSlot(string location, JsonObject upstreamParent, JsonObject ourParent, string key)
    {
        var inUpstream = upstreamParent.TryGetPropertyValue(key, out var upstream) && upstream is not null;
        var inOurs = ourParent.TryGetPropertyValue(key, out var ours) && ours is not null;
        CompareOptionalSchema(location, inUpstream ? upstream : null, inOurs ? ours : null);
    }

    private void CompareOptionalSchema(string location, JsonNode? upstream, JsonNode? ours)
    {
        if (upstream is null && ours is null)
        {
            return;
        }

        if (upstream is null || ours is null)
        {
            Add(
                location,
                upstream is null ? JsonValues.Absent : Summary(SchemaNormalizer.Normalize(upstream, _upstreamRefs), _upstreamRefs),
                ours is null ? JsonValues.Absent : Summary(SchemaNormalizer.Normalize(ours, _ourRefs), _ourRefs));
            return;
        }

        CompareSchema(location, upstream, ours, 0);
    }

    private void CompareSchema(string location, JsonNode upstreamNode, JsonNode ourNode, int depth)
    {
        var upstream = SchemaNormalizer.Normalize(upstreamNode, _upstreamRefs);
        var ours = SchemaNormalizer.Normalize(ourNode, _ourRefs);
        if (upstream.Error is not null || ours.Error is not null)
        {
            Add(location, Summary(upstream, _upstreamRefs), Summary(ours, _ourRefs));
            return;
        }

        if (depth > MaxSchemaDepth || InProgress(upstream.Identity, ours.Identity))
        {
            // Already comparing this pair further up: a recursive schema. Its differences are reported there.
            return;
        }

        _inProgress.Add((upstream.Identity, ours.Identity));
        var outerSchema = _ourSchema;
        _ourSchema = ComponentSchemaName(ourNode) ?? outerSchema;
        try
        {
            CompareSchemaKeywords(location, upstream, ours, depth);
        }
        finally
        {
            _ourSchema = outerSchema;
            _inProgress.RemoveAt(_inProgress.Count - 1);
        }
    }

    private bool InProgress(object upstream, object ours)
    {
        foreach (var pair in _inProgress)
        {
            if (ReferenceEquals(pair.Upstream, upstream) && ReferenceEquals(pair.Ours, ours))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The last <c>#/components/schemas/X</c> on <paramref name="node"/>'s reference chain, looking through
    /// a single-entry <c>allOf</c> wrapper; null for an inline schema.
    /// </summary>
    private string? ComponentSchemaName(JsonNode? node)
    {
        if (node is JsonObject { } wrapper && wrapper["allOf"] is JsonArray { Count: 1 } allOf && !RefResolver.IsRef(node, out _))
        {
            node = allOf[0];
        }

        string? name = null;
        for (var hops = 0; hops < 64 && RefResolver.IsRef(node, out var reference); hops++)
        {
            if (reference.StartsWith(SchemaRefPrefix, StringComparison.Ordinal))
            {
                name = reference[SchemaRefPrefix.Length..];
            }

            node = _ourRefs.ResolvePointer(reference, out var error);
            if (error is not null)
            {
                break;
            }
        }

        return name;
    }

    private void CompareSchemaKeywords(string location, SchemaView upstream, SchemaView ours, int depth)
    {
        // Most keywords are equal; their locations are only written out for a difference.
        foreach (var (keyword, member) in ValueKeywordMembers)
        {
            CompareValue(location, member, upstream[keyword], ours[keyword], null, upstream.Has(keyword), ours.Has(keyword));
        }

        foreach (var (keyword, member) in FalseByDefaultMembers)
        {
            var upstreamValue = upstream[keyword];
            var ourValue = ours[keyword];
            CompareValue(location, member, upstreamValue, ourValue, False, upstreamValue is not null, ourValue is not null);
        }

        foreach (var (keyword, member) in ExclusiveBoundMembers)
        {
            // OpenAPI 3.0: a boolean, false when absent. OpenAPI 3.1: a number, compared as is.
            var isBoolean = JsonValues.AsBool(upstream[keyword]) is not null || JsonValues.AsBool(ours[keyword]) is not null;
            CompareValue(location, member, upstream[keyword], ours[keyword], isBoolean ? False : null, upstream.Has(keyword), ours.Has(keyword));
        }

        CompareEnum($"{location}.enum", upstream, ours);
        CompareRequired($"{location}.required", upstream["required"], ours["required"]);
        CompareProperties(location, upstream["properties"] as JsonObject, ours["properties"] as JsonObject, depth);

        if (upstream["items"] is JsonArray || ours["items"] is JsonArray)
        {
            CompareValue($"{location}.items", upstream["items"], ours["items"], null, upstream.Has("items"), ours.Has("items"));
        }
        else
        {
            CompareNestedSchema($"{location}.items", upstream["items"], ours["items"], depth);
        }

        CompareNestedSchema($"{location}.not", upstream["not"], ours["not"], depth);
        CompareAdditionalProperties($"{location}.additionalProperties", upstream, ours, depth);

        foreach (var keyword in new[] { "oneOf", "anyOf", "allOf", "prefixItems" })
        {
            ComparePositional($"{location}.{keyword}", upstream[keyword] as JsonArray, ours[keyword] as JsonArray, depth);
        }

        CompareValue(
            $"{location}.discriminator.propertyName",
            (upstream["discriminator"] as JsonObject)?["propertyName"],
            (ours["discriminator"] as JsonObject)?["propertyName"],
            null);

        foreach (var keyword in OtherKeywords(upstream, ours))
        {
            CompareValue($"{location}.{keyword}", upstream[keyword], ours[keyword], null, upstream.Has(keyword), ours.Has(keyword));
        }
    }

    /// <summary>The keywords of either schema that no rule above covers, in ordinal order (usually none).</summary>
    private static List<string> OtherKeywords(SchemaView upstream, SchemaView ours) =>
        OtherKeys(upstream.Keywords.Keys, upstream.Has, ours.Keywords.Keys, HandledSchemaKeywords.Contains);

    /// <summary>
    /// The keys of either side that <paramref name="handled"/> does not cover and that are not documentation or
    /// x-* keys, each once, in ordinal order.
    /// </summary>
    private static List<string> OtherKeys(IEnumerable<string> upstreamKeys, Func<string, bool> upstreamHas, IEnumerable<string> ourKeys, Func<string, bool> handled)
    {
        List<string>? result = null;
        foreach (var key in upstreamKeys)
        {
            if (!handled(key) && !IsIgnoredKey(key))
            {
                (result ??= []).Add(key);
            }
        }

        foreach (var key in ourKeys)
        {
            if (!handled(key) && !IsIgnoredKey(key) && !upstreamHas(key))
            {
                (result ??= []).Add(key);
            }
        }

        result?.Sort(StringComparer.Ordinal);
        return result ?? [];
    }

    private void CompareNestedSchema(string location, JsonNode? upstream, JsonNode? ours, int depth)
    {
        if (upstream is null && ours is null)
        {
            return;
        }

        if (upstream is null || ours is null)
        {
            CompareOptionalSchema(location, upstream, ours);
            return;
        }

        CompareSchema(location, upstream, ours, depth + 1);
    }

    private void CompareEnum(string location, SchemaView upstream, SchemaView ours)
    {
        var upstreamEnum = upstream["enum"];
        var ourEnum = ours["enum"];
        if (upstreamEnum is null && ourEnum is null)
        {
            return;
        }

        if (upstreamEnum is not JsonArray upstreamValues || ourEnum is not JsonArray ourValues)
        {
            // Only one side restricts the values (or an enum that is not a list): one line with both.
            CompareValue(location, upstreamEnum, ourEnum, null);
            return;
        }

        // Compared as sets: each value only one side allows is a line of its own.
        AddOneSidedValues(location, upstreamValues, ourValues);
    }

    private void CompareRequired(string location, JsonNode? upstream, JsonNode? ours)
    {
        // Compared as sets; absent is the empty set. Each name only one side requires is a line of its own.
        if (upstream is not JsonArray && ours is not JsonArray)
        {
            return;
        }

        var upstreamNames = upstream as JsonArray ?? [];
        var ourNames = ours as JsonArray ?? [];
        if (SameStrings(upstreamNames, ourNames))
        {
            return;
        }

        AddOneSidedValues(location, upstreamNames, ourNames);
    }

    /// <summary>One difference per value only one of the two lists holds (the lists compared as sets).</summary>
    private void AddOneSidedValues(string location, JsonArray upstreamValues, JsonArray ourValues)
    {
        var upstreamSet = new JsonValueSet(upstreamValues);
        var ourSet = new JsonValueSet(ourValues);
        foreach (var value in upstreamValues.Where(value => !ourSet.Contains(value)))
        {
            Add(location, "[" + RenderElement(value) + "]", "[]");
        }

        foreach (var value in ourValues.Where(value => !upstreamSet.Contains(value)))
        {
            Add(location, "[]", "[" + RenderElement(value) + "]");
        }
    }

    /// <summary>Whether both lists hold the same strings in the same order (the usual case, decided without sets).</summary>
    private static bool SameStrings(JsonArray a, JsonArray b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (JsonValues.AsString(a[i]) is not { } text || !string.Equals(text, JsonValues.AsString(b[i]), StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static string RenderElement(JsonNode? value)
    {
        var text = JsonValues.RenderPresent(new JsonArray(value?.DeepClone()));
        return text[1..^1];
    }

    private void CompareProperties(string location, JsonObject? upstream, JsonObject? ours, int depth)
    {
        var upstreamProperties = upstream ?? [];
        var ourProperties = ours ?? [];
        foreach (var name in upstreamProperties.Select(pair => pair.Key).Union(ourProperties.Select(pair => pair.Key)))
        {
            var propertyLocation = $"{location}.properties{Member(name)}";
            var upstreamSchema = upstreamProperties[name];
            var ourSchema = ourProperties[name];
            var inUpstream = upstreamProperties.ContainsKey(name);
            var inOurs = ourProperties.ContainsKey(name);
            if (!inUpstream || !inOurs)
            {
                Add(
                    propertyLocation,
                    inUpstream ? Summary(SchemaNormalizer.Normalize(upstreamSchema, _upstreamRefs), _upstreamRefs) : JsonValues.Absent,
                    inOurs ? Summary(SchemaNormalizer.Normalize(ourSchema, _ourRefs), _ourRefs) : JsonValues.Absent);
                continue;
            }

            CompareSchema(propertyLocation, upstreamSchema ?? JsonValue.Create(true), ourSchema ?? JsonValue.Create(true), depth + 1);
        }
    }

    private void CompareAdditionalProperties(string location, SchemaView upstream, SchemaView ours, int depth)
    {
        // Absent, true and {} all allow any extra property.
        var upstreamValue = AdditionalProperties(upstream, _upstreamRefs);
        var ourValue = AdditionalProperties(ours, _ourRefs);
        if (upstreamValue is bool upstreamFlag && ourValue is bool ourFlag)
        {
            if (upstreamFlag != ourFlag)
            {
                Add(location, upstreamFlag ? "true" : "false", ourFlag ? "true" : "false");
            }

            return;
        }

        if (upstreamValue is JsonNode upstreamSchema && ourValue is JsonNode ourSchema)
        {
            CompareSchema(location, upstreamSchema, ourSchema, depth + 1);
            return;
        }

        Add(location, Describe(upstreamValue, _upstreamRefs), Describe(ourValue, _ourRefs));

        string Describe(object value, RefResolver refs) =>
            value is bool flag ? (flag ? "true" : "false") : Summary(SchemaNormalizer.Normalize((JsonNode)value, refs), refs);
    }

    private static object AdditionalProperties(SchemaView schema, RefResolver refs)
    {
        var value = schema["additionalProperties"];
        if (value is null || JsonValues.AsBool(value) == true)
        {
            return true;
        }

        if (JsonValues.AsBool(value) == false)
        {
            return false;
        }

        var view = SchemaNormalizer.Normalize(value, refs);
        return view.Error is null && view.Keywords.Keys.All(IsIgnoredKey) ? (object)true : value;
    }

    private void ComparePositional(string location, JsonArray? upstream, JsonArray? ours, int depth)
    {
        var count = Math.Max(upstream?.Count ?? 0, ours?.Count ?? 0);
        for (var i = 0; i < count; i++)
        {
            var upstreamItem = upstream is not null && i < upstream.Count ? upstream[i] ?? JsonValue.Create(true) : null;
            var ourItem = ours is not null && i < ours.Count ? ours[i] ?? JsonValue.Create(true) : null;
            CompareNestedSchema($"{location}[{i}]", upstreamItem, ourItem, depth);
        }
    }

    /// <summary>Short description of a schema for lines where only one side has it: <c>string(uri)</c>, <c>array&lt;object&gt;</c>.</summary>
    private static string Summary(SchemaView schema, RefResolver refs, int depth = 0)
    {
        if (schema.Error is not null)
        {
            return $"<{schema.Error}>";
        }

        var type = schema["type"] switch
        {
            JsonArray types => string.Join('|', types.Select(JsonValues.RenderPresent)),
            { } single => JsonValues.RenderPresent(single),
            null => null,
        };
        if (type == "array" && schema["items"] is { } items && items is not JsonArray && depth < 3)
        {
            return $"array<{Summary(SchemaNormalizer.Normalize(items, refs), refs, depth + 1)}>";
        }

        if (type is not null)
        {
            return schema["format"] is { } format ? $"{type}({JsonValues.RenderPresent(format)})" : type;
        }

        foreach (var keyword in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (schema[keyword] is JsonArray list)
            {
                return $"{keyword}({list.Count})";
            }
        }

        return schema.Has("properties") ? "object" : schema.Has("enum") ? "enum" : "{}";
    }

    // ---- values ---------------------------------------------------------------------------------

    /// <summary>
    /// Compares two plain values. When <paramref name="defaultValue"/> is given, an absent value means
    /// that default (e.g. <c>nullable</c>, <c>required</c>) and lines show the effective values.
    /// </summary>
    private void CompareValue(string location, JsonNode? upstream, JsonNode? ours, JsonNode? defaultValue, JsonNode? oursDefault = null)
    {
        var present = upstream is not null;
        var oursPresent = ours is not null;
        CompareValue(location, upstream, ours, defaultValue, present, oursPresent, oursDefault);
    }

    private void CompareValue(string location, JsonNode? upstream, JsonNode? ours, JsonNode? defaultValue, bool present, bool oursPresent, JsonNode? oursDefault = null) =>
        CompareValue(location, string.Empty, upstream, ours, defaultValue, present, oursPresent, oursDefault);

    /// <summary>Like the other overloads, for the location <paramref name="head"/> + <paramref name="tail"/>, joined only for a difference.</summary>
    private void CompareValue(string head, string tail, JsonNode? upstream, JsonNode? ours, JsonNode? defaultValue, bool present, bool oursPresent, JsonNode? oursDefault = null)
    {
        oursDefault ??= defaultValue;
        var upstreamEffective = present ? upstream : defaultValue;
        var ourEffective = oursPresent ? ours : oursDefault;
        var upstreamKnown = present || defaultValue is not null;
        var ourKnown = oursPresent || oursDefault is not null;
        if (upstreamKnown == ourKnown && (!upstreamKnown || JsonValues.DeepEquals(upstreamEffective, ourEffective)))
        {
            return;
        }

        Add(
            head + tail,
            upstreamKnown ? JsonValues.RenderPresent(upstreamEffective) : JsonValues.Absent,
            ourKnown ? JsonValues.RenderPresent(ourEffective) : JsonValues.Absent);
    }

    /// <summary>Compares the keys of two objects that no dedicated rule covers, skipping documentation and x-* keys.</summary>
    private void CompareOtherKeys(JsonObject upstream, JsonObject ours, string prefix, Func<string, bool> handled, Func<string, JsonNode?> defaultFor)
    {
        foreach (var key in OtherKeys(upstream.Select(pair => pair.Key), upstream.ContainsKey, ours.Select(pair => pair.Key), handled))
        {
            CompareValue(prefix, key, upstream[key], ours[key], defaultFor(key), upstream.ContainsKey(key), ours.ContainsKey(key));
        }
    }

    private static bool IsIgnoredKey(string key) =>
        DocumentationKeys.Contains(key) || key.StartsWith("x-", StringComparison.Ordinal);

    /// <summary><c>.name</c> for plain property names, <c>[name]</c> for anything else.</summary>
    private static string Member(string name) => PlainName().IsMatch(name) ? "." + name : $"[{name}]";

    [GeneratedRegex(@"\{[^}]*\}", RegexOptions.CultureInvariant)]
    private static partial Regex PathParameter();

    [GeneratedRegex(@"^[A-Za-z0-9_$@-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainName();
}
