using System.Text.Json;
using System.Text.Json.Nodes;

namespace MagicHour.Emulator;

/// <summary>JSON kinds and value equality for validation messages and enum checks.</summary>
internal static class JsonKinds
{
    public static string Of(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            _ => "null",
        },
        _ => "unknown",
    };

    /// <summary>A JSON number as a double, whatever CLR type backs it (YAML-read spec values are long or decimal).</summary>
    public static double Number(JsonNode node) => double.Parse(node.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Equality as JSON Schema's enum means it: numbers by value (4 equals 4.0), everything else by its JSON text.</summary>
    public static bool SameValue(JsonNode? a, JsonNode? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }
        if (Of(a) == "number" && Of(b) == "number")
        {
            return Number(a) == Number(b);
        }
        return JsonNode.DeepEquals(a, b);
    }
}
