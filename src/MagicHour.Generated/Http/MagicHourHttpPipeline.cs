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
/// The SDK's two HTTP pipelines, on Kiota's middleware:
/// <list type="bullet">
/// <item><b>API</b> (<see cref="CreateApiHandlers"/>): <see cref="SpendingCapHandler"/> (MaxCredits) → Kiota's AuthorizationHandler (bearer key, API host only) →
/// <see cref="ResilienceHandler"/> (the resilience policy, the NetworkTimeout deadline over the whole call and its
/// body, error body limit; in place of Kiota's RetryHandler) → Kiota's RedirectHandler and UserAgentHandler →
/// <see cref="AuthorizationGuardHandler"/> → transport.</item>
/// <item><b>Storage</b> (<see cref="CreateStorageHandlers"/>), for pre-signed upload and download URLs: no
/// authorization handler at all and no retry (the uploader and downloader retry a whole transfer, with a fresh
/// file stream, under the same policy); Kiota's RedirectHandler for bodiless requests (a PUT's 3xx goes back to the
/// uploader, which re-reads the file) and UserAgentHandler.</item>
/// </list>
/// <see cref="Create"/> chains both onto one transport for <c>new MagicHourClient(...)</c>; <c>services.AddMagicHour(...)</c>
/// gives the lists to IHttpClientFactory as two named clients.
/// </summary>
internal static class MagicHourHttpPipeline
{
    public static string ProductVersion { get; } =
        typeof(MagicHourHttpPipeline).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(MagicHourHttpPipeline).Assembly.GetName().Version?.ToString(3)
        ?? "0.0.0";

    /// <summary>Standalone clients: both chains on <see cref="ResolvedOptions.Transport"/> or one new <see cref="SocketsHttpHandler"/>.</summary>
    public static (HttpClient Api, HttpClient Storage, ApiHostTokenProvider Tokens) Create(ResolvedOptions options, ILogger logger, CreditLedger credits)
    {
        var tokens = CreateTokenProvider(options);
        var transport = options.Transport ?? CreateTransport();
        var owned = options.Transport is null;
        var api = new HttpClient(KiotaClientFactory.ChainHandlersCollectionAndGetFirstLink(transport, [.. CreateApiHandlers(options, tokens, logger, credits)])!, disposeHandler: owned);
        var storage = new HttpClient(KiotaClientFactory.ChainHandlersCollectionAndGetFirstLink(transport, [.. CreateStorageHandlers(options)])!, disposeHandler: owned);
        ConfigureClient(api);
        ConfigureClient(storage);
        return (api, storage, tokens);
    }

    public static ApiHostTokenProvider CreateTokenProvider(ResolvedOptions options) => new(options.ApiKey, options.BaseUrl);

    public static ResiliencePolicy CreatePolicy(ResolvedOptions options, ILogger logger)
        => new(options.MaxRetries, options.MaxRetryDuration, options.TimeProvider, logger, options.Metrics);

    /// <summary>The API pipeline's handlers, outermost first, not yet chained (each is new: a handler belongs to one chain).</summary>
    public static IList<DelegatingHandler> CreateApiHandlers(ResolvedOptions options, ApiHostTokenProvider tokens, ILogger logger, CreditLedger credits)
    {
        var handlers = KiotaDefaults();
        handlers.Insert(0, new SpendingCapHandler(credits, options.MaxCredits, logger));
        handlers.Insert(1, new AuthorizationHandler(new BaseBearerTokenAuthenticationProvider(tokens)));
        handlers.Insert(2, new ResilienceHandler(CreatePolicy(options, logger), options.NetworkTimeout, options.MaxResponseBodyBytes));
        handlers.Add(new AuthorizationGuardHandler(tokens.IsApiHost));
        handlers.Add(new MetricsHandler(options.Metrics, options.TimeProvider));
        return handlers;
    }

    /// <summary>The storage pipeline's handlers: no authorization, no retry.</summary>
    public static IList<DelegatingHandler> CreateStorageHandlers(ResolvedOptions options)
    {
        var handlers = KiotaDefaults();
        for (var i = 0; i < handlers.Count; i++)
        {
            if (handlers[i] is RedirectHandler)
            {
                // Kiota re-sends a redirected request by copying its body, which a streamed upload no longer has.
                handlers[i] = new RedirectHandler(new RedirectHandlerOption { ShouldRedirect = response => response.RequestMessage?.Content is null });
            }
        }
        handlers.Add(new MetricsHandler(options.Metrics, options.TimeProvider));
        return handlers;
    }

    /// <summary>Kiota's default handlers this SDK keeps: redirect and User-Agent (retry is the SDK's own).</summary>
    private static IList<DelegatingHandler> KiotaDefaults()
    {
        IRequestOption[] handlerOptions = [new UserAgentHandlerOption { ProductName = "MagicHour.Generated", ProductVersion = ProductVersion }];
        var handlers = KiotaClientFactory.CreateDefaultHandlers(handlerOptions);
        // Kiota's RetryHandler is replaced by ResilienceHandler. Its inspection, URI-replacement and
        // parameter-name-decoding handlers have no option set by this SDK and change nothing on its requests, yet
        // each costs an async hop and 100-300 bytes per call (docs/benchmarks.md, per-call allocations).
        for (var i = handlers.Count - 1; i >= 0; i--)
        {
            if (handlers[i] is RetryHandler or HeadersInspectionHandler or BodyInspectionHandler or ParametersNameDecodingHandler
                || handlers[i].GetType().Name.StartsWith("UriReplacementHandler", StringComparison.Ordinal))
            {
                handlers.RemoveAt(i);
            }
        }
        return handlers;
    }

    /// <summary>Settings every SDK HttpClient needs, however it was created.</summary>
    public static void ConfigureClient(HttpClient client)
    {
        // Large file transfers must not hit a fixed client-wide limit; API calls get NetworkTimeout per call.
        client.Timeout = Timeout.InfiniteTimeSpan;
    }

    public static SocketsHttpHandler CreateTransport() => new()
    {
        // Kiota's RedirectHandler follows redirects so every hop passes through the authorization guard.
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.All,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(30),
    };
}
