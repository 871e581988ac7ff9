using System.Text.Json.Nodes;

namespace MagicHour.SpecDrift;

/// <summary>
/// Membership by <see cref="JsonValues.DeepEquals"/> among a list's values; string members (most enums, some of
/// hundreds of values, and required lists) are looked up in a hash set instead of one comparison per pair.
/// </summary>
public sealed class JsonValueSet
{
    private readonly HashSet<string> _strings = new(StringComparer.Ordinal);
    private readonly List<JsonNode?> _others = [];

    /// <summary>The set of <paramref name="values"/> (none when null).</summary>
    public JsonValueSet(IEnumerable<JsonNode?>? values)
    {
        foreach (var value in values ?? [])
        {
            if (JsonValues.AsString(value) is { } text)
            {
                _strings.Add(text);
            }
            else
            {
                _others.Add(value);
            }
        }
    }

    /// <summary>Whether one of the values deep-equals <paramref name="value"/>.</summary>
    public bool Contains(JsonNode? value) =>
        JsonValues.AsString(value) is { } text ? _strings.Contains(text) : _others.Any(other => JsonValues.DeepEquals(value, other));
}
