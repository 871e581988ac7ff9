using MagicHour.Generated.Http;

namespace MagicHour.Generated;

/// <summary>
/// The entry point: <c>new MagicHourClient().V1.AiHeadshotGenerator.GenerateAsync(...)</c>.
/// Thread-safe; create one and reuse it (it owns a pooled HTTP pipeline).
/// </summary>
public sealed class MagicHourClient : IDisposable
{
    private readonly MagicHourClientContext _context;

    /// <summary>Creates a client from the environment (<c>MAGIC_HOUR_API_KEY</c>, <c>MAGIC_HOUR_BASE_URL</c>).</summary>
    /// <exception cref="ArgumentException">No API key is configured, or a setting is invalid.</exception>
    public MagicHourClient()
        : this(new MagicHourClientOptions())
    {
    }

    /// <summary>Creates a client with an API key and default settings.</summary>
    /// <exception cref="ArgumentException">The key is empty, or a setting is invalid.</exception>
    public MagicHourClient(string apiKey)
        : this(new MagicHourClientOptions { ApiKey = apiKey ?? throw new ArgumentNullException(nameof(apiKey)) })
    {
    }

    /// <summary>Creates a client; every setting is checked here, before any request.</summary>
    /// <exception cref="ArgumentException">No API key is configured, or a setting is invalid.</exception>
    public MagicHourClient(MagicHourClientOptions options)
        : this(CreateContext(options ?? throw new ArgumentNullException(nameof(options))))
    {
    }

    private MagicHourClient(MagicHourClientContext context)
    {
        _context = context;
        V1 = new MagicHourV1(_context);
    }

    /// <summary>
    /// A client on HttpClients that already carry the SDK's handlers (<see cref="MagicHourHttpPipeline.CreateApiHandlers"/>,
    /// <see cref="MagicHourHttpPipeline.CreateStorageHandlers"/>), as IHttpClientFactory builds them for
    /// <c>services.AddMagicHour(...)</c>. Disposing the client disposes only those HttpClients.
    /// </summary>
    internal static MagicHourClient FromHttpClients(HttpClient http, HttpClient storage, ResolvedOptions resolved)
    {
        MagicHourHttpPipeline.ConfigureClient(http);
        MagicHourHttpPipeline.ConfigureClient(storage);
        var logger = MagicHourClientContext.CreateLogger(resolved);
        return new MagicHourClient(new MagicHourClientContext(resolved, http, storage, MagicHourHttpPipeline.CreateTokenProvider(resolved), logger));
    }

    private static MagicHourClientContext CreateContext(MagicHourClientOptions options)
    {
        var resolved = options.Resolve();
        var logger = MagicHourClientContext.CreateLogger(resolved);
        var (http, storage, tokens) = MagicHourHttpPipeline.Create(resolved, logger);
        return new MagicHourClientContext(resolved, http, storage, tokens, logger);
    }

    /// <summary>The v1 API, one property per resource.</summary>
    public MagicHourV1 V1 { get; }

    /// <summary>The API host this client talks to.</summary>
    public Uri BaseUrl => _context.Options.BaseUrl;

    /// <summary>Releases the HTTP pipelines.</summary>
    public void Dispose()
    {
        _context.Http.Dispose();
        _context.Storage.Dispose();
    }

    /// <summary>Never shows the key.</summary>
    public override string ToString() => $"MagicHourClient {{ BaseUrl = {BaseUrl}, ApiKey = *** }}";
}
