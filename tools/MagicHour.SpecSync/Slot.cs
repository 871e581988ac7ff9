using System.Text.Json.Nodes;

namespace MagicHour.SpecSync;

/// <summary>A place that holds a schema: a key of an object or an index of an array.</summary>
public readonly record struct Slot(JsonObject? Object, string? Key, JsonArray? Array, int Index)
{
    /// <summary>The slot <paramref name="key"/> of <paramref name="parent"/>.</summary>
    public static Slot Of(JsonObject parent, string key) => new(parent, key, null, -1);

    /// <summary>The slot <paramref name="index"/> of <paramref name="parent"/>.</summary>
    public static Slot Of(JsonArray parent, int index) => new(null, null, parent, index);

    /// <summary>The node in the slot.</summary>
    public JsonNode? Get() => Object is not null ? Object[Key!] : Array![Index];

    /// <summary>Replaces the node in the slot, keeping its position.</summary>
    public void Set(JsonNode? value)
    {
        if (Object is not null)
        {
            Object[Key!] = value;
        }
        else
        {
            Array![Index] = value;
        }
    }
}
