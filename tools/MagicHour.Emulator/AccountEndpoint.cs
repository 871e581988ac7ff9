using System.Text.Json.Nodes;

namespace MagicHour.Emulator;

/// <summary>GET /v1/account: a fixed account whose credits are the emulator's live balance.</summary>
internal static partial class EmulatorEndpoints
{
    public const string AccountId = "cmemulatoraccount000000001";
    public const string AccountEmail = "emulator@example.com";

    static partial void MapAccount(WebApplication app, EmulatorState state) =>
        Route(app.MapGet("/v1/account", ctx => JsonResponses.WriteNodeAsync(ctx, 200, AccountJson(state))), "GET /v1/account", RouteGroup.Api);

    internal static JsonObject AccountJson(EmulatorState state)
    {
        var tier = state.Options.AccountTier;
        return new JsonObject
        {
            ["id"] = AccountId,
            ["email"] = AccountEmail,
            ["tier"] = tier,
            ["credits"] = Math.Max(0, state.Balance),
            ["subscription"] = state.Options.AccountHasSubscription ? SubscriptionJson(state, tier) : null,
        };
    }

    private static JsonObject SubscriptionJson(EmulatorState state, string tier)
    {
        // The vendor reports tier "free" while a subscription's payment is past due.
        var (name, amount) = tier switch
        {
            "creator" => ("Creator", 1500),
            "business" => ("Business", 24900),
            _ => ("Pro", 4900),
        };
        var periodEnd = state.Now.UtcDateTime.Date.AddDays(30);
        return new JsonObject
        {
            ["name"] = name,
            ["status"] = tier == "free" ? "past_due" : "active",
            ["price"] = new JsonObject { ["amount"] = amount, ["currency"] = "usd" },
            ["discount"] = null,
            ["billing_interval"] = "month",
            ["current_period_end"] = EmulatorState.Iso(new DateTimeOffset(periodEnd, TimeSpan.Zero)),
            ["cancel_at_period_end"] = false,
        };
    }
}
