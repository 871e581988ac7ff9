using System.Text.Json.Nodes;
using MagicHour.SpecDrift;

namespace MagicHour.SpecSync;

/// <summary>Which components the operations use, their order, and removing those a sync left unused.</summary>
public static class UnusedComponents
{
    private static readonly string[] Sections = ["schemas", "responses", "parameters", "requestBodies", "headers"];

    /// <summary>Pointers (<c>#/components/schemas/X</c>) of every component reachable from the paths.</summary>
    public static HashSet<string> Reachable(JsonObject spec)
    {
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(References.ComponentPointers(spec["paths"]));
        while (pending.TryPop(out var pointer))
        {
            if (reached.Add(pointer))
            {
                foreach (var next in References.ComponentPointers(Definition(spec, pointer)))
                {
                    pending.Push(next);
                }
            }
        }

        return reached;
    }

    /// <summary>The tags the operations use.</summary>
    public static HashSet<string> UsedTags(JsonObject spec)
    {
        var tags = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, _, operation) in SpecOperations.All(spec))
        {
            foreach (var tag in operation["tags"] as JsonArray ?? [])
            {
                if (JsonValues.AsString(tag) is { } name)
                {
                    tags.Add(name);
                }
            }
        }

        return tags;
    }

    /// <summary>
    /// Removes the components and top-level tags that were used before the sync and are not any more
    /// (ones that were already unused are left alone); returns what was removed (<c>schema X</c>).
    /// </summary>
    public static List<string> RemoveNoLongerUsed(JsonObject spec, HashSet<string> usedBefore, HashSet<string> tagsBefore)
    {
        var removed = new List<string>();
        var usedNow = Reachable(spec);
        foreach (var pointer in usedBefore.Where(pointer => !usedNow.Contains(pointer)).Order(StringComparer.Ordinal))
        {
            var parts = pointer.Split('/');
            if (parts.Length == 4 && spec["components"]?[parts[2]] is JsonObject section && section.Remove(parts[3]))
            {
                removed.Add($"{(parts[2] == "requestBodies" ? "request body" : parts[2].TrimEnd('s'))} {parts[3]}");
                if (section.Count == 0)
                {
                    spec["components"]!.AsObject().Remove(parts[2]);
                }
            }
        }

        var tagsNow = UsedTags(spec);
        if (spec["tags"] is JsonArray tags)
        {
            for (var i = tags.Count - 1; i >= 0; i--)
            {
                var name = JsonValues.AsString(tags[i]?["name"]);
                if (name is not null && tagsBefore.Contains(name) && !tagsNow.Contains(name))
                {
                    tags.RemoveAt(i);
                    removed.Add($"tag {name}");
                }
            }
        }

        return removed;
    }

    /// <summary>Every component pointer, each before the components it references.</summary>
    public static List<string> TopologicalOrder(JsonObject spec)
    {
        var all = new List<string>();
        foreach (var section in Sections)
        {
            foreach (var (name, _) in spec["components"]?[section] as JsonObject ?? [])
            {
                all.Add($"#/components/{section}/{name}");
            }
        }

        var visited = new HashSet<string>(StringComparer.Ordinal);
        var postOrder = new List<string>();
        foreach (var pointer in all)
        {
            Visit(pointer);
        }

        postOrder.Reverse();
        return postOrder;

        void Visit(string pointer)
        {
            if (!visited.Add(pointer))
            {
                return;
            }

            foreach (var next in References.ComponentPointers(Definition(spec, pointer)))
            {
                Visit(next);
            }

            postOrder.Add(pointer);
        }
    }

    private static JsonNode? Definition(JsonObject spec, string pointer)
    {
        var parts = pointer.Split('/');
        return parts.Length == 4 && parts[1] == "components" ? spec["components"]?[parts[2]]?[parts[3]] : null;
    }
}
