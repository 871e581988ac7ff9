using System.Text.Json.Nodes;

namespace MagicHour.SpecSync;

/// <summary>Adds keys to JSON objects at a chosen position, since key order becomes line order in the YAML.</summary>
public static class JsonOrder
{
    /// <summary>Inserts <paramref name="key"/> at <paramref name="index"/> (clamped to the object's size).</summary>
    public static void InsertAt(JsonObject obj, int index, string key, JsonNode? value) =>
        obj.Insert(Math.Clamp(index, 0, obj.Count), key, value);

    /// <summary>Inserts before the first of <paramref name="before"/> that the object has, else at the end.</summary>
    public static void InsertBefore(JsonObject obj, string key, JsonNode? value, params string[] before)
    {
        var index = before.Select(obj.IndexOf).Where(i => i >= 0).DefaultIfEmpty(obj.Count).Min();
        InsertAt(obj, index, key, value);
    }

    /// <summary>
    /// Inserts a schema keyword where the spec's layout puts it: before a trailing <c>description</c>
    /// (property schemas end with theirs), else at the end.
    /// </summary>
    public static void InsertKeyword(JsonObject schema, string key, JsonNode? value)
    {
        var index = schema.Count > 0 && schema.GetAt(schema.Count - 1).Key == "description" ? schema.Count - 1 : schema.Count;
        InsertAt(schema, index, key, value);
    }

    /// <summary>A reference object <c>{ $ref: pointer }</c>.</summary>
    public static JsonObject Ref(string pointer) => new() { ["$ref"] = pointer };
}
