using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace MagicHour.SpecDrift;

/// <summary>
/// Converts a YAML document into a <see cref="JsonNode"/> tree, reading scalars the way the
/// YAML 1.2 core schema does: only plain (unquoted) scalars can become numbers, booleans or null;
/// quoted and block scalars are always strings. So <c>'1'</c> stays the string "1", and values such
/// as <c>16:9</c>, <c>21 Savage</c> or <c>3D Anime</c> stay strings exactly as written (YAML 1.1
/// would have read <c>16:9</c> as the base-60 number 969).
/// </summary>
/// <remarks>
/// Built on YamlDotNet's event parser rather than its object model so that anchors and aliases,
/// merge keys (<c>&lt;&lt;</c>), duplicate keys and explicit tags (<c>!!str</c>, <c>!!int</c>, ...) are
/// handled here, with line numbers in the errors.
/// </remarks>
#if MAGICHOUR_EMULATOR
// Compiled into the emulator too, where it is plumbing, not part of the package's public API.
internal
#else
public
#endif
static partial class YamlToJson
{
    /// <summary>Upper bound on nodes created, so an alias "bomb" fails instead of exhausting memory (the vendor spec has about 8,000).</summary>
    private const int MaxNodes = 500_000;

    /// <summary>Upper bound on nesting, so a pathological document fails instead of overflowing the stack.</summary>
    private const int MaxDepth = 512;

    private const string CoreTagPrefix = "tag:yaml.org,2002:";

    /// <summary>Parses the first document of <paramref name="yaml"/>; null when the stream holds no document.</summary>
    /// <exception cref="YamlException">The text is not valid YAML, or uses a construct that has no JSON equivalent.</exception>
    public static JsonNode? Parse(string yaml) => Parse(new Parser(new StringReader(yaml)));

    /// <summary>Reads the first document from <paramref name="parser"/>'s events; null when the stream holds no document.</summary>
    /// <exception cref="YamlException">The text is not valid YAML, or uses a construct that has no JSON equivalent.</exception>
    public static JsonNode? Parse(IParser parser)
    {
        parser.Consume<StreamStart>();
        if (parser.TryConsume<StreamEnd>(out _))
        {
            return null;
        }

        parser.Consume<DocumentStart>();
        var state = new State();
        var root = ReadNode(parser, state, 0);
        parser.Consume<DocumentEnd>();
        return root;
    }

    private sealed class State
    {
        public Dictionary<string, JsonNode?> Anchors { get; } = new(StringComparer.Ordinal);

        public int Nodes { get; set; }
    }

    private static JsonNode? ReadNode(IParser parser, State state, int depth)
    {
        if (depth > MaxDepth)
        {
            var current = parser.Current;
            throw new YamlException(current?.Start ?? Mark.Empty, current?.End ?? Mark.Empty, $"nesting deeper than {MaxDepth} levels");
        }

        if (++state.Nodes > MaxNodes)
        {
            var current = parser.Current;
            throw new YamlException(current?.Start ?? Mark.Empty, current?.End ?? Mark.Empty, $"more than {MaxNodes} nodes (alias expansion?)");
        }

        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            if (!state.Anchors.TryGetValue(alias.Value.Value, out var target))
            {
                throw new YamlException(alias.Start, alias.End, $"alias *{alias.Value.Value} refers to an unknown anchor");
            }

            state.Nodes += CountNodes(target);
            if (state.Nodes > MaxNodes)
            {
                throw new YamlException(alias.Start, alias.End, $"more than {MaxNodes} nodes (alias expansion?)");
            }

            return target?.DeepClone();
        }

        JsonNode? result;
        AnchorName anchor;
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            anchor = scalar.Anchor;
            result = ConvertScalar(scalar);
        }
        else if (parser.TryConsume<SequenceStart>(out var sequenceStart))
        {
            anchor = sequenceStart.Anchor;
            var array = new JsonArray();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                array.Add(ReadNode(parser, state, depth + 1));
            }

            result = array;
        }
        else if (parser.TryConsume<MappingStart>(out var mappingStart))
        {
            anchor = mappingStart.Anchor;
            result = ReadMapping(parser, state, depth);
        }
        else
        {
            var current = parser.Current;
            throw new YamlException(current?.Start ?? Mark.Empty, current?.End ?? Mark.Empty, $"unexpected {current?.GetType().Name ?? "end of input"}");
        }

        if (!anchor.IsEmpty)
        {
            // Later definitions of the same anchor name replace earlier ones (YAML 1.2, 3.2.2.2).
            state.Anchors[anchor.Value] = result;
        }

        return result;
    }

    private static JsonObject ReadMapping(IParser parser, State state, int depth)
    {
        var obj = new JsonObject();
        List<JsonObject>? merged = null;
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var keyEvent = parser.Current;
            if (keyEvent is not Scalar keyScalar)
            {
                throw new YamlException(keyEvent?.Start ?? Mark.Empty, keyEvent?.End ?? Mark.Empty, "only scalar mapping keys can be represented in JSON");
            }

            parser.MoveNext();
            var key = keyScalar.Value;
            if (key == "<<" && keyScalar.Style == ScalarStyle.Plain)
            {
                // Merge key: entries of the merged mapping(s) apply where this mapping has no own entry.
                var value = ReadNode(parser, state, depth + 1);
                switch (value)
                {
                    case JsonObject single:
                        (merged ??= []).Add(single);
                        break;
                    case JsonArray list when list.All(item => item is JsonObject):
                        (merged ??= []).AddRange(list.Cast<JsonObject>());
                        break;
                    default:
                        throw new YamlException(keyScalar.Start, keyScalar.End, "a merge key (<<) needs a mapping or a list of mappings");
                }

                continue;
            }

            if (obj.ContainsKey(key))
            {
                throw new YamlException(keyScalar.Start, keyScalar.End, $"duplicate key '{key}'");
            }

            obj[key] = ReadNode(parser, state, depth + 1);
        }

        // Earlier merge sources take precedence over later ones; own keys over all of them.
        if (merged is null)
        {
            return obj;
        }

        foreach (var source in merged)
        {
            foreach (var (key, value) in source.ToList())
            {
                if (!obj.ContainsKey(key))
                {
                    obj[key] = value?.DeepClone();
                }
            }
        }

        return obj;
    }

    private static JsonNode? ConvertScalar(Scalar scalar)
    {
        var value = scalar.Value;
        var tag = scalar.Tag;
        if (!tag.IsEmpty && !tag.IsNonSpecific)
        {
            var name = tag.Value.StartsWith(CoreTagPrefix, StringComparison.Ordinal) ? tag.Value[CoreTagPrefix.Length..] : tag.Value;
            return name switch
            {
                "str" => JsonValue.Create(value),
                "null" => null,
                "bool" => ParseBool(value) is { } b ? JsonValue.Create(b) : throw Invalid(scalar, "!!bool"),
                "int" or "float" => ParseNumber(value) ?? throw Invalid(scalar, "!!" + name),
                _ => JsonValue.Create(value), // unknown tags: keep the text
            };
        }

        // Quoted and block scalars, and anything tagged with the non-specific "!", are strings.
        if (scalar.Style != ScalarStyle.Plain || tag.IsNonSpecific)
        {
            return JsonValue.Create(value);
        }

        if (value.Length == 0 || value is "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (ParseBool(value) is { } boolean)
        {
            return JsonValue.Create(boolean);
        }

        return ParseNumber(value) ?? JsonValue.Create(value);
    }

    private static YamlException Invalid(Scalar scalar, string tag) =>
        new(scalar.Start, scalar.End, $"'{scalar.Value}' is not a valid {tag}");

    private static bool? ParseBool(string value) => value switch
    {
        "true" or "True" or "TRUE" => true,
        "false" or "False" or "FALSE" => false,
        _ => null,
    };

    /// <summary>Numbers per the YAML 1.2 core schema; .inf and .nan have no JSON form and stay strings.</summary>
    private static JsonNode? ParseNumber(string value)
    {
        // Every number form below starts with a digit, a sign or a point; most plain scalars are words.
        if (value.Length == 0 || !(char.IsAsciiDigit(value[0]) || value[0] is '-' or '+' or '.'))
        {
            return null;
        }

        if (DecimalInteger().IsMatch(value) || CoreFloat().IsMatch(value))
        {
            var text = value.StartsWith('+') ? value[1..] : value;
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            {
                return JsonValue.Create(integer);
            }

            if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var dec))
            {
                return JsonValue.Create(dec);
            }

            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var dbl) && double.IsFinite(dbl))
            {
                return JsonValue.Create(dbl);
            }

            return null;
        }

        if (value.StartsWith("0x", StringComparison.Ordinal) && value.Length > 2
            && long.TryParse(value.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) && hex >= 0)
        {
            return JsonValue.Create(hex);
        }

        if (OctalInteger().IsMatch(value))
        {
            try
            {
                return JsonValue.Create(Convert.ToInt64(value[2..], 8));
            }
            catch (OverflowException)
            {
                return null;
            }
        }

        return null;
    }

    private static int CountNodes(JsonNode? node) => node switch
    {
        JsonObject obj => 1 + obj.Sum(pair => CountNodes(pair.Value)),
        JsonArray array => 1 + array.Sum(CountNodes),
        _ => 1,
    };

    [GeneratedRegex(@"^[-+]?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalInteger();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex CoreFloat();

    [GeneratedRegex(@"^0o[0-7]+$", RegexOptions.CultureInvariant)]
    private static partial Regex OctalInteger();
}
