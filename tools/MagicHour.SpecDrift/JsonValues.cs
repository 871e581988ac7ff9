using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MagicHour.SpecDrift;

/// <summary>Equality and display of JSON values as the drift report needs them.</summary>
public static class JsonValues
{
    /// <summary>How an absent value is written in a difference line.</summary>
    public const string Absent = "<absent>";

    private static readonly JsonSerializerOptions StringEscaping = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The JSON kind of a node; a C# null is JSON null.</summary>
    public static JsonValueKind Kind(JsonNode? node) => node?.GetValueKind() ?? JsonValueKind.Null;

    /// <summary>The string value of a node, or null when it is not a JSON string.</summary>
    public static string? AsString(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>The boolean value of a node, or null when it is not a JSON boolean.</summary>
    public static bool? AsBool(JsonNode? node) => Kind(node) switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    /// <summary>
    /// Deep structural equality: object member order is irrelevant, array order matters, numbers
    /// compare by value (1, 1.0 and 1e0 are equal), and a string never equals a number ("1" vs 1).
    /// </summary>
    public static bool DeepEquals(JsonNode? a, JsonNode? b)
    {
        var kind = Kind(a);
        if (kind != Kind(b))
        {
            // true/false are distinct kinds; that is the right answer for them too.
            return false;
        }

        switch (kind)
        {
            case JsonValueKind.Object:
                var objA = (JsonObject)a!;
                var objB = (JsonObject)b!;
                if (objA.Count != objB.Count)
                {
                    return false;
                }

                foreach (var (key, value) in objA)
                {
                    if (!objB.TryGetPropertyValue(key, out var other) || !DeepEquals(value, other))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.Array:
                var arrA = (JsonArray)a!;
                var arrB = (JsonArray)b!;
                if (arrA.Count != arrB.Count)
                {
                    return false;
                }

                for (var i = 0; i < arrA.Count; i++)
                {
                    if (!DeepEquals(arrA[i], arrB[i]))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.Number:
                return NumbersEqual(a!, b!);
            case JsonValueKind.String:
                return string.Equals(AsString(a), AsString(b), StringComparison.Ordinal);
            default:
                return true; // null, true, false
        }
    }

    private static bool NumbersEqual(JsonNode a, JsonNode b)
    {
        var textA = a.ToJsonString();
        var textB = b.ToJsonString();
        if (textA == textB)
        {
            return true;
        }

        if (decimal.TryParse(textA, NumberStyles.Float, CultureInfo.InvariantCulture, out var decA)
            && decimal.TryParse(textB, NumberStyles.Float, CultureInfo.InvariantCulture, out var decB))
        {
            return decA == decB;
        }

        return double.Parse(textA, NumberStyles.Float, CultureInfo.InvariantCulture)
            == double.Parse(textB, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Writes a value for a difference line: strings bare when that is unambiguous (<c>16:9</c>,
    /// <c>21 Savage</c>), JSON-quoted when they could be mistaken for another kind (<c>"1"</c>,
    /// <c>"true"</c>, <c>""</c>); arrays as <c>[a, b]</c>; objects as <c>{key: value}</c>.
    /// A C# null (absent) is written <see cref="Absent"/>; use <see cref="RenderPresent"/> for a present JSON null.
    /// </summary>
    public static string Render(JsonNode? node) => node is null ? Absent : RenderPresent(node);

    /// <summary>Like <see cref="Render"/>, but a C# null means a JSON null that is present.</summary>
    public static string RenderPresent(JsonNode? node)
    {
        var builder = new StringBuilder();
        Write(builder, node, nested: false);
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, JsonNode? node, bool nested)
    {
        switch (Kind(node))
        {
            case JsonValueKind.Object:
                builder.Append('{');
                var first = true;
                foreach (var (key, value) in ((JsonObject)node!).OrderBy(pair => pair.Key, StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        builder.Append(", ");
                    }

                    first = false;
                    builder.Append(RenderString(key, nested: true)).Append(": ");
                    Write(builder, value, nested: true);
                }

                builder.Append('}');
                break;
            case JsonValueKind.Array:
                builder.Append('[');
                var index = 0;
                foreach (var item in (JsonArray)node!)
                {
                    if (index++ > 0)
                    {
                        builder.Append(", ");
                    }

                    Write(builder, item, nested: true);
                }

                builder.Append(']');
                break;
            case JsonValueKind.String:
                builder.Append(RenderString(AsString(node)!, nested));
                break;
            case JsonValueKind.Null:
                builder.Append("null");
                break;
            default:
                builder.Append(node!.ToJsonString());
                break;
        }
    }

    /// <summary>A string bare when unambiguous, otherwise JSON-quoted.</summary>
    public static string RenderString(string value, bool nested = false)
    {
        var needsQuotes =
            value.Length == 0
            || char.IsWhiteSpace(value[0])
            || char.IsWhiteSpace(value[^1])
            || value == Absent
            || HasControlCharacter(value)
            || LooksLikeLiteral(value)
            || (nested && value.IndexOfAny(['[', ']', '{', '}', ',', '"']) >= 0);
        return needsQuotes ? JsonSerializer.Serialize(value, StringEscaping) : value;
    }

    /// <summary>Whether <paramref name="value"/> has a character <see cref="char.IsControl(char)"/> accepts (C0, DEL, C1).</summary>
    private static bool HasControlCharacter(string value) =>
        value.AsSpan().IndexOfAnyInRange('\u0000', '\u001F') >= 0 || value.AsSpan().IndexOfAnyInRange('\u007F', '\u009F') >= 0;

    private static bool LooksLikeLiteral(string value)
    {
        if (value is "true" or "false" or "null")
        {
            return true;
        }

        var c = value[0];
        if (!(char.IsAsciiDigit(c) || c is '-' or '+' or '.'))
        {
            return false;
        }

        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
    }
}
