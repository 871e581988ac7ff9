using System.Text.Json.Nodes;
using MagicHour.SpecDrift;

namespace MagicHour.Generated.Tests;

/// <summary>The project's own spec (openapi/magic-hour.v1.yaml), for tests that count what it declares.</summary>
internal static class OurSpec
{
    private static readonly Lazy<JsonObject> Root = new(() => SpecLoader.Load(SpecFile.Path).Root);

    /// <summary>Every operation: (lower-case method, path, operation object).</summary>
    public static IEnumerable<(string Method, string Path, JsonObject Operation)> Operations()
    {
        foreach (var (path, item) in Root.Value["paths"]!.AsObject())
            foreach (var (method, operation) in item!.AsObject())
                if (operation is JsonObject op && method is "get" or "post" or "put" or "delete" or "patch")
                    yield return (method, path, op);
    }

    /// <summary>Every named component schema.</summary>
    public static IEnumerable<(string Name, JsonObject Schema)> Schemas()
        => Root.Value["components"]!["schemas"]!.AsObject().Select(kv => (kv.Key, kv.Value!.AsObject()));
}
