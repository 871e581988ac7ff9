using System.Text.Json.Nodes;
using MagicHour.SpecDrift;

namespace MagicHour.SpecSync;

/// <summary>The <c>$ref</c>s of a document: finding and rewriting them.</summary>
public static class References
{
    /// <summary>Every reference object (<c>{ $ref: ... }</c>) in <paramref name="node"/>, outermost first.</summary>
    public static IEnumerable<JsonObject> Objects(JsonNode? node)
    {
        var pending = new Stack<JsonNode?>();
        pending.Push(node);
        while (pending.TryPop(out var current))
        {
            switch (current)
            {
                case JsonObject obj when obj.ContainsKey("$ref"):
                    yield return obj;
                    break;
                case JsonObject obj:
                    // Pushed last to first so they pop in document order (by index: no copy of every object and array).
                    for (var i = obj.Count - 1; i >= 0; i--)
                    {
                        pending.Push(obj.GetAt(i).Value);
                    }

                    break;
                case JsonArray array:
                    for (var i = array.Count - 1; i >= 0; i--)
                    {
                        pending.Push(array[i]);
                    }

                    break;
            }
        }
    }

    /// <summary>The local component pointers (<c>#/components/...</c>) <paramref name="node"/> references.</summary>
    public static IEnumerable<string> ComponentPointers(JsonNode? node) =>
        Objects(node).Select(obj => JsonValues.AsString(obj["$ref"])).OfType<string>()
            .Where(reference => reference.StartsWith("#/components/", StringComparison.Ordinal));

    /// <summary>Points every <c>$ref</c> equal to <paramref name="from"/> at <paramref name="to"/>.</summary>
    public static void Retarget(JsonNode? node, string from, string to)
    {
        foreach (var obj in Objects(node).ToList())
        {
            if (JsonValues.AsString(obj["$ref"]) == from)
            {
                obj["$ref"] = to;
            }
        }
    }
}
