using System.Text.Json.Nodes;
using MagicHour.SpecDrift;

namespace MagicHour.Emulator;

/// <summary>
/// The project's OpenAPI spec (openapi/magic-hour.v1.yaml, embedded at build time) as a JSON tree, with local
/// <c>$ref</c>s followed on demand. It is the source of the create catalogue and of request validation.
/// </summary>
internal sealed class ApiSpec
{
    public const string ResourceName = "magic-hour.v1.yaml";

    private ApiSpec(JsonObject root) => Root = root;

    public static ApiSpec Current { get; } = Load();

    public JsonObject Root { get; }

    public JsonObject Paths => Root["paths"]!.AsObject();

    /// <summary>Follows a <c>$ref</c> chain (keys beside a <c>$ref</c> are ignored, as OpenAPI 3.0 says).</summary>
    public JsonNode? Resolve(JsonNode? node)
    {
        for (var hops = 0; node is JsonObject obj && obj["$ref"] is JsonValue reference; hops++)
        {
            if (hops > 32)
            {
                throw new InvalidOperationException($"$ref chain too long at '{reference}'.");
            }
            node = Pointer(reference.GetValue<string>());
        }
        return node;
    }

    /// <summary>The JSON request body schema of an operation, or null when it has none.</summary>
    public JsonObject? RequestSchema(JsonObject operation) =>
        Resolve(Resolve(operation["requestBody"])?["content"]?["application/json"]?["schema"]) as JsonObject;

    /// <summary>The JSON schema of an operation's response with <paramref name="status"/>, or null.</summary>
    public JsonObject? ResponseSchema(JsonObject operation, string status) =>
        Resolve(Resolve(operation["responses"]?[status])?["content"]?["application/json"]?["schema"]) as JsonObject;

    public JsonObject? Operation(string method, string path) => Paths[path]?[method] as JsonObject;

    private JsonNode? Pointer(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Only local $refs are supported, not '{reference}'.");
        }
        JsonNode? node = Root;
        foreach (var part in reference[2..].Split('/'))
        {
            node = node?[part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)];
        }
        return node ?? throw new InvalidOperationException($"Dangling $ref '{reference}'.");
    }

    /// <summary>The text of the spec embedded at build time.</summary>
    public static string EmbeddedText()
    {
        using var stream = typeof(ApiSpec).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The emulator assembly lacks its embedded spec '{ResourceName}'.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static ApiSpec Parse(string yaml) =>
        new(YamlToJson.Parse(yaml) as JsonObject ?? throw new InvalidOperationException("The spec is not a YAML mapping."));

    private static ApiSpec Load() => Parse(EmbeddedText());
}
