using System.Text.Json;

namespace MagicHour.Generated;

/// <summary>
/// Which requests are creates (they charge credits): the POST operations whose answer has a string <c>id</c> and an
/// integer <c>credits_charged</c> and no <c>status</c>, the same rule that makes a generated answer an
/// <see cref="IProjectCreated"/> (openapi/templates/Class.liquid). Read once from the spec embedded at build time,
/// so a create added to the spec is capped with no code change.
/// </summary>
internal static class CreateOperations
{
    private static readonly Lazy<string[]> Paths = new(Load);

    /// <summary>The create's name (its path, e.g. <c>v1/ai-headshot-generator</c>), or null when the request is not a create.</summary>
    public static string? Match(HttpRequestMessage request)
    {
        if (request.Method != HttpMethod.Post || request.RequestUri is not { IsAbsoluteUri: true } uri) return null;
        var path = uri.AbsolutePath.AsSpan().TrimEnd('/');
        foreach (var create in Paths.Value)
        {
            // The base URL may carry a path of its own (a proxy's prefix): the operation's path ends the request's.
            if (path.EndsWith(create, StringComparison.Ordinal) && (path.Length == create.Length || path[^(create.Length + 1)] == '/'))
            {
                return create;
            }
        }
        return null;
    }

    internal static string[] Load()
    {
        using var stream = typeof(CreateOperations).Assembly.GetManifestResourceStream("MagicHour.Generated.Spec.json")
            ?? throw new InvalidOperationException("The embedded spec (MagicHour.Generated.Spec.json) is missing from the assembly.");
        using var document = JsonDocument.Parse(stream);
        var root = document.RootElement;
        var schemas = root.GetProperty("components").GetProperty("schemas");
        var paths = new List<string>();
        foreach (var path in root.GetProperty("paths").EnumerateObject())
        {
            if (path.Name.Contains('{', StringComparison.Ordinal)
                || !path.Value.TryGetProperty("post", out var post)
                || !post.TryGetProperty("responses", out var responses)
                || !responses.TryGetProperty("200", out var ok)
                || !ok.TryGetProperty("content", out var content)
                || !content.TryGetProperty("application/json", out var json)
                || !json.TryGetProperty("schema", out var schema))
            {
                continue;
            }
            var answer = Resolve(schemas, schema);
            if (answer.TryGetProperty("properties", out var properties)
                && properties.TryGetProperty("id", out _) && properties.TryGetProperty("credits_charged", out _) && !properties.TryGetProperty("status", out _))
            {
                paths.Add(path.Name.Trim('/'));
            }
        }
        return [.. paths];
    }

    private static JsonElement Resolve(JsonElement schemas, JsonElement schema)
    {
        for (var depth = 0; depth < 16; depth++)
        {
            if (schema.TryGetProperty("$ref", out var reference) && reference.GetString() is { } name)
            {
                schema = schemas.GetProperty(name[(name.LastIndexOf('/') + 1)..]);
            }
            else if (schema.TryGetProperty("allOf", out var all) && all.GetArrayLength() == 1)
            {
                schema = all[0];
            }
            else
            {
                break;
            }
        }
        return schema;
    }
}
