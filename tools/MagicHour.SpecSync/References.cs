using System.Text.Json.Nodes;
using MagicHour.SpecDrift;

namespace MagicHour.SpecSync;

/// <summary>Rewrites <c>$ref</c>s across a document.</summary>
public static class References
{
    /// <summary>Points every <c>$ref</c> equal to <paramref name="from"/> at <paramref name="to"/>.</summary>
    public static void Retarget(JsonNode? node, string from, string to)
    {
        switch (node)
        {
            case JsonObject obj:
                if (JsonValues.AsString(obj["$ref"]) == from)
                {
                    obj["$ref"] = to;
                }

                foreach (var (_, value) in obj.ToList())
                {
                    Retarget(value, from, to);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Retarget(item, from, to);
                }

                break;
        }
    }
}
