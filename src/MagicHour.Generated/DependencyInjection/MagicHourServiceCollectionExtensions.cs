using MagicHour.Generated;
using MagicHour.Generated.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers <see cref="MagicHourClient"/> with dependency injection, on IHttpClientFactory:
/// <code>
/// services.AddMagicHour(configuration.GetSection("MagicHour"));   // or services.AddMagicHour(o => o.ApiKey = ...)
/// // then inject MagicHourClient
/// </code>
/// The client's two HttpClients come from the factory (pooled, rotated handlers) and carry the same handlers as
/// <c>new MagicHourClient(...)</c>: <see cref="HttpClientName"/> for the API (bearer key for the API host only, the
/// resilience policy that never repeats a charged create, the NetworkTimeout deadline, authorization guard) and
/// <see cref="StorageHttpClientName"/> for pre-signed upload and download URLs (no key, no retry of its own). Options are checked when the host starts
/// (ValidateOnStart); an unset key falls back to <c>MAGIC_HOUR_API_KEY</c>, an unset base URL to <c>MAGIC_HOUR_BASE_URL</c>.
/// </summary>
public static class MagicHourServiceCollectionExtensions
{
    /// <summary>The name of the IHttpClientFactory client the SDK uses for API calls.</summary>
    public const string HttpClientName = "MagicHour.Generated";

    /// <summary>The name of the IHttpClientFactory client the SDK uses for pre-signed storage transfers (uploads, downloads).</summary>
    public const string StorageHttpClientName = "MagicHour.Generated.Storage";

    /// <summary>Registers the client with options bound from a configuration section (keys as in <see cref="MagicHourClientOptions"/>: <c>ApiKey</c>, <c>BaseUrl</c>, <c>MaxRetries</c>, ...).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section, e.g. <c>configuration.GetSection("MagicHour")</c>.</param>
    /// <returns>The registration's builder: the API HttpClient's builder (add handlers of your own; they run after the SDK's, nearer the network), and where packages such as MagicHour.Generated.AspNetCore add to the registration (<c>.AddWebhooks()</c>).</returns>
    public static IMagicHourBuilder AddMagicHour(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<MagicHourClientOptions>().Bind(configuration);
        return AddCore(services);
    }

    /// <summary>Registers the client with options set in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; unset values fall back to the environment, then to the defaults.</param>
    /// <returns>The registration's builder: the API HttpClient's builder (add handlers of your own; they run after the SDK's, nearer the network), and where packages such as MagicHour.Generated.AspNetCore add to the registration (<c>.AddWebhooks()</c>).</returns>
    public static IMagicHourBuilder AddMagicHour(this IServiceCollection services, Action<MagicHourClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<MagicHourClientOptions>().Configure(configure);
        return AddCore(services);
    }

    private static IMagicHourBuilder AddCore(IServiceCollection services)
    {
        var alreadyAdded = services.Any(d => d.ServiceType == typeof(MagicHourRegistration));
        var builder = services.AddHttpClient(HttpClientName);
        if (alreadyAdded)
        {
            // A second call only adds configuration; the handlers and the client are registered once.
            return new MagicHourBuilder(builder);
        }

        services.AddSingleton<MagicHourRegistration>();
        // One spending tally for the registration: the typed client is transient and handler chains rotate.
        services.AddSingleton<CreditLedger>();
        services.AddOptions<MagicHourClientOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MagicHourClientOptions>, MagicHourClientOptionsValidator>());

        services.AddHttpClient(StorageHttpClientName)
            .ConfigureHttpClient(MagicHourHttpPipeline.ConfigureClient)
            .ConfigurePrimaryHttpMessageHandler(PrimaryHandler)
            .ConfigureAdditionalHttpMessageHandlers((handlers, sp) =>
            {
                foreach (var handler in MagicHourHttpPipeline.CreateStorageHandlers(Resolve(sp))) handlers.Add(handler);
            });

        builder
            .ConfigureHttpClient(MagicHourHttpPipeline.ConfigureClient)
            .ConfigurePrimaryHttpMessageHandler(PrimaryHandler)
            .ConfigureAdditionalHttpMessageHandlers((handlers, sp) =>
            {
                var resolved = Resolve(sp);
                var logger = MagicHourClientContext.CreateLogger(resolved);
                foreach (var handler in MagicHourHttpPipeline.CreateApiHandlers(resolved, MagicHourHttpPipeline.CreateTokenProvider(resolved), logger, sp.GetRequiredService<CreditLedger>()))
                {
                    handlers.Add(handler);
                }
            })
            // The factory's own request logging (Trace level) prints headers: never the key.
            .RedactLoggedHeaders(["Authorization"])
            .AddTypedClient((http, sp) => MagicHourClient.FromHttpClients(
                http, sp.GetRequiredService<IHttpClientFactory>().CreateClient(StorageHttpClientName), Resolve(sp), sp.GetRequiredService<CreditLedger>()));
        return new MagicHourBuilder(builder);
    }

    private static HttpMessageHandler PrimaryHandler(IServiceProvider services)
        => Resolve(services).Transport is { } transport ? new NonDisposingHandler(transport) : MagicHourHttpPipeline.CreateTransport();

    /// <summary>Current options with environment defaults applied; the container's ILoggerFactory and IMeterFactory unless set.</summary>
    private static ResolvedOptions Resolve(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptionsMonitor<MagicHourClientOptions>>().CurrentValue;
        var resolved = options.Resolve();
        if (options.MeterFactory is null && services.GetService<System.Diagnostics.Metrics.IMeterFactory>() is { } meters)
        {
            resolved = resolved with { Metrics = MagicHourMetrics.For(meters) };
        }
        return resolved.LoggerFactory is null ? resolved with { LoggerFactory = services.GetService<ILoggerFactory>() } : resolved;
    }

    /// <summary>Marks that the client was registered, so a second AddMagicHour call does not add the handlers twice.</summary>
    private sealed class MagicHourRegistration;
}
