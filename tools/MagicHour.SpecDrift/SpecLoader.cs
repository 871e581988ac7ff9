using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;

namespace MagicHour.SpecDrift;

/// <summary>An OpenAPI document read into a JSON tree, with where it came from.</summary>
/// <param name="Source">File path or other label, used in messages.</param>
/// <param name="Root">The document's root object.</param>
public sealed record SpecDocument(string Source, JsonObject Root);

/// <summary>The input cannot be used: missing file, invalid JSON or YAML, or not an OpenAPI 3 document.</summary>
public sealed class SpecLoadException : Exception
{
    /// <summary>Creates the exception with a message meant for the person running the tool.</summary>
    public SpecLoadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying parser error.</summary>
    public SpecLoadException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>Reads an OpenAPI 3 document from JSON or YAML.</summary>
public static class SpecLoader
{
    private static readonly JsonDocumentOptions JsonOptions = new()
    {
        MaxDepth = 1024,
        CommentHandling = JsonCommentHandling.Skip,
        AllowDuplicateProperties = false,
    };

    /// <summary>Loads a file; JSON or YAML is chosen by extension, or by content when the extension says neither.</summary>
    /// <exception cref="SpecLoadException">The file is missing, unreadable, malformed or not OpenAPI 3.</exception>
    public static SpecDocument Load(string path) => Parse(ReadText(path), path, FormatOf(path));

    /// <summary>Reads a file's text, as <see cref="Load"/> does.</summary>
    /// <exception cref="SpecLoadException">The file is missing or unreadable.</exception>
    public static string ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var reason = e is FileNotFoundException or DirectoryNotFoundException ? "file not found" : e.Message;
            throw new SpecLoadException($"{path}: cannot read: {reason}", e);
        }
    }

    /// <summary>The format <see cref="Load"/> reads a file as: by its extension, <see cref="SpecFormat.Auto"/> when it says neither.</summary>
    public static SpecFormat FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".json" => SpecFormat.Json,
        ".yaml" or ".yml" => SpecFormat.Yaml,
        _ => SpecFormat.Auto,
    };

    /// <summary>
    /// Reads a YAML document from <paramref name="events"/> (a parser over its text) as <see cref="Parse"/> does;
    /// for a caller that watches the same events for something else, so the text is parsed once.
    /// </summary>
    /// <exception cref="SpecLoadException">The text is malformed or not OpenAPI 3.</exception>
    public static SpecDocument ParseYaml(IParser events, string source) => ToDocument(ParseYaml(() => YamlToJson.Parse(events), source), source);

    /// <summary>Parses document text.</summary>
    /// <param name="text">The document.</param>
    /// <param name="source">Label for messages.</param>
    /// <param name="format">JSON, YAML, or Auto (JSON when the text starts with <c>{</c> and parses as JSON, else YAML).</param>
    /// <exception cref="SpecLoadException">The text is malformed or not OpenAPI 3.</exception>
    public static SpecDocument Parse(string text, string source = "<text>", SpecFormat format = SpecFormat.Auto)
    {
        JsonNode? root = format switch
        {
            SpecFormat.Json => ParseJson(text, source),
            SpecFormat.Yaml => ParseYaml(text, source),
            _ => ParseAuto(text, source),
        };
        return ToDocument(root, source);
    }

    private static SpecDocument ToDocument(JsonNode? root, string source)
    {
        if (root is not JsonObject obj)
        {
            throw new SpecLoadException($"{source}: not an OpenAPI document (the top level is not an object)");
        }

        var version = obj["openapi"] switch
        {
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
            _ => null,
        };
        if (version is null)
        {
            var hint = obj.ContainsKey("swagger") ? " (Swagger 2.0 is not supported)" : string.Empty;
            throw new SpecLoadException($"{source}: not an OpenAPI 3 document (no 'openapi' version field){hint}");
        }

        if (!version.StartsWith("3.", StringComparison.Ordinal) && version != "3")
        {
            throw new SpecLoadException($"{source}: not an OpenAPI 3 document (openapi: {version})");
        }

        if (obj["paths"] is not JsonObject)
        {
            throw new SpecLoadException($"{source}: not an OpenAPI document ('paths' is missing or not an object)");
        }

        return new SpecDocument(source, obj);
    }

    private static JsonNode? ParseAuto(string text, string source)
    {
        var trimmed = text.AsSpan().TrimStart();
        if (trimmed.Length > 0 && trimmed[0] == '{')
        {
            try
            {
                return ParseJson(text, source);
            }
            catch (SpecLoadException jsonError)
            {
                // A flow-style YAML document also starts with '{'; report the JSON error if YAML fails too.
                try
                {
                    return ParseYaml(text, source);
                }
                catch (SpecLoadException)
                {
                    throw jsonError;
                }
            }
        }

        return ParseYaml(text, source);
    }

    private static JsonNode? ParseJson(string text, string source)
    {
        try
        {
            // The whole document is parsed (and checked for duplicate keys) here; the tree is then built at once.
            using var document = JsonDocument.Parse(text, JsonOptions);
            return ToNode(document.RootElement);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : string.Empty;
            throw new SpecLoadException($"{source}: invalid JSON{where}: {FirstSentence(e.Message)}", e);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new SpecLoadException($"{source}: invalid JSON: {e.Message}", e);
        }
    }

    private static JsonNode? ParseYaml(string text, string source) => ParseYaml(() => YamlToJson.Parse(text), source);

    private static JsonNode? ParseYaml(Func<JsonNode?> parse, string source)
    {
        try
        {
            return parse();
        }
        catch (YamlException e)
        {
            var where = e.Start.Equals(Mark.Empty) ? string.Empty : $" (line {e.Start.Line}, column {e.Start.Column})";
            var message = e.InnerException is { } inner && e.Message.Contains("See inner exception", StringComparison.OrdinalIgnoreCase)
                ? inner.Message
                : e.Message;
            throw new SpecLoadException($"{source}: invalid YAML{where}: {message}", e);
        }
    }

    /// <summary>
    /// The tree of <paramref name="element"/>. Strings and booleans become plain values, so reading them later
    /// (the comparer and the sync read each many times) does not decode the UTF-8 text again; numbers keep the
    /// element (a copy that outlives the parsed document), which keeps their text as written.
    /// </summary>
    private static JsonNode? ToNode(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new JsonObject();
                foreach (var property in element.EnumerateObject())
                {
                    obj.Add(property.Name, ToNode(property.Value));
                }

                return obj;
            case JsonValueKind.Array:
                var array = new JsonArray();
                foreach (var item in element.EnumerateArray())
                {
                    array.Add(ToNode(item));
                }

                return array;
            case JsonValueKind.String:
                return JsonValue.Create(element.GetString());
            case JsonValueKind.True:
                return JsonValue.Create(true);
            case JsonValueKind.False:
                return JsonValue.Create(false);
            case JsonValueKind.Null:
                return null;
            default:
                return JsonValue.Create(element.Clone());
        }
    }

    private static string FirstSentence(string message)
    {
        var index = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return index > 0 ? message[..index].TrimEnd() : message;
    }
}

/// <summary>Which syntax to parse a document with.</summary>
public enum SpecFormat
{
    /// <summary>JSON when the text starts with '{' and parses as JSON, otherwise YAML.</summary>
    Auto,

    /// <summary>JSON only.</summary>
    Json,

    /// <summary>YAML (1.2 core schema; JSON is valid YAML too).</summary>
    Yaml,
}
