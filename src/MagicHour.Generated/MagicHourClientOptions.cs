using System.Globalization;
using System.Net;
using MagicHour.Generated.Webhooks;
using Microsoft.Extensions.Logging;

namespace MagicHour.Generated;

/// <summary>
/// Settings for <see cref="MagicHourClient"/>. Unset values fall back to the environment variables
/// <c>MAGIC_HOUR_API_KEY</c>, <c>MAGIC_HOUR_BASE_URL</c> and <c>MAGIC_HOUR_POLL_INTERVAL</c>, then to the defaults.
/// </summary>
public sealed class MagicHourClientOptions
{
    /// <summary>The production API host.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://api.magichour.ai");

    /// <summary>The API key sent as <c>Authorization: Bearer</c> to the API host only. Default: <c>MAGIC_HOUR_API_KEY</c>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The API host. Default: <c>MAGIC_HOUR_BASE_URL</c>, else <see cref="DefaultBaseUrl"/>. Plain http is accepted only for loopback hosts.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>
    /// Unset (the default), a Generate or Resume call polls on its tool's schedule, built around the tool's expected
    /// processing time (<see cref="ExpectedProcessingTimes"/>); waits whose tool is not known (WaitAsync by id, face
    /// detection) start at 0.5 s and grow 1.5× per poll to <see cref="MaxPollInterval"/>. Set (or
    /// <c>MAGIC_HOUR_POLL_INTERVAL</c>, in seconds), every wait uses that growing schedule, starting at this value.
    /// </summary>
    public TimeSpan? PollInterval { get; set; }

    /// <summary>The longest wait between status polls of the growing schedule (see <see cref="PollInterval"/>). Default 5 s.</summary>
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Expected processing times (creation to completion) by create operation id, e.g.
    /// <c>["AiHeadshotGenerator_Create"] = TimeSpan.FromSeconds(20)</c>, in place of the vendor's published medians
    /// the SDK ships (openapi/processing-times.json); the operation ids are the spec's. Each Generate call can
    /// override it again with <see cref="GenerateOptions.ExpectedProcessingTime"/>.
    /// </summary>
    public IDictionary<string, TimeSpan> ExpectedProcessingTimes { get; } = new Dictionary<string, TimeSpan>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Where the SDK's instruments come from (meter <c>MagicHour.Generated</c>, see <see cref="MagicHourDiagnostics.MeterName"/>).
    /// Default: one process-wide meter; <c>AddMagicHour</c> passes the container's <see cref="System.Diagnostics.Metrics.IMeterFactory"/>.
    /// </summary>
    public System.Diagnostics.Metrics.IMeterFactory? MeterFactory { get; set; }

    /// <summary>How many times one API call or one file transfer is re-sent (after 429/503/504, a connection that could not be made, or for transfers a failed attempt). Default 3.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The longest total time spent waiting between the attempts of one call or transfer; a longer Retry-After is not waited for. Default 60 s.</summary>
    public TimeSpan MaxRetryDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The time one API call may take, its retries and the reading of its body included (not file transfers, which can be large). Default 100 s.</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// A file upload or download that moves no data for this long is abandoned as stalled (and retried, like a
    /// dropped connection). Transfers as such have no time limit, since files can be large; this only catches one
    /// that hangs. <see cref="Timeout.InfiniteTimeSpan"/> turns it off. Default 60 s.
    /// </summary>
    public TimeSpan TransferStallTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>JSON response bodies larger than this are refused instead of buffered. Default 4 MiB.</summary>
    public long MaxResponseBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>How many outputs download at once. Default 4.</summary>
    public int MaxConcurrentDownloads { get; set; } = 4;

    /// <summary>The innermost HTTP handler (for tests: a MockHttp handler; for custom proxies or certificates). Default: a <see cref="SocketsHttpHandler"/>.</summary>
    public HttpMessageHandler? Transport { get; set; }

    /// <summary>Receives upload, create, status, download and retry events. Never given the API key.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>
    /// Where a webhook receiver in this process publishes project events (the ASP.NET Core package's
    /// <c>services.AddMagicHour(...).AddWebhooks(...)</c> sets it): waits then poll only every
    /// <see cref="MagicHourProjectEvents.FallbackPollInterval"/> and end as soon as the project's end event arrives.
    /// Null (the default): waits poll on their schedule.
    /// </summary>
    public MagicHourProjectEvents? ProjectEvents { get; set; }

    /// <summary>
    /// A spending cap: the most credits creates through this client may be charged, net of the refunds it learns of
    /// (a project read at its end, in error or canceled). A create that would pass it fails before it is sent, with
    /// <see cref="MagicHourErrorKind.CreditLimitReached"/>. Creates in flight count at their expected cost (the last
    /// answer for the same operation); until an operation's cost is known, its creates are sent one at a time.
    /// See the README ("Spending cap") for how far concurrent creates can overshoot. Null (the default): no cap.
    /// </summary>
    public long? MaxCredits { get; set; }

    /// <summary>Clock and timers for every wait and deadline of the SDK: retries, polling, NetworkTimeout, the stall limit (tests pass a fake). Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Shows the settings with the API key redacted.</summary>
    public override string ToString()
        => $"MagicHourClientOptions {{ ApiKey = {(string.IsNullOrEmpty(ApiKey) ? "<unset>" : "***")}, BaseUrl = {BaseUrl?.ToString() ?? "<default>"} }}";

    /// <summary>Applies environment defaults and checks every value; throws before any request is made.</summary>
    internal ResolvedOptions Resolve()
    {
        var apiKey = ApiKey ?? Environment.GetEnvironmentVariable("MAGIC_HOUR_API_KEY");
        if (string.IsNullOrWhiteSpace(apiKey))
        {
            throw new ArgumentException("An API key is required: set MagicHourClientOptions.ApiKey or the MAGIC_HOUR_API_KEY environment variable.", nameof(ApiKey));
        }
        // A key is printable ASCII. Anything else (a line break from a bad paste, a space between two keys) would
        // fail later as a confusing transport error or a 401; say so now, without ever echoing the key.
        var badCharacter = apiKey.AsSpan().Trim().IndexOfAnyExceptInRange('!', '~');
        if (badCharacter >= 0)
        {
            throw new ArgumentException($"The API key (MagicHourClientOptions.ApiKey or MAGIC_HOUR_API_KEY) contains a space, line break, control or non-ASCII character at position {badCharacter + 1}; check that it was copied whole. The key itself is not shown.", nameof(ApiKey));
        }

        var baseUrl = BaseUrl ?? ParseBaseUrl(Environment.GetEnvironmentVariable("MAGIC_HOUR_BASE_URL")) ?? DefaultBaseUrl;
        if (!baseUrl.IsAbsoluteUri || (baseUrl.Scheme != Uri.UriSchemeHttps && baseUrl.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"The base URL '{baseUrl}' must be an absolute http(s) URL.", nameof(BaseUrl));
        }
        if (baseUrl.Scheme == Uri.UriSchemeHttp && !IsLoopback(baseUrl))
        {
            throw new ArgumentException($"The base URL '{baseUrl}' uses plain http; the API key is only sent over https, or over http to a loopback host (localhost, 127.0.0.0/8, [::1], [::ffff:127.0.0.1]).", nameof(BaseUrl));
        }

        var explicitPoll = PollInterval ?? ParsePollInterval(Environment.GetEnvironmentVariable("MAGIC_HOUR_POLL_INTERVAL"));
        var poll = explicitPoll ?? TimeSpan.FromSeconds(0.5);
        RequirePositive(poll, nameof(PollInterval));
        RequirePositive(MaxPollInterval, nameof(MaxPollInterval));
        RequirePositive(NetworkTimeout, nameof(NetworkTimeout));
        RequirePositive(MaxRetryDuration, nameof(MaxRetryDuration));
        if (TransferStallTimeout != Timeout.InfiniteTimeSpan) RequirePositive(TransferStallTimeout, nameof(TransferStallTimeout));
        if (MaxRetries is < 0 or > 9) throw new ArgumentOutOfRangeException(nameof(MaxRetries), MaxRetries, "MaxRetries must be between 0 and 9.");
        if (MaxResponseBodyBytes <= 0) throw new ArgumentOutOfRangeException(nameof(MaxResponseBodyBytes), MaxResponseBodyBytes, "MaxResponseBodyBytes must be positive.");
        if (MaxConcurrentDownloads <= 0) throw new ArgumentOutOfRangeException(nameof(MaxConcurrentDownloads), MaxConcurrentDownloads, "MaxConcurrentDownloads must be positive.");
        if (MaxCredits is < 0) throw new ArgumentOutOfRangeException(nameof(MaxCredits), MaxCredits, "MaxCredits must not be negative.");
        foreach (var (operation, expected) in ExpectedProcessingTimes)
        {
            RequirePositive(expected, $"{nameof(ExpectedProcessingTimes)}[{operation}]");
        }

        return new ResolvedOptions(apiKey.Trim(), baseUrl, poll, MaxPollInterval < poll ? poll : MaxPollInterval, MaxRetries, MaxRetryDuration,
            NetworkTimeout, TransferStallTimeout, MaxResponseBodyBytes, MaxConcurrentDownloads, Transport, LoggerFactory, TimeProvider ?? TimeProvider.System)
        {
            ProjectEvents = ProjectEvents,
            MaxCredits = MaxCredits,
            PollIntervalIsExplicit = explicitPoll is not null,
            ExpectedProcessingTimes = new Dictionary<string, TimeSpan>(ExpectedProcessingTimes, StringComparer.OrdinalIgnoreCase),
            Metrics = MagicHourMetrics.For(MeterFactory),
        };
    }

    /// <summary>
    /// True only for the host name <c>localhost</c>, an IPv4 address in 127.0.0.0/8, <c>::1</c>, or an IPv4-mapped
    /// <c>::ffff:127.x.y.z</c>. Not <c>Uri.IsLoopback</c> / <c>IPAddress.IsLoopback</c> alone: they take the
    /// IPv4-compatible <c>[::127.0.0.1]</c> for loopback, and that address routes off the machine.
    /// </summary>
    internal static bool IsLoopback(Uri uri)
    {
        if (uri.HostNameType == UriHostNameType.Dns) return string.Equals(uri.IdnHost, "localhost", StringComparison.OrdinalIgnoreCase);
        if (uri.HostNameType is not (UriHostNameType.IPv4 or UriHostNameType.IPv6) || !IPAddress.TryParse(uri.DnsSafeHost, out var ip)) return false;
        if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
        return ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            ? ip.GetAddressBytes()[0] == 127
            : ip.Equals(IPAddress.IPv6Loopback);
    }

    private static Uri? ParseBaseUrl(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        return Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri)
            ? uri
            : throw new ArgumentException($"MAGIC_HOUR_BASE_URL '{value}' is not an absolute URL.", nameof(BaseUrl));
    }

    private static TimeSpan? ParsePollInterval(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : throw new ArgumentException($"MAGIC_HOUR_POLL_INTERVAL '{value}' must be a positive number of seconds.", nameof(PollInterval));
    }

    /// <summary>The longest wait a .NET timer (CancelAfter, Task.Delay) accepts: about 24.8 days.</summary>
    private static readonly TimeSpan MaxTimer = TimeSpan.FromMilliseconds(int.MaxValue);

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive.");
        // Checked here, or the first request would fail with a bare "ArgumentOutOfRangeException: delay".
        if (value > MaxTimer) throw new ArgumentOutOfRangeException(name, value, $"{name} must be at most {MaxTimer.TotalDays:0.#} days.");
    }
}

/// <summary>Options after environment defaults were applied and every value was checked.</summary>
internal sealed record ResolvedOptions(
    string ApiKey,
    Uri BaseUrl,
    TimeSpan PollInterval,
    TimeSpan MaxPollInterval,
    int MaxRetries,
    TimeSpan MaxRetryDuration,
    TimeSpan NetworkTimeout,
    TimeSpan TransferStallTimeout,
    long MaxResponseBodyBytes,
    int MaxConcurrentDownloads,
    HttpMessageHandler? Transport,
    ILoggerFactory? LoggerFactory,
    TimeProvider TimeProvider)
{
    public MagicHourProjectEvents? ProjectEvents { get; init; }

    public long? MaxCredits { get; init; }

    /// <summary>True when the caller chose a poll interval (option or environment): every wait then uses the growing schedule.</summary>
    public bool PollIntervalIsExplicit { get; init; }

    /// <summary>The per-client expected processing times, by operation id (a copy: later changes to the options do not apply).</summary>
    public IReadOnlyDictionary<string, TimeSpan> ExpectedProcessingTimes { get; init; } = new Dictionary<string, TimeSpan>();

    /// <summary>The instruments this client records to.</summary>
    public MagicHourMetrics Metrics { get; init; } = MagicHourMetrics.For(null);

    /// <summary>Never print the key.</summary>
    public override string ToString() => $"ResolvedOptions {{ ApiKey = ***, BaseUrl = {BaseUrl} }}";
}
