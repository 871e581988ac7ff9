using MagicHour.Generated;
using MagicHour.Generated.AspNetCore;
using MagicHour.Generated.Webhooks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Adds the webhook receiver to a Magic Hour registration:
/// <code>
/// builder.Services.AddMagicHour(builder.Configuration.GetSection("MagicHour"))
///     .AddWebhooks()                                   // secret from MAGIC_HOUR_WEBHOOK_SECRET
///     .AddWebhookHandler&lt;MyWebhookHandler&gt;();
/// ...
/// app.MapMagicHourWebhooks("/webhooks/magic-hour");
/// </code>
/// </summary>
public static class MagicHourWebhookBuilderExtensions
{
    /// <summary>
    /// Registers the receiver that <c>app.MapMagicHourWebhooks(...)</c> maps, and connects it to the client: the
    /// client's waits (<c>GenerateAsync</c>, <c>ResumeAsync</c>, <c>WaitAsync</c>) then poll only every
    /// <see cref="MagicHourWebhookOptions.FallbackPollInterval"/> and end as soon as their project's event arrives.
    /// The host does not start without a secret (<see cref="MagicHourWebhookOptions.Secret"/> or <c>MAGIC_HOUR_WEBHOOK_SECRET</c>).
    /// </summary>
    /// <param name="builder">What <c>services.AddMagicHour(...)</c> returned.</param>
    /// <param name="configure">Sets the options; null keeps the defaults (the secret from the environment).</param>
    /// <returns>The same builder.</returns>
    public static IMagicHourBuilder AddWebhooks(this IMagicHourBuilder builder, Action<MagicHourWebhookOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<MagicHourWebhookOptions>();
        if (configure is not null) options.Configure(configure);
        if (services.Any(d => d.ServiceType == typeof(WebhookReceiver))) return builder;

        options.PostConfigure(o => o.Secret = string.IsNullOrWhiteSpace(o.Secret) ? Environment.GetEnvironmentVariable(MagicHourWebhookOptions.SecretEnvironmentVariable)?.Trim() : o.Secret)
            .Validate(o => !string.IsNullOrWhiteSpace(o.Secret),
                $"MagicHour webhooks: no secret. Set MagicHourWebhookOptions.Secret (AddWebhooks(o => o.Secret = ...)) or the {MagicHourWebhookOptions.SecretEnvironmentVariable} environment variable to the secret shown in the Magic Hour dashboard.")
            .Validate(o => o.Tolerance > TimeSpan.Zero && o.DuplicateWindow > TimeSpan.Zero && o.FallbackPollInterval > TimeSpan.Zero,
                "MagicHour webhooks: Tolerance, DuplicateWindow and FallbackPollInterval must be positive.")
            .Validate(o => o.MaxRememberedEvents > 0 && o.QueueCapacity > 0 && o.MaxBodyBytes > 0,
                "MagicHour webhooks: MaxRememberedEvents, QueueCapacity and MaxBodyBytes must be positive.")
            .ValidateOnStart();

        services.TryAddSingleton(sp => new MagicHourProjectEvents(sp.GetRequiredService<IOptions<MagicHourWebhookOptions>>().Value.FallbackPollInterval));
        // The client's waits listen to what this receiver publishes (unless the app set a source of its own).
        services.AddOptions<MagicHourClientOptions>().Configure<MagicHourProjectEvents>((client, events) => client.ProjectEvents ??= events);
        services.TryAddSingleton(_ => new MagicHourWebhookEvents());
        services.TryAddSingleton<WebhookReceiver>();
        services.AddHostedService<WebhookEventDispatcher>();
        return builder;
    }

    /// <summary>Registers a handler for every verified, de-duplicated event (scoped: resolved once per event).</summary>
    /// <typeparam name="THandler">The handler.</typeparam>
    /// <param name="builder">What <c>services.AddMagicHour(...)</c> (or <see cref="AddWebhooks"/>) returned.</param>
    /// <returns>The same builder.</returns>
    public static IMagicHourBuilder AddWebhookHandler<THandler>(this IMagicHourBuilder builder)
        where THandler : class, IMagicHourWebhookHandler
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Scoped<IMagicHourWebhookHandler, THandler>());
        return builder;
    }
}
