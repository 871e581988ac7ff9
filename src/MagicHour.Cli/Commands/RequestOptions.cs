using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MagicHour.Cli.Output;
using MagicHour.Cli.Tools;

namespace MagicHour.Cli.Commands;

/// <summary>
/// A tool's request fields as command-line options: <c>--style.prompt</c> for <c>style.prompt</c>, plus the
/// leaf name (<c>--prompt</c>) as an alias when no other field has it; the first required file input is the
/// positional argument instead. Values are turned into a JSON request the SDK then deserializes and checks.
/// </summary>
internal sealed class RequestOptions
{
    private static readonly HashSet<string> Reserved = ["--output", "--out", "-o", "--no-wait", "--no-download", "--timeout", "--body-json", "--concurrency", "--max-credits", "--json", "--dry-run", "--api-key", "--base-url", "--emulator", "--help", "--version"];

    private readonly List<(RequestField Field, Option Option)> _options = [];

    /// <summary>Builds the options of <paramref name="tool"/>'s fields.</summary>
    public RequestOptions(GenerationTool tool)
    {
        Positional = tool.Fields.FirstOrDefault(f => f.FileInput && f.Required);
        var leafCounts = tool.Fields.SelectMany(ShortNames).GroupBy(n => n).ToDictionary(g => g.Key, g => g.Count());
        foreach (var field in tool.Fields)
        {
            if (field == Positional) continue;
            var option = Create(field);
            foreach (var alias in ShortNames(field))
            {
                if (alias != option.Name && leafCounts[alias] == 1 && !Reserved.Contains(alias)) option.Aliases.Add(alias);
            }
            _options.Add((field, option));
        }
    }

    /// <summary>The file input taken as the positional argument, if the tool has a required one.</summary>
    public RequestField? Positional { get; }

    /// <summary>The positional argument's name, e.g. <c>image</c> for <c>assets.image_file_path</c>.</summary>
    public string? PositionalName => Positional is null ? null : Leaf(Positional).Replace("_file_path", "").Replace("_path", "").Replace('_', '-');

    /// <summary>The options, to add to the command.</summary>
    public IEnumerable<Option> Options => _options.Select(o => o.Option);

    /// <summary>The flag that sets a JSON path (for error messages), or null when none does.</summary>
    public string? FlagFor(string jsonPath)
    {
        var path = jsonPath.Split('[')[0];
        if (Positional?.JsonPath == path) return $"<{PositionalName}>";
        return _options.FirstOrDefault(o => o.Field.JsonPath == path).Option?.Name;
    }

    /// <summary>The request: <paramref name="body"/> (from <c>--body-json</c>) with every given flag set over it.</summary>
    public JsonObject Build(ParseResult parse, JsonObject? body, string? positionalValue)
    {
        var root = body ?? new JsonObject();
        if (Positional is not null && positionalValue is not null) Set(root, Positional.JsonPath, JsonValue.Create(positionalValue));
        foreach (var (field, option) in _options)
        {
            if (parse.GetResult(option) is not { Implicit: false }) continue;
            JsonNode? value = option switch
            {
                Option<bool> flag => JsonValue.Create(parse.GetValue(flag)),
                Option<string> text => Convert(field, option.Name, parse.GetValue(text)!),
                Option<string[]> list => FileList(option.Name, parse.GetValue(list)!),
                _ => null,
            };
            Set(root, field.JsonPath, value);
        }
        return root;
    }

    /// <summary>The local files the request names (what the SDK would upload first).</summary>
    public static IEnumerable<string> LocalFiles(GenerationTool tool, JsonObject request)
    {
        foreach (var field in tool.Fields.Where(f => f.FileInput))
        {
            foreach (var path in FileValues(request, field)) if (IsLocal(path)) yield return path;
        }
    }

    /// <summary>True unless <paramref name="value"/> is an http(s) URL or an <c>api-assets/</c> path.</summary>
    public static bool IsLocal(string value)
        => !value.StartsWith("api-assets/", StringComparison.Ordinal)
           && !(Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https");

    private static Option Create(RequestField field)
    {
        var name = "--" + field.JsonPath.Replace('_', '-');
        var description = field.Description;
        if (field.Required) description = "Required. " + description;
        if (field.Deprecated) description = "Deprecated. " + description;
        if (field.FileInput) description += " Takes a local path, an http(s) URL or an api-assets/ path.";
        if (field.Type == RequestFieldType.Json) description += " Takes JSON.";
        if (field.KnownValues is { Count: > 0 } values) description += $" One of: {string.Join(", ", values)}.";
        if (field.FileInput && field.Type == RequestFieldType.Json)
        {
            return new Option<string[]>(name) { Description = description.Replace(" Takes JSON.", " Repeat the flag for each file, or pass a JSON list."), HelpName = "file|url", Arity = ArgumentArity.OneOrMore };
        }
        if (field.Type == RequestFieldType.Boolean)
        {
            return new Option<bool>(name) { Description = description, Arity = ArgumentArity.ZeroOrOne };
        }
        var option = new Option<string>(name) { Description = description, HelpName = HelpName(field) };
        if (field.KnownValues is { Count: > 0 } known) option.CompletionSources.Add(known.ToArray());
        return option;
    }

    private static string HelpName(RequestField field) => field.Type switch
    {
        RequestFieldType.Integer => "integer",
        RequestFieldType.Number => "number",
        RequestFieldType.Json => "json",
        RequestFieldType.Enum => "value",
        _ when field.FileInput => "file|url",
        _ => "text",
    };

    private static JsonNode? Convert(RequestField field, string flag, string text) => field.Type switch
    {
        RequestFieldType.Integer => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole)
            ? JsonValue.Create(whole)
            : throw new CliUsageException($"{flag} takes a whole number (got '{text}')."),
        RequestFieldType.Number => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? JsonValue.Create(number)
            : throw new CliUsageException($"{flag} takes a number such as 2.5 (got '{text}')."),
        RequestFieldType.Json => ParseJson(flag, text),
        _ => JsonValue.Create(text),
    };

    /// <summary>A list of file inputs: each value is one file, unless the only value is a JSON list.</summary>
    private static JsonNode? FileList(string flag, string[] values)
        => values is [var only] && only.TrimStart().StartsWith('[')
            ? ParseJson(flag, only)
            : new JsonArray([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);

    private static JsonNode? ParseJson(string flag, string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new CliUsageException($"{flag} takes JSON ({ex.Message.Split(" Path:")[0]}).");
        }
    }

    private static void Set(JsonObject root, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        var node = root;
        foreach (var part in parts[..^1])
        {
            if (node[part] is not JsonObject child)
            {
                child = new JsonObject();
                node[part] = child;
            }
            node = child;
        }
        node[parts[^1]] = value;
    }

    /// <summary>The strings a file field holds: one, or each item of a list.</summary>
    public static IEnumerable<string> FileValues(JsonObject request, RequestField field)
    {
        var node = Get(request, field.JsonPath);
        var items = node is JsonArray array ? array.ToArray() : [node];
        foreach (var item in items)
        {
            if (item is JsonValue value && value.TryGetValue<string>(out var text)) yield return text;
        }
    }

    private static JsonNode? Get(JsonObject root, string path)
    {
        JsonNode? node = root;
        foreach (var part in path.Split('.')) node = node is JsonObject o ? o[part] : null;
        return node;
    }

    private static string Leaf(RequestField field) => field.JsonPath[(field.JsonPath.LastIndexOf('.') + 1)..];

    /// <summary><c>--image-file-path</c> and, for file inputs, <c>--image</c>.</summary>
    private static IEnumerable<string> ShortNames(RequestField field)
    {
        var leaf = Leaf(field);
        yield return "--" + leaf.Replace('_', '-');
        if (field.FileInput && leaf.EndsWith("_file_path", StringComparison.Ordinal)) yield return "--" + leaf[..^"_file_path".Length].Replace('_', '-');
    }
}
