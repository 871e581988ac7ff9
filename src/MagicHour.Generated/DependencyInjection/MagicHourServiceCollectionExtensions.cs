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
/// The client's HttpClient comes from the factory (pooled, rotated handlers) and carries the same handlers as
/// <c>new MagicHourClient(...)</c>: bearer key for the API host only, retries that never repeat a charged create,
/// per-request API timeout, connection retry, authorization guard. Options are checked when the host starts
/// (ValidateOnStart); an unset key falls back to <c>MAGIC_HOUR_API_KEY</c>, an unset base URL to <c>MAGIC_HOUR_BASE_URL</c>.
/// </summary>
public static class MagicHourServiceCollectionExtensions
{
    /// <summary>The name of the IHttpClientFactory client the SDK uses.</summary>
    public const string HttpClientName = "MagicHour.Generated";

    /// <summary>Registers the client with options bound from a configuration section (keys as in <see cref="MagicHourClientOptions"/>: <c>ApiKey</c>, <c>BaseUrl</c>, <c>MaxRetries</c>, ...).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section, e.g. <c>configuration.GetSection("MagicHour")</c>.</param>
    /// <returns>The HttpClient builder, to add handlers of your own (they run after the SDK's, nearer the network).</returns>
    public static IHttpClientBuilder AddMagicHour(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<MagicHourClientOptions>().Bind(configuration);
        return AddCore(services);
    }

    /// <summary>Registers the client with options set in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; unset values fall back to the environment, then to the defaults.</param>
    /// <returns>The HttpClient builder, to add handlers of your own (they run after the SDK's, nearer the network).</returns>
    public static IHttpClientBuilder AddMagicHour(this IServiceCollection services, Action<MagicHourClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<MagicHourClientOptions>().Configure(configure);
        return AddCore(services);
    }

    private static IHttpClientBuilder AddCore(IServiceCollection services)
    {
        var alreadyAdded = services.Any(d => d.ServiceType == typeof(MagicHourRegistration));
        var builder = services.AddHttpClient(HttpClientName);
        if (alreadyAdded)
        {
            // A second call only adds configuration; the handlers and the client are registered once.
            return builder;
        }

        services.AddSingleton<MagicHourRegistration>();
        services.AddOptions<MagicHourClientOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MagicHourClientOptions>, MagicHourClientOptionsValidator>());

        builder
            .ConfigureHttpClient(MagicHourHttpPipeline.ConfigureClient)
            .ConfigurePrimaryHttpMessageHandler(sp => Resolve(sp).Transport is { } transport
                ? new NonDisposingHandler(transport)
                : MagicHourHttpPipeline.CreateTransport())
            .ConfigureAdditionalHttpMessageHandlers((handlers, sp) =>
            {
                var resolved = Resolve(sp);
                var logger = MagicHourClientContext.CreateLogger(resolved);
                foreach (var handler in MagicHourHttpPipeline.CreateHandlers(resolved, MagicHourHttpPipeline.CreateTokenProvider(resolved), logger))
                {
                    handlers.Add(handler);
                }
            })
            // The factory's own request logging (Trace level) prints headers: never the key.
            .RedactLoggedHeaders(["Authorization"])
            .AddTypedClient((http, sp) => MagicHourClient.FromHttpClient(http, Resolve(sp)));
        return builder;
    }

    /// <summary>Current options with environment defaults applied; the container's ILoggerFactory unless one was set.</summary>
    private static ResolvedOptions Resolve(IServiceProvider services)
    {
        var resolved = services.GetRequiredService<IOptionsMonitor<MagicHourClientOptions>>().CurrentValue.Resolve();
        return resolved.LoggerFactory is null ? resolved with { LoggerFactory = services.GetService<ILoggerFactory>() } : resolved;
    }

    /// <summary>Marks that the client was registered, so a second AddMagicHour call does not add the handlers twice.</summary>
    private sealed class MagicHourRegistration;
}
