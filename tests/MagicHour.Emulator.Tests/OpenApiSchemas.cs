using System.Text.Json.Nodes;

namespace MagicHour.Emulator.Tests;

/// <summary>OpenAPI 3.0 schema objects as JSON Schema, for NJsonSchema: <c>nullable: true</c> becomes a "null" type.</summary>
internal static class OpenApiSchemas
{
    public static JsonNode ToJsonSchema(JsonNode schema)
    {
        var copy = schema.DeepClone();
        Rewrite(copy);
        return copy;
    }

    private static void Rewrite(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj.ToList())
                {
                    Rewrite(child);
                }
                if (obj["nullable"] is JsonValue n && (bool)n)
                {
                    obj.Remove("nullable");
                    if (obj["type"] is JsonValue type)
                    {
                        obj["type"] = new JsonArray((string)type!, "null");
                    }
                    if (obj["enum"] is JsonArray values && !values.Any(v => v is null))
                    {
                        values.Add(null);
                    }
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Rewrite(item);
                }
                break;
        }
    }
}
