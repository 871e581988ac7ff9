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
/// One create operation of the API: where it lives, what kind of project it makes, what it requires
/// and what it costs. The table in <see cref="CreateEndpointCatalog"/> is the single source for routing,
/// validation and billing.
/// </summary>
internal sealed class CreateEndpoint
{
    /// <summary>Request path, e.g. "/v1/ai-headshot-generator".</summary>
    public required string Path { get; init; }

    public required ProjectKind Kind { get; init; }

    /// <summary>The project's <c>type</c> string in GET responses.</summary>
    public required string Type { get; init; }

    /// <summary>Prefix of the default project name ("{DefaultName} - {created}").</summary>
    public required string DefaultName { get; init; }

    /// <summary>Required fields as "dotted.path:jsonkind" (kinds: object, string, number, integer, boolean, array).</summary>
    public required string[] Required { get; init; }

    /// <summary>Image inputs that must show a face (the faceless rule applies to them), in priority order.</summary>
    public string[] FaceFields { get; init; } = [];

    /// <summary>Credits charged for a valid body.</summary>
    public required Func<JsonObject, long> Cost { get; init; }

    /// <summary>How <see cref="Cost"/> was chosen (documented in the README).</summary>
    public required string CostNote { get; init; }

    /// <summary>Extra rules (conditional requirements); returns an error message or null.</summary>
    public Func<JsonObject, string?>? Validate { get; init; }

    /// <summary>Number of output files for image projects.</summary>
    public Func<JsonObject, int> OutputCount { get; init; } = static _ => 1;

    /// <summary>Extension of the output files.</summary>
    public Func<JsonObject, string>? OutputExtension { get; init; }

    public string RouteKey => "POST " + Path;

    public string ExtensionFor(JsonObject body) => OutputExtension?.Invoke(body) ?? Kind switch
    {
        ProjectKind.Image => "png",
        ProjectKind.Video => "mp4",
        _ => "wav",
    };
}

internal static partial class CreateEndpointCatalog
{
    public static IReadOnlyList<CreateEndpoint> All { get; } = Build();

    private static List<CreateEndpoint> Build()
    {
        var list = new List<CreateEndpoint>
        {
            new()
            {
                Path = "/v1/ai-headshot-generator",
                Kind = ProjectKind.Image,
                Type = "AI_HEADSHOT",
                DefaultName = "Ai Headshot",
                Required = ["assets:object", "assets.image_file_path:string"],
                FaceFields = ["assets.image_file_path"],
                Cost = static _ => 50,
                CostNote = "50 per headshot (vendor description)",
            },
        };
        AddOtherEndpoints(list);
        return list;
    }

    static partial void AddOtherEndpoints(List<CreateEndpoint> list);

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
        Get(body, dottedPath) is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? v.GetValue<double>() : null;
}
