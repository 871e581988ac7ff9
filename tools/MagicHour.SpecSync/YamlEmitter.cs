using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MagicHour.SpecSync;

/// <summary>
/// Writes JSON nodes as YAML in the layout of <c>openapi/magic-hour.v1.yaml</c>: block mappings indented
/// by two, scalar lists in flow style (<c>[a, b]</c>) when they fit on a line and as <c>- item</c> lines
/// otherwise, <c>{ $ref: ... }</c> one-liners for responses, strings plain unless the YAML 1.2 core schema
/// would read them as something else.
/// </summary>
public static partial class YamlEmitter
{
    /// <summary>Longest line a flow list is allowed to make.</summary>
    public const int MaxLineLength = 100;

    /// <summary>Renders <c>key: value</c> at <paramref name="indent"/> spaces, ending with a newline.</summary>
    public static string Entry(string key, JsonNode? value, int indent)
    {
        var builder = new StringBuilder();
        WriteEntry(builder, key, value, indent);
        return builder.ToString();
    }

    /// <summary>Renders one block sequence item (<c>- value</c>) at <paramref name="indent"/>, ending with a newline.</summary>
    public static string SequenceItem(JsonNode? value, int indent)
    {
        var builder = new StringBuilder();
        WriteItem(builder, value, indent);
        return builder.ToString();
    }

    /// <summary>A scalar list in flow style, wrapped under <paramref name="continuationIndent"/> when longer than a line.</summary>
    public static string FlowList(JsonArray list, int firstColumn, int continuationIndent)
    {
        var items = list.Select(item => Scalar(item, inFlow: true)).ToList();
        var builder = new StringBuilder("[");
        var column = firstColumn + 1;
        for (var i = 0; i < items.Count; i++)
        {
            var piece = items[i] + (i < items.Count - 1 ? "," : "]");
            if (i > 0)
            {
                if (column + 1 + piece.Length > MaxLineLength)
                {
                    builder.Append('\n').Append(' ', continuationIndent);
                    column = continuationIndent;
                }
                else
                {
                    builder.Append(' ');
                    column++;
                }
            }

            builder.Append(piece);
            column += piece.Length;
        }

        if (items.Count == 0)
        {
            builder.Append(']');
        }

        return builder.ToString();
    }

    /// <summary>Whether a list holds only scalars (so it is written as a flow list or <c>- item</c> lines).</summary>
    public static bool IsScalarList(JsonNode? node) => node is JsonArray array && array.All(item => item is null or JsonValue);

    /// <summary>A scalar as YAML text.</summary>
    public static string Scalar(JsonNode? node, bool inFlow = false)
    {
        if (node is null)
        {
            return "null";
        }

        var value = node.AsValue();
        return value.GetValueKind() switch
        {
            JsonValueKind.String => String(value.GetValue<string>(), inFlow),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Null => "null",
            _ => value.ToJsonString(),
        };
    }

    /// <summary>A mapping key as YAML text (quoted when it would not read back as the same string).</summary>
    public static string Key(string key) => String(key, inFlow: false);

    private static void WriteEntry(StringBuilder builder, string key, JsonNode? value, int indent)
    {
        builder.Append(' ', indent).Append(Key(key)).Append(':');
        switch (value)
        {
            case JsonObject { Count: 0 }:
                builder.Append(" {}\n");
                break;
            case JsonObject obj when IsStatusCode(key) && obj.Count == 1 && obj["$ref"] is JsonValue reference:
                builder.Append(" { $ref: ").Append(Scalar(reference, inFlow: true)).Append(" }\n");
                break;
            case JsonObject obj:
                builder.Append('\n');
                foreach (var (childKey, child) in obj)
                {
                    WriteEntry(builder, childKey, child, indent + 2);
                }

                break;
            case JsonArray { Count: 0 }:
                builder.Append(" []\n");
                break;
            case JsonArray array when IsScalarList(array):
                var flow = FlowList(array, indent + Key(key).Length + 2, indent + 4);
                if (!flow.Contains('\n'))
                {
                    builder.Append(' ').Append(flow).Append('\n');
                    break;
                }

                builder.Append('\n');
                foreach (var item in array)
                {
                    WriteItem(builder, item, indent + 2);
                }

                break;
            case JsonArray array:
                builder.Append('\n');
                foreach (var item in array)
                {
                    WriteItem(builder, item, indent + 2);
                }

                break;
            default:
                builder.Append(' ').Append(Scalar(value)).Append('\n');
                break;
        }
    }

    private static void WriteItem(StringBuilder builder, JsonNode? value, int indent)
    {
        if (value is JsonObject { Count: > 0 } obj)
        {
            // The first entry shares the dash's line; the others line up under it.
            var inner = new StringBuilder();
            foreach (var (childKey, child) in obj)
            {
                WriteEntry(inner, childKey, child, indent + 2);
            }

            builder.Append(' ', indent).Append("- ").Append(inner.ToString(indent + 2, inner.Length - indent - 2));
            return;
        }

        var text = value switch
        {
            JsonObject => "{}",
            JsonArray array => FlowList(array, indent + 2, indent + 4),
            _ => Scalar(value),
        };
        builder.Append(' ', indent).Append("- ").Append(text).Append('\n');
    }

    private static bool IsStatusCode(string key) => StatusCode().IsMatch(key);

    private static string String(string text, bool inFlow)
    {
        if (text.Contains('\n') || text.Any(char.IsControl))
        {
            return JsonSerializer.Serialize(text, SpecSyncJson.Options);
        }

        var plain = text.Length > 0
            && !NotPlainStart().IsMatch(text)
            && !text.EndsWith(' ')
            && !text.Contains(": ", StringComparison.Ordinal)
            && !text.Contains(" #", StringComparison.Ordinal)
            && !text.EndsWith(':')
            && !(inFlow && text.IndexOfAny([',', '[', ']', '{', '}', ':', '#']) >= 0)
            && !CoreSchemaNonString().IsMatch(text);
        return plain ? text : "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    [GeneratedRegex(@"^([1-5][0-9][0-9]|[1-5]XX|default)$", RegexOptions.CultureInvariant)]
    private static partial Regex StatusCode();

    [GeneratedRegex(@"^[-?:,\[\]{}#&*!|>'""%@` ]", RegexOptions.CultureInvariant)]
    private static partial Regex NotPlainStart();

    /// <summary>Plain scalars the YAML 1.2 core schema reads as null, booleans or numbers.</summary>
    [GeneratedRegex(@"^(~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$", RegexOptions.CultureInvariant)]
    private static partial Regex CoreSchemaNonString();
}
