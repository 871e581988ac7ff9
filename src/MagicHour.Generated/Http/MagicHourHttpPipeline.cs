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
/// The SDK's HTTP pipeline, used for the API and for storage, on Kiota's middleware:
/// AuthorizationHandler (bearer key, API host only) → Kiota defaults (retry on 429/503/504 honouring
/// Retry-After, redirects, User-Agent) → <see cref="CallGuardHandler"/> (per-request API timeout,
/// connection-failure retry, error body limit) → authorization guard → transport.
/// <para>
/// <see cref="CreateHandlers"/> is the one list of handlers. <see cref="Create"/> chains it onto a transport
/// for <c>new MagicHourClient(...)</c>; <c>services.AddMagicHour(...)</c> gives the same list to
/// IHttpClientFactory, which chains it onto its own pooled primary handler.
/// </para>
/// </summary>
internal static class MagicHourHttpPipeline
{
    public static string ProductVersion { get; } =
        typeof(MagicHourHttpPipeline).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(MagicHourHttpPipeline).Assembly.GetName().Version?.ToString(3)
        ?? "0.0.0";

    /// <summary>A standalone client: the handlers chained onto <see cref="ResolvedOptions.Transport"/> or a new <see cref="SocketsHttpHandler"/>.</summary>
    public static (HttpClient Client, ApiHostTokenProvider Tokens) Create(ResolvedOptions options, ILogger logger)
    {
        var tokens = CreateTokenProvider(options);
        var transport = options.Transport ?? CreateTransport();
        var first = KiotaClientFactory.ChainHandlersCollectionAndGetFirstLink(transport, [.. CreateHandlers(options, tokens, logger)]);
        var client = new HttpClient(first!, disposeHandler: options.Transport is null);
        ConfigureClient(client);
        return (client, tokens);
    }

    public static ApiHostTokenProvider CreateTokenProvider(ResolvedOptions options) => new(options.ApiKey, options.BaseUrl);

    /// <summary>The handlers, outermost first, not yet chained (each is new: a handler belongs to one chain).</summary>
    public static IList<DelegatingHandler> CreateHandlers(ResolvedOptions options, ApiHostTokenProvider tokens, ILogger logger)
    {
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
        // Kiota's inspection, URI-replacement and parameter-name-decoding handlers have no option set by this SDK
        // and change nothing on its requests, yet each costs an async hop and 100-300 bytes per call
        // (docs/benchmarks.md, per-call allocations): keep only retry, redirect and User-Agent.
        for (var i = handlers.Count - 1; i >= 0; i--)
        {
            if (handlers[i] is HeadersInspectionHandler or BodyInspectionHandler or ParametersNameDecodingHandler
                || handlers[i].GetType().Name.StartsWith("UriReplacementHandler", StringComparison.Ordinal))
            {
                handlers.RemoveAt(i);
            }
        }
        handlers.Insert(0, new AuthorizationHandler(new BaseBearerTokenAuthenticationProvider(tokens)));
        handlers.Add(new CallGuardHandler(tokens.IsApiHost, options.NetworkTimeout, options.MaxResponseBodyBytes, options.MaxRetries, options.TimeProvider, logger));
        handlers.Add(new AuthorizationGuardHandler(tokens.IsApiHost));
        return handlers;
    }

    /// <summary>Settings every SDK HttpClient needs, however it was created.</summary>
    public static void ConfigureClient(HttpClient client)
    {
        // Large file transfers must not hit a fixed client-wide limit; API calls get NetworkTimeout per request.
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
