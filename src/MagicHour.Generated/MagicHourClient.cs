using MagicHour.Generated.Http;

namespace MagicHour.Generated;

/// <summary>
/// The entry point: <c>new MagicHourClient(new MagicHourClientOptions()).V1.AiHeadshotGenerator.GenerateAsync(...)</c>.
/// Thread-safe; create one and reuse it (it owns a pooled HTTP pipeline).
/// </summary>
public class MagicHourClient : IDisposable
{
    private readonly MagicHourClientContext _context = null!;

    /// <summary>
    /// For mocking: a subclass overrides <see cref="V1"/> (and the resource clients beneath it) to fake calls
    /// without a server. To read the key from the environment use <c>new MagicHourClient(new MagicHourClientOptions())</c>.
    /// </summary>
    protected MagicHourClient()
    {
        V1 = null!;
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

    /// <summary>The shared context (the poll-schedule benchmark drives the waiter through it).</summary>
    internal MagicHourClientContext Context => _context;

    /// <summary>
    /// A client on HttpClients that already carry the SDK's handlers (<see cref="MagicHourHttpPipeline.CreateApiHandlers"/>,
    /// <see cref="MagicHourHttpPipeline.CreateStorageHandlers"/>), as IHttpClientFactory builds them for
    /// <c>services.AddMagicHour(...)</c>. Disposing the client disposes only those HttpClients.
    /// </summary>
    internal static MagicHourClient FromHttpClients(HttpClient http, HttpClient storage, ResolvedOptions resolved, CreditLedger credits)
    {
        MagicHourHttpPipeline.ConfigureClient(http);
        MagicHourHttpPipeline.ConfigureClient(storage);
        var logger = MagicHourClientContext.CreateLogger(resolved);
        return new MagicHourClient(new MagicHourClientContext(resolved, http, storage, MagicHourHttpPipeline.CreateTokenProvider(resolved), logger, credits));
    }

    private static MagicHourClientContext CreateContext(MagicHourClientOptions options)
    {
        var resolved = options.Resolve();
        var logger = MagicHourClientContext.CreateLogger(resolved);
        var credits = new CreditLedger();
        var (http, storage, tokens) = MagicHourHttpPipeline.Create(resolved, logger, credits);
        return new MagicHourClientContext(resolved, http, storage, tokens, logger, credits);
    }

    /// <summary>The v1 API, one property per resource.</summary>
    public virtual MagicHourV1 V1 { get; }

    /// <summary>The API host this client talks to.</summary>
    public virtual Uri BaseUrl => _context.Options.BaseUrl;

    /// <summary>Releases the HTTP pipelines (API and storage).</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the HTTP pipeline; a mocking subclass (no pipeline) has nothing to release.</summary>
    /// <param name="disposing">True when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (!disposing || _context is null)
            return;
        _context.Http.Dispose();
        _context.Storage.Dispose();
    }

    /// <summary>Never shows the key.</summary>
    public override string ToString() => $"MagicHourClient {{ BaseUrl = {BaseUrl}, ApiKey = *** }}";
}
