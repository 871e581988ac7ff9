using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MagicHour.Emulator;

internal enum ProjectKind
{
    Image,
    Video,
    Audio,
}

/// <summary>
/// One create operation: what the spec says about it (path, project kind, request schema) joined with the
/// hand-written facts the spec does not hold (<see cref="CreateBehaviour"/>: cost, output, face inputs, rules
/// across fields). <see cref="CreateEndpointCatalog.All"/> is the single source for routing, validation and billing.
/// </summary>
internal sealed class CreateEndpoint
{
    /// <summary>Request path, e.g. "/v1/ai-headshot-generator".</summary>
    public required string Path { get; init; }

    public required string OperationId { get; init; }

    /// <summary>From the operation's <c>x-magichour-project-kind</c>.</summary>
    public required ProjectKind Kind { get; init; }

    /// <summary>The JSON request body schema; every create body is validated against it.</summary>
    public required JsonObject RequestSchema { get; init; }

    /// <summary>
    /// Fields required at every depth through required objects, as "dotted.path:jsonkind" (for messages, docs and
    /// tests; validation itself walks <see cref="RequestSchema"/>, which also checks required fields of optional objects).
    /// </summary>
    public required string[] Required { get; init; }

    /// <summary>The project's <c>type</c> string in GET responses.</summary>
    public required string Type { get; init; }

    /// <summary>Prefix of the default project name ("{DefaultName} - {created}"), from the spec's <c>name</c> default.</summary>
    public required string DefaultName { get; init; }

    /// <summary>Whether a hand-written entry exists; false means the defaults of its kind apply.</summary>
    public required bool HandWritten { get; init; }

    public required CreateBehaviour Behaviour { get; init; }

    public string[] FaceFields => Behaviour.FaceFields;

    public long Cost(JsonObject body) => (Behaviour.Cost ?? CreateEndpointCatalog.DefaultCost(Kind))(body);

    public string CostNote => Behaviour.CostNote ?? CreateEndpointCatalog.DefaultCostNote(Kind);

    /// <summary>Rules across fields the schema cannot say (e.g. end_seconds &gt; start_seconds); an error message or null.</summary>
    public string? Validate(JsonObject body) => Behaviour.Validate?.Invoke(body);

    /// <summary>Number of output files; by default <c>image_count</c> for image projects, else 1.</summary>
    public int OutputCount(JsonObject body) => Behaviour.OutputCount?.Invoke(body)
        ?? (Kind == ProjectKind.Image ? (int)(CreateEndpointCatalog.GetNumber(body, "image_count") ?? 1) : 1);

    public string RouteKey => "POST " + Path;

    public string ExtensionFor(JsonObject body) => Behaviour.OutputExtension?.Invoke(body) ?? Kind switch
    {
        ProjectKind.Image => "png",
        ProjectKind.Video => "mp4",
        _ => "wav",
    };
}

/// <summary>What the spec does not say about a create operation: hand-written, keyed by path.</summary>
internal sealed class CreateBehaviour
{
    /// <summary>The project <c>type</c>; null derives it from the path (ai-video-translator → AI_VIDEO_TRANSLATOR).</summary>
    public string? Type { get; init; }

    /// <summary>Image inputs that must show a face (the faceless rule applies to them), in priority order.</summary>
    public string[] FaceFields { get; init; } = [];

    /// <summary>Credits charged for a valid body; null uses the default of the project kind.</summary>
    public Func<JsonObject, long>? Cost { get; init; }

    /// <summary>How <see cref="Cost"/> was chosen (documented in the README).</summary>
    public string? CostNote { get; init; }

    public Func<JsonObject, string?>? Validate { get; init; }

    public Func<JsonObject, int>? OutputCount { get; init; }

    public Func<JsonObject, string>? OutputExtension { get; init; }
}

internal static partial class CreateEndpointCatalog
{
    public const string ProjectKindMark = "x-magichour-project-kind";

    // Lazy: Behaviours is a static field of another part of this class, whose initialisation order is not ours to pick.
    private static readonly Lazy<IReadOnlyList<CreateEndpoint>> AllFromSpec = new(() => FromSpec(ApiSpec.Current));

    /// <summary>The catalogue of the embedded spec.</summary>
    public static IReadOnlyList<CreateEndpoint> All => AllFromSpec.Value;

    public static List<CreateEndpoint> FromSpec(ApiSpec spec) => FromSpec(spec, Behaviours);

    /// <summary>Every POST operation of the spec marked with a project kind, joined with its hand-written behaviour if any.</summary>
    internal static List<CreateEndpoint> FromSpec(ApiSpec spec, IReadOnlyDictionary<string, CreateBehaviour> behaviours)
    {
        var list = new List<CreateEndpoint>();
        foreach (var (path, item) in spec.Paths)
        {
            if (item?["post"] is not JsonObject operation || operation[ProjectKindMark] is not JsonValue kindMark)
            {
                continue;
            }
            var kindName = kindMark.GetValue<string>();
            var kind = kindName switch
            {
                "image" => ProjectKind.Image,
                "video" => ProjectKind.Video,
                "audio" => ProjectKind.Audio,
                _ => throw new InvalidOperationException($"{path}: unknown {ProjectKindMark} '{kindName}'."),
            };
            var schema = spec.RequestSchema(operation) ?? throw new InvalidOperationException($"{path}: a create operation without a JSON request body.");
            var handWritten = behaviours.TryGetValue(path, out var behaviour);
            behaviour ??= new CreateBehaviour();
            list.Add(new CreateEndpoint
            {
                Path = path,
                OperationId = (string?)operation["operationId"] ?? path,
                Kind = kind,
                RequestSchema = schema,
                Required = RequiredFields(spec, schema, ""),
                Type = behaviour.Type ?? TypeFromPath(path),
                DefaultName = DefaultName(spec, schema, path),
                HandWritten = handWritten,
                Behaviour = behaviour,
            });
        }
        return list;
    }

    internal static Func<JsonObject, long> DefaultCost(ProjectKind kind) => kind switch
    {
        ProjectKind.Image => static _ => DefaultImageCredits,
        ProjectKind.Video => VideoCost,
        _ => VoiceCost,
    };

    internal static string DefaultCostNote(ProjectKind kind) => kind switch
    {
        ProjectKind.Image => $"default for image tools without an entry: {DefaultImageCredits} per output image (guess)",
        ProjectKind.Video => VideoCostNote,
        _ => VoiceCostNote,
    };

    private static string[] RequiredFields(ApiSpec spec, JsonObject schema, string at)
    {
        var result = new List<string>();
        foreach (var (name, property, _) in ObjectMembers(spec, schema).Where(m => m.Required))
        {
            var field = at.Length == 0 ? name : $"{at}.{name}";
            var resolved = spec.Resolve(property) as JsonObject ?? [];
            var type = (string?)resolved["type"] ?? (resolved["allOf"] is JsonArray all ? all.Select(a => (string?)spec.Resolve(a)?["type"]).FirstOrDefault(t => t is not null) : null);
            result.Add(type is null ? field : $"{field}:{type}");
            if (type == "object")
            {
                result.AddRange(RequiredFields(spec, resolved, field));
            }
        }
        return [.. result];
    }

    /// <summary>Properties of an object schema, its allOf parts included, with whether each is required.</summary>
    private static IEnumerable<(string Name, JsonNode? Schema, bool Required)> ObjectMembers(ApiSpec spec, JsonObject schema)
    {
        var parts = new[] { schema }.Concat(((schema["allOf"] as JsonArray) ?? []).Select(a => spec.Resolve(a) as JsonObject).OfType<JsonObject>());
        foreach (var part in parts)
        {
            var required = ((part["required"] as JsonArray) ?? []).Select(r => (string)r!).ToHashSet(StringComparer.Ordinal);
            foreach (var (name, property) in (part["properties"] as JsonObject) ?? [])
            {
                yield return (name, property, required.Contains(name));
            }
        }
    }

    private static string TypeFromPath(string path) => path[(path.LastIndexOf('/') + 1)..].Replace('-', '_').ToUpperInvariant();

    /// <summary>The spec's <c>name</c> default ("Video Translator - dateTime") without the date part, else the path in title case.</summary>
    private static string DefaultName(ApiSpec spec, JsonObject schema, string path)
    {
        var nameDefault = (spec.Resolve(schema["properties"]?["name"]) as JsonObject)?["default"] is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? v.GetValue<string>() : null;
        const string suffix = " - dateTime";
        if (nameDefault is not null && nameDefault.EndsWith(suffix, StringComparison.Ordinal))
        {
            return nameDefault[..^suffix.Length];
        }
        var words = path[(path.LastIndexOf('/') + 1)..].Split('-', StringSplitOptions.RemoveEmptyEntries);
        return string.Join(' ', words.Select(w => char.ToUpper(w[0], CultureInfo.InvariantCulture) + w[1..]));
    }

    // ---- helpers for the table ----

    internal static JsonNode? Get(JsonObject body, string dottedPath)
    {
        JsonNode? node = body;
        foreach (var part in dottedPath.Split('.'))
        {
            if (node is not JsonObject obj || !obj.TryGetPropertyValue(part, out node))
            {
                return null;
            }
        }
        return node;
    }

    internal static string? GetString(JsonObject body, string dottedPath) =>
        Get(body, dottedPath) is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    internal static double? GetNumber(JsonObject body, string dottedPath) =>
        Get(body, dottedPath) is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? JsonKinds.Number(v) : null;
}
