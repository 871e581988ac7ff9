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
    {
        ArgumentNullException.ThrowIfNull(options);
        var resolved = options.Resolve();
        var logger = MagicHourClientContext.CreateLogger(resolved);
        var (http, tokens) = MagicHourHttpPipeline.Create(resolved, logger);
        _context = new MagicHourClientContext(resolved, http, tokens, logger);
        V1 = new MagicHourV1(_context);
    }

    /// <summary>The v1 API, one property per resource.</summary>
    public MagicHourV1 V1 { get; }

    /// <summary>The API host this client talks to.</summary>
    public Uri BaseUrl => _context.Options.BaseUrl;

    /// <summary>Releases the HTTP pipeline.</summary>
    public void Dispose() => _context.Http.Dispose();

    /// <summary>Never shows the key.</summary>
    public override string ToString() => $"MagicHourClient {{ BaseUrl = {BaseUrl}, ApiKey = *** }}";
}
