using System.Text.Json.Nodes;

namespace MagicHour.SpecSync;

/// <summary>The operations of a spec's <c>paths</c>.</summary>
public static class SpecOperations
{
    /// <summary>HTTP methods an OpenAPI path item can hold, in the order OpenAPI lists them.</summary>
    public static IReadOnlyList<string> HttpMethods { get; } = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    /// <summary>Every operation with its path and method.</summary>
    public static IEnumerable<(string Path, string Method, JsonObject Operation)> All(JsonObject spec)
    {
        foreach (var (path, item) in spec["paths"] as JsonObject ?? [])
        {
            foreach (var (method, operation) in item as JsonObject ?? [])
            {
                if (operation is JsonObject op && HttpMethods.Contains(method))
                {
                    yield return (path, method, op);
                }
            }
        }
    }
}
