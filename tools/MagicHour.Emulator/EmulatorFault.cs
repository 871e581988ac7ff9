namespace MagicHour.Emulator;

/// <summary>What an injected fault does to the request it hits.</summary>
public enum EmulatorFaultKind
{
    /// <summary>Answer with <see cref="EmulatorFault.StatusCode"/> and a JSON message without doing anything.</summary>
    Status,
    /// <summary>Wait <see cref="EmulatorFault.Delay"/> on <see cref="MagicHourEmulatorOptions.TimeProvider"/>, then handle the request normally.</summary>
    Delay,
    /// <summary>
    /// Abort the TCP connection. Upload PUT: after reading part of the body (nothing stored).
    /// Create POST: after the project was created and charged (the client never hears).
    /// Anything else: before responding.
    /// </summary>
    DropConnection,
    /// <summary>Download GET: send the full Content-Length, about half of the bytes, then abort.</summary>
    TruncatedDownload,
    /// <summary>POST /v1/files/upload-urls: return URLs that have already expired (their PUT gets 403).</summary>
    ExpiredUploadUrl,
    /// <summary>Create POST: the new project never leaves <c>rendering</c>.</summary>
    StuckRendering,
    /// <summary>Create POST: the new project ends in <c>error</c> (code <c>unknown_error</c>), credits refunded.</summary>
    EndInError,
    /// <summary>Create POST: the new project ends in <c>canceled</c>, credits refunded.</summary>
    EndCanceled,
}

/// <summary>
/// A fault rule: the next <see cref="Count"/> requests whose route key matches <see cref="Route"/>
/// (and to which <see cref="Kind"/> applies) get the fault.
/// </summary>
public sealed class EmulatorFault
{
    /// <summary>
    /// Route key such as "POST /v1/ai-headshot-generator", "GET /v1/image-projects", "PUT /_storage/upload",
    /// "GET /_storage/download", or "*" for any route. Matching ignores case and a trailing "/{id}".
    /// </summary>
    public string Route { get; init; } = "*";

    /// <summary>What the fault does (default <see cref="EmulatorFaultKind.Status"/>).</summary>
    public EmulatorFaultKind Kind { get; init; }

    /// <summary>How many matching requests get the fault.</summary>
    public int Count { get; init; } = 1;

    /// <summary>Status code for <see cref="EmulatorFaultKind.Status"/> (e.g. 429, 500, 502, 503, 504).</summary>
    public int StatusCode { get; init; } = 500;

    /// <summary>Sent as a Retry-After header (whole seconds, rounded up) with a Status fault.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Wait time for <see cref="EmulatorFaultKind.Delay"/>.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Describes the rule, e.g. <c>Status on POST /v1/ai-headshot-generator x3 (429)</c>.</summary>
    public override string ToString() =>
        $"{Kind} on {Route} x{Count}" + (Kind == EmulatorFaultKind.Status ? $" ({StatusCode})" : "");
}
