using System.Text.Json.Nodes;
using MagicHour.SpecDrift;

namespace MagicHour.SpecSync;

/// <summary>
/// Where new tags, paths and schemas go, so the spec keeps its grouping: next to the resource's own
/// items, else after the resource of the same project kind that precedes it alphabetically (image,
/// video and audio tools each have their section), else at the end.
/// </summary>
public static class Placement
{
    /// <summary>Our resource names: tags and the prefixes of operationIds.</summary>
    public static HashSet<string> Resources(JsonObject spec)
    {
        var resources = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tag in spec["tags"] as JsonArray ?? [])
        {
            if (JsonValues.AsString(tag?["name"]) is { } name)
            {
                resources.Add(name);
            }
        }

        foreach (var (_, _, operation) in SpecOperations.All(spec))
        {
            foreach (var tag in operation["tags"] as JsonArray ?? [])
            {
                if (JsonValues.AsString(tag) is { } name)
                {
                    resources.Add(name);
                }
            }

            if (JsonValues.AsString(operation["operationId"]) is { } id && id.IndexOf('_') is var separator and > 0)
            {
                resources.Add(id[..separator]);
            }
        }

        return resources;
    }

    /// <summary>The resource a schema is named after (the longest resource name it starts with, at a word boundary), or null.</summary>
    public static string? Owner(string schemaName, IEnumerable<string> resources) =>
        resources
            .Where(resource => schemaName.StartsWith(resource, StringComparison.Ordinal)
                && (schemaName.Length == resource.Length || !char.IsLower(schemaName[resource.Length])))
            .MaxBy(resource => resource.Length);

    /// <summary>Every operationId in the spec.</summary>
    public static HashSet<string> OperationIds(JsonObject spec) =>
        SpecOperations.All(spec).Select(entry => JsonValues.AsString(entry.Operation["operationId"])).OfType<string>().ToHashSet(StringComparer.Ordinal);

    /// <summary>Adds a top-level tag unless it exists; <paramref name="description"/> is only called when it is added.</summary>
    public static void AddTag(JsonObject spec, string tag, string? kind, Func<string> description)
    {
        if (spec["tags"] is not JsonArray tags)
        {
            spec["tags"] = tags = [];
        }

        var names = tags.Select(entry => JsonValues.AsString(entry?["name"]) ?? string.Empty).ToList();
        if (names.Contains(tag))
        {
            return;
        }

        var index = names.Count;
        var (predecessor, first) = Neighbours(spec, names, tag, kind);
        if (predecessor is not null)
        {
            index = names.IndexOf(predecessor) + 1;
        }
        else if (first is not null)
        {
            index = names.IndexOf(first);
        }

        tags.Insert(index, new JsonObject { ["name"] = tag, ["description"] = description() });
    }

    /// <summary>Adds a path item next to the paths of its neighbour resource.</summary>
    public static void InsertPath(JsonObject spec, string path, JsonObject item, string tag, string? kind)
    {
        var paths = (JsonObject)spec["paths"]!;
        var pathTags = paths.Select(pair => (pair.Key, Tag: FirstTag(pair.Value as JsonObject))).ToList();
        var (predecessor, first) = Neighbours(spec, TagNames(spec), tag, kind);
        var index = paths.Count;
        if (predecessor is not null && pathTags.FindLastIndex(entry => entry.Tag == predecessor) is var last and >= 0)
        {
            index = last + 1;
        }
        else if (first is not null && pathTags.FindIndex(entry => entry.Tag == first) is var start and >= 0)
        {
            index = start;
        }

        JsonOrder.InsertAt(paths, index, path, item);
    }

    /// <summary>Adds a schema after the resource's own schemas, else next to its neighbour resource's.</summary>
    public static void InsertSchema(JsonObject spec, string name, JsonObject schema, string resource, string? kind, IEnumerable<string> resources)
    {
        var components = spec["components"] as JsonObject ?? throw new InvalidOperationException("no components");
        var schemas = (JsonObject)components["schemas"]!;
        var resourceList = resources.ToList();
        var owners = schemas.Select(pair => Owner(pair.Key, resourceList)).ToList();
        var index = owners.LastIndexOf(resource) + 1;
        if (index == 0)
        {
            var (predecessor, first) = Neighbours(spec, TagNames(spec), resource, kind);
            index = predecessor is not null && owners.LastIndexOf(predecessor) is var last and >= 0 ? last + 1
                : first is not null && owners.IndexOf(first) is var start and >= 0 ? start
                : schemas.Count;
        }

        JsonOrder.InsertAt(schemas, index, name, schema);
    }

    /// <summary>The project kind of a tag's operations: their x-magichour-project-kind mark, or the project create response they return.</summary>
    public static string? KindOfTag(JsonObject spec, string tag)
    {
        foreach (var (_, _, operation) in SpecOperations.All(spec).Where(entry => FirstTag(entry.Operation) == tag))
        {
            if (JsonValues.AsString(operation["x-magichour-project-kind"]) is { } kind)
            {
                return kind;
            }

            var schema = operation["responses"]?["200"]?["content"]?["application/json"]?["schema"];
            if (RefResolver.IsRef(schema, out var pointer))
            {
                foreach (var candidate in new[] { "image", "video", "audio" })
                {
                    if (pointer == $"#/components/schemas/{Naming.Pascal(candidate)}ProjectCreateResponse")
                    {
                        return candidate;
                    }
                }
            }
        }

        return null;
    }

    /// <summary>Among the tags of the same kind: the last one before <paramref name="tag"/> alphabetically, and the first one.</summary>
    private static (string? Predecessor, string? First) Neighbours(JsonObject spec, IReadOnlyList<string> tagOrder, string tag, string? kind)
    {
        if (kind is null)
        {
            return (null, null);
        }

        var sameKind = tagOrder.Where(name => name != tag && KindOfTag(spec, name) == kind).ToList();
        return (sameKind.LastOrDefault(name => string.CompareOrdinal(name, tag) < 0), sameKind.FirstOrDefault());
    }

    private static List<string> TagNames(JsonObject spec) =>
        (spec["tags"] as JsonArray ?? []).Select(entry => JsonValues.AsString(entry?["name"]) ?? string.Empty).ToList();

    private static string? FirstTag(JsonObject? operationOrItem)
    {
        if (operationOrItem is null)
        {
            return null;
        }

        if (operationOrItem["tags"] is JsonArray tags)
        {
            return JsonValues.AsString(tags.FirstOrDefault());
        }

        return operationOrItem.Select(pair => pair.Value).OfType<JsonObject>().Select(FirstTag).FirstOrDefault(tag => tag is not null);
    }
}
