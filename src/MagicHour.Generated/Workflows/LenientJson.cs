using System.Text;
using System.Text.Json;

namespace MagicHour.Generated;

/// <summary>Reads what can be read from JSON that may be cut off or broken (a create answer that did not arrive whole).</summary>
internal static class LenientJson
{
    /// <summary>
    /// The string value of the top-level property <paramref name="name"/> of <paramref name="json"/>, reading token by
    /// token as far as the text is whole: <c>{"id":"p1","credits_ch</c> gives <c>p1</c>; a nested <c>id</c> does not count.
    /// </summary>
    public static string? TopLevelString(string? json, string name)
    {
        if (string.IsNullOrEmpty(json)) return null;
        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes, isFinalBlock: false, state: default);
        try
        {
            var wanted = false;
            while (reader.Read())
            {
                if (reader.CurrentDepth == 0 && reader.TokenType != JsonTokenType.StartObject) return null;
                if (reader.CurrentDepth != 1)
                {
                    wanted = false;
                    continue;
                }
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    wanted = reader.ValueTextEquals(name);
                }
                else if (wanted)
                {
                    if (reader.TokenType == JsonTokenType.String && reader.GetString() is { Length: > 0 } value) return value;
                    wanted = false;
                }
            }
        }
        catch (JsonException)
        {
            // Broken past this point: what was read before it is all there is.
        }
        return null;
    }
}
