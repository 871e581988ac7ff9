namespace MagicHour.Soak;

/// <summary>
/// One kind of fault a workflow may get. Server faults are sent as the emulator's <c>X-Emulator-Fault</c> header on
/// the first <see cref="Times"/> requests of that workflow matching <see cref="Method"/> and <see cref="PathPart"/>,
/// so a fault hits exactly the workflow it was planned for, however many run at once. Client faults change the
/// workflow's own settings instead.
/// </summary>
internal sealed record SoakFault(string Name, string Method, string PathPart, string Header, int Times = 1, ClientFault Client = ClientFault.None)
{
    public override string ToString() => Name;

    /// <summary>The faults drawn from, with equal weight, for the workflows that get one.</summary>
    public static IReadOnlyList<SoakFault> All { get; } =
    [
        new("429 on create (Retry-After 1)", "POST", "/v1/ai-headshot-generator", "status;status=429;retry-after=1"),
        new("500 on create", "POST", "/v1/ai-headshot-generator", "status;status=500"),
        new("502 on create", "POST", "/v1/ai-headshot-generator", "status;status=502"),
        new("503 on create", "POST", "/v1/ai-headshot-generator", "status;status=503;retry-after=0"),
        new("504 on create", "POST", "/v1/ai-headshot-generator", "status;status=504;retry-after=0"),
        new("500 on upload-urls", "POST", "/v1/files/upload-urls", "status;status=500"),
        new("503 on upload-urls", "POST", "/v1/files/upload-urls", "status;status=503;retry-after=0"),
        new("500 on upload PUT", "PUT", "/_storage/upload/", "status;status=500"),
        new("503 on poll x2", "GET", "/v1/image-projects/", "status;status=503;retry-after=0", 2),
        new("502 on poll x2", "GET", "/v1/image-projects/", "status;status=502", 2),
        new("500 on download", "GET", "/_storage/download/", "status;status=500"),
        new("reset during upload", "PUT", "/_storage/upload/", "drop-connection"),
        new("reset during create", "POST", "/v1/ai-headshot-generator", "drop-connection"),
        new("reset during poll x2", "GET", "/v1/image-projects/", "drop-connection", 2),
        new("reset during download", "GET", "/_storage/download/", "drop-connection"),
        new("truncated download", "GET", "/_storage/download/", "truncated-download"),
        new("expired upload URL", "POST", "/v1/files/upload-urls", "expired-upload-url"),
        new("create slower than NetworkTimeout", "POST", "/v1/ai-headshot-generator", "delay;delay=12000"),
        new("poll slower than NetworkTimeout", "GET", "/v1/image-projects/", "delay;delay=12000"),
        new("stuck in rendering", "POST", "/v1/ai-headshot-generator", "stuck-rendering"),
        new("ends in error", "POST", "/v1/ai-headshot-generator", "end-in-error"),
        new("ends canceled", "POST", "/v1/ai-headshot-generator", "end-canceled"),
        new("download directory not writable", "", "", "", 0, ClientFault.UnwritableDirectory),
    ];
}

internal enum ClientFault
{
    None,
    /// <summary>The download directory is a path under a regular file, so it cannot be created (fails for root too).</summary>
    UnwritableDirectory,
}

/// <summary>The fault planned for the workflow running on this async flow, and how many of its hits are left.</summary>
internal sealed class FaultPlan(SoakFault fault)
{
    private int _left = fault.Times;

    public SoakFault Fault { get; } = fault;

    /// <summary>Turned off before a resume: the fault belongs to the first attempt.</summary>
    public bool Active { get; set; } = true;

    public bool TryTake(HttpRequestMessage request)
    {
        if (!Active || Fault.Client != ClientFault.None || request.Method.Method != Fault.Method
            || request.RequestUri?.AbsolutePath.Contains(Fault.PathPart, StringComparison.Ordinal) != true)
        {
            return false;
        }
        return Interlocked.Decrement(ref _left) >= 0;
    }

    public static readonly AsyncLocal<FaultPlan?> Current = new();
}

/// <summary>The SDK's innermost handler in the soak: adds the planned fault header, then sends for real.</summary>
internal sealed class FaultInjectingHandler() : DelegatingHandler(new SocketsHttpHandler
{
    AllowAutoRedirect = false,
    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    ConnectTimeout = TimeSpan.FromSeconds(30),
})
{
    private long _injected;

    public long Injected => Interlocked.Read(ref _injected);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Retries clone the request with its headers: a fault header is only ever the one planned for this try.
        request.Headers.Remove("X-Emulator-Fault");
        if (FaultPlan.Current.Value is { } plan && plan.TryTake(request))
        {
            request.Headers.TryAddWithoutValidation("X-Emulator-Fault", plan.Fault.Header);
            Interlocked.Increment(ref _injected);
        }
        return base.SendAsync(request, cancellationToken);
    }
}
