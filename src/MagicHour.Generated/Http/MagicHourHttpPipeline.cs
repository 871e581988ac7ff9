using System.Net;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace MagicHour.Generated.Http;

/// <summary>
/// Builds the one HttpClient the SDK uses for the API and for storage, on Kiota's middleware:
/// AuthorizationHandler (bearer key, API host only) → Kiota defaults (retry on 429/503/504 honouring
/// Retry-After, redirects, User-Agent, ...) → per-request API timeout → connection-failure retry →
/// authorization guard → transport.
/// </summary>
internal static class MagicHourHttpPipeline
{
    public static string ProductVersion { get; } =
        typeof(MagicHourHttpPipeline).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(MagicHourHttpPipeline).Assembly.GetName().Version?.ToString(3)
        ?? "0.0.0";

    public static (HttpClient Client, ApiHostTokenProvider Tokens) Create(ResolvedOptions options, ILogger logger)
    {
        var tokens = new ApiHostTokenProvider(options.ApiKey, options.BaseUrl);
        var retry = new RetryPolicy(logger, options.MaxRetries, options.MaxRetryDuration);
        IRequestOption[] handlerOptions =
        [
            new RetryHandlerOption
            {
                MaxRetry = options.MaxRetries + 1,
                Delay = 1,
                RetriesTimeLimit = options.MaxRetryDuration,
                ShouldRetry = retry.ShouldRetry,
            },
            new UserAgentHandlerOption { ProductName = "MagicHour.Generated", ProductVersion = ProductVersion },
        ];

        var handlers = KiotaClientFactory.CreateDefaultHandlers(handlerOptions);
        handlers.Insert(0, new AuthorizationHandler(new BaseBearerTokenAuthenticationProvider(tokens)));
        handlers.Add(new ApiTimeoutHandler(tokens.IsApiHost, options.NetworkTimeout));
        handlers.Add(new ConnectionRetryHandler(options.MaxRetries, options.TimeProvider, logger));
        handlers.Add(new AuthorizationGuardHandler(tokens.IsApiHost));

        var transport = options.Transport ?? CreateTransport();
        var first = KiotaClientFactory.ChainHandlersCollectionAndGetFirstLink(transport, [.. handlers]);
        var client = new HttpClient(first!, disposeHandler: options.Transport is null)
        {
            // Large file transfers must not hit a fixed client-wide limit; API calls get NetworkTimeout per request.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        return (client, tokens);
    }

    private static SocketsHttpHandler CreateTransport() => new()
    {
        // Kiota's RedirectHandler follows redirects so every hop passes through the authorization guard.
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.All,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(30),
    };
}
