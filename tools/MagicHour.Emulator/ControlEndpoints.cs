using System.Text.Json.Nodes;

namespace MagicHour.Emulator;

/// <summary>
/// /_emulator/* routes for tests and for the standalone server (no auth, never faulted):
/// GET /_emulator/stats, GET /_emulator/projects/{id}, GET /_emulator/routes, POST and DELETE /_emulator/faults.
/// </summary>
internal static partial class EmulatorEndpoints
{
    static partial void MapControl(WebApplication app, EmulatorState state)
    {
        Route(app.MapGet("/_emulator/stats", ctx => JsonResponses.WriteStatsAsync(ctx, state.Snapshot())),
            "GET /_emulator/stats", RouteGroup.Control);

        Route(app.MapGet("/_emulator/projects/{id}", ctx =>
        {
            var info = state.Info((string)ctx.Request.RouteValues["id"]!);
            return info is null ? JsonResponses.WriteMessageAsync(ctx, 404, "Not Found") : JsonResponses.WriteProjectInfoAsync(ctx, info);
        }), "GET /_emulator/projects", RouteGroup.Control);

        Route(app.MapPost("/_emulator/faults", ctx => AddFaultAsync(ctx, state)), "POST /_emulator/faults", RouteGroup.Control);

        Route(app.MapGet("/_emulator/routes", ctx => JsonResponses.WriteNodeAsync(ctx, 200, new JsonObject
        {
            ["routes"] = new JsonArray(ServedRoutes(ctx.RequestServices.GetRequiredService<EndpointDataSource>()).Select(r => (JsonNode)r).ToArray()),
        })), "GET /_emulator/routes", RouteGroup.Control);

        Route(app.MapDelete("/_emulator/faults", ctx =>
        {
            state.Faults.Clear();
            ctx.Response.StatusCode = 204;
            return Task.CompletedTask;
        }), "DELETE /_emulator/faults", RouteGroup.Control);
    }

    /// <summary>Every route the emulator answers, as "METHOD /path/{param}", sorted (the fallback excluded).</summary>
    private static IEnumerable<string> ServedRoutes(EndpointDataSource endpoints) =>
        endpoints.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<RouteKey>() is not null)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} /{e.RoutePattern.RawText!.TrimStart('/')}"))
            .Order(StringComparer.Ordinal);

    /// <summary>
    /// Body: {"route": "POST /v1/ai-headshot-generator", "kind": "status", "count": 1, "status_code": 503,
    /// "retry_after_seconds": 2, "delay_ms": 1500}; only kind is required (route defaults to "*").
    /// </summary>
    private static async Task AddFaultAsync(HttpContext ctx, EmulatorState state)
    {
        var read = await ReadJsonObjectAsync(ctx, state);
        if (read.Body is null)
        {
            await JsonResponses.WriteMessageAsync(ctx, read.Status, read.Error!);
            return;
        }
        var body = read.Body;
        var kindText = CreateEndpointCatalog.GetString(body, "kind");
        if (kindText is null || !FaultRegistry.TryParseKind(kindText, out var kind))
        {
            await JsonResponses.WriteMessageAsync(ctx, 422,
                "Field 'kind' must be one of status, delay, drop-connection, truncated-download, expired-upload-url, stuck-rendering, end-in-error, end-canceled.");
            return;
        }
        var fault = new EmulatorFault
        {
            Route = CreateEndpointCatalog.GetString(body, "route") ?? "*",
            Kind = kind,
            Count = (int)(CreateEndpointCatalog.GetNumber(body, "count") ?? 1),
            StatusCode = (int)(CreateEndpointCatalog.GetNumber(body, "status_code") ?? 500),
            RetryAfter = CreateEndpointCatalog.GetNumber(body, "retry_after_seconds") is { } s ? TimeSpan.FromSeconds(s) : null,
            Delay = TimeSpan.FromMilliseconds(CreateEndpointCatalog.GetNumber(body, "delay_ms") ?? 0),
        };
        state.Faults.Add(fault);
        await JsonResponses.WriteNodeAsync(ctx, 200, new JsonObject { ["message"] = "Fault added: " + fault });
    }
}
