using System.Globalization;
using System.Text.Json.Nodes;

namespace MagicHour.Emulator;

/// <summary>GET /v1/saved-items: cursor paging over the seeded saved items, with the vendor's query rules.</summary>
internal static partial class EmulatorEndpoints
{
    /// <summary>The vendor's signed saved-item URLs last 24 hours.</summary>
    private static readonly TimeSpan SavedItemUrlLifetime = TimeSpan.FromHours(24);

    static partial void MapSavedItems(WebApplication app, EmulatorState state) =>
        Route(app.MapGet("/v1/saved-items", ctx => ListSavedItemsAsync(ctx, state)), "GET /v1/saved-items", RouteGroup.Api);

    private static Task ListSavedItemsAsync(HttpContext ctx, EmulatorState state)
    {
        var query = ctx.Request.Query;
        string? type = query.TryGetValue("type", out var t) ? t.ToString() : null;
        if (type is not null && !SavedItemStore.Types.Contains(type))
        {
            return JsonResponses.WriteMessageAsync(ctx, 400, $"Query parameter 'type' must be one of {string.Join(", ", SavedItemStore.Types)}.");
        }
        var limit = 20;
        if (query.TryGetValue("limit", out var l)
            && (!int.TryParse(l.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 100))
        {
            return JsonResponses.WriteMessageAsync(ctx, 400, "Query parameter 'limit' must be an integer from 1 to 100.");
        }
        string? cursor = query.TryGetValue("cursor", out var c) ? c.ToString() : null;
        if (cursor is "" || !state.SavedItems.TryPage(type, limit, cursor, out var page, out var next))
        {
            return JsonResponses.WriteMessageAsync(ctx, 400, "Query parameter 'cursor' must be the next_cursor of a previous page.");
        }
        var items = new JsonArray();
        foreach (var item in page)
        {
            var assets = new JsonArray();
            foreach (var asset in item.Assets)
            {
                var (url, expiresAt) = state.SignedDownloadUrl(asset.FilePath, SavedItemUrlLifetime);
                assets.Add((JsonNode)new JsonObject
                {
                    ["file_path"] = asset.FilePath,
                    ["media_kind"] = asset.MediaKind,
                    ["is_primary"] = asset.IsPrimary,
                    ["url"] = url,
                    ["url_expires_at"] = EmulatorState.Iso(expiresAt),
                });
            }
            items.Add((JsonNode)new JsonObject { ["id"] = item.Id, ["type"] = item.Type, ["name"] = item.Name, ["assets"] = assets });
        }
        return JsonResponses.WriteNodeAsync(ctx, 200, new JsonObject { ["items"] = items, ["next_cursor"] = next });
    }
}
