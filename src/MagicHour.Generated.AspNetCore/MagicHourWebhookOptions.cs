using MagicHour.Generated.Webhooks;

namespace MagicHour.Generated.AspNetCore;

/// <summary>Settings of the webhook receiver (<c>services.AddMagicHour(...).AddWebhooks(o => ...)</c>).</summary>
public sealed class MagicHourWebhookOptions
{
    /// <summary>The environment variable the secret is read from when <see cref="Secret"/> is not set (the name the vendor's docs use).</summary>
    public const string SecretEnvironmentVariable = "MAGIC_HOUR_WEBHOOK_SECRET";

    /// <summary>The webhook secret from the Magic Hour dashboard. Default: <c>MAGIC_HOUR_WEBHOOK_SECRET</c>. Required: the host does not start without one.</summary>
    public string? Secret { get; set; }

    /// <summary>How far a delivery's signed timestamp may be from now, either way. Default five minutes (<see cref="MagicHourWebhook.DefaultTolerance"/>).</summary>
    public TimeSpan Tolerance { get; set; } = MagicHourWebhook.DefaultTolerance;

    /// <summary>
    /// How long an accepted event (type and project) is remembered, so a repeated delivery of it is answered 2xx and
    /// not handed on again. Default 24 hours: the vendor retries a delivery for up to a day.
    /// </summary>
    public TimeSpan DuplicateWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How many accepted events are remembered at most (the oldest are forgotten first). Default 100,000.</summary>
    public int MaxRememberedEvents { get; set; } = 100_000;

    /// <summary>
    /// How many accepted events may wait for your handlers. When full, a delivery is answered 503 (with
    /// <c>Retry-After</c>) and not remembered, so the sender's retry gets through later. Default 1,000.
    /// </summary>
    public int QueueCapacity { get; set; } = 1_000;

    /// <summary>The largest body accepted; a larger one is answered 413. Default 1 MiB.</summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How long the client's waits go between polls while this receiver can end them (<see cref="MagicHourProjectEvents.FallbackPollInterval"/>). Default 45 s.</summary>
    public TimeSpan FallbackPollInterval { get; set; } = MagicHourProjectEvents.DefaultFallbackPollInterval;

    /// <summary>Never shows the secret.</summary>
    public override string ToString() => $"MagicHourWebhookOptions {{ Secret = {(string.IsNullOrEmpty(Secret) ? "<unset>" : "***")} }}";
}
