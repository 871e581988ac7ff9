using MagicHour.Generated.Webhooks;

namespace MagicHour.Generated.AspNetCore;

/// <summary>
/// Receives every verified, de-duplicated webhook event, after the delivery was answered (register with
/// <c>.AddWebhookHandler&lt;T&gt;()</c>; resolved in a scope of its own per event, so it may take scoped services).
/// </summary>
/// <remarks>
/// Events are handed on one at a time, in the order they arrived (a project's <c>started</c> before its end). The
/// sender was already told 2xx, so an exception here is logged and not retried: if an event must not be lost,
/// write it somewhere durable first (your database, a queue), and keep the handling idempotent by project id and
/// event type. An <see cref="UnknownWebhookEvent"/> is a type this SDK version does not know.
/// </remarks>
public interface IMagicHourWebhookHandler
{
    /// <summary>Handles one event.</summary>
    /// <param name="webhookEvent">The event: an <see cref="ImageWebhookEvent"/>, <see cref="VideoWebhookEvent"/>, <see cref="AudioWebhookEvent"/> or <see cref="UnknownWebhookEvent"/>.</param>
    /// <param name="cancellationToken">Cancelled when the host stops.</param>
    /// <returns>A task that completes when the event was handled.</returns>
    Task HandleAsync(MagicHourWebhookEvent webhookEvent, CancellationToken cancellationToken);
}
