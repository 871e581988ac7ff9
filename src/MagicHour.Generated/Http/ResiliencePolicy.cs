using System.Globalization;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace MagicHour.Generated.Http;

/// <summary>
/// The SDK's one resilience policy, in the spirit of System.ClientModel's ClientRetryPolicy: the only place that
/// decides whether a failed attempt is tried again (<see cref="Classify"/>) and how long to wait first
/// (<see cref="GetNextDelay"/>). API calls (<see cref="ResilienceHandler"/>), uploads, downloads and polls all ask it.
/// <list type="bullet">
/// <item>A create charges credits, so a request that is not safe to repeat is sent again only when the server
/// certainly did not process it: HTTP 429, or a connection that was never opened.</item>
/// <item>Each call or transfer gets one <see cref="RetryBudget"/>: at most <see cref="MaxRetries"/> re-sends and at
/// most <see cref="MaxRetryDuration"/> of waiting in all; a wait that does not fit is not made (logged <c>RetrySkipped</c>).</item>
/// <item>The wait is <c>Retry-After</c> (seconds or an HTTP date) when the server sends one, else
/// 0.5 s × 2^(retry − 1) with ±20 % jitter, at most <see cref="MaxBackoff"/>; it runs on the client's <see cref="TimeProvider"/>.</item>
/// <item>Every re-send is logged (<c>Retry</c>) with its reason and wait.</item>
/// </list>
/// </summary>
internal sealed class ResiliencePolicy(int maxRetries, TimeSpan maxRetryDuration, TimeProvider time, ILogger logger, MagicHourMetrics? metrics = null)
{
    /// <summary>The first computed wait; each later one doubles.</summary>
    public static readonly TimeSpan BaseDelay = TimeSpan.FromSeconds(0.5);

    /// <summary>The longest computed wait (a server's Retry-After is bounded by the budget instead).</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    public int MaxRetries => maxRetries;
    public TimeSpan MaxRetryDuration => maxRetryDuration;
    public TimeProvider Time => time;
    public ILogger Logger => logger;
    public MagicHourMetrics? Metrics => metrics;

    /// <summary>Random in [0, 1) for the jitter; tests may fix it.</summary>
    internal Func<double> Jitter { get; init; } = Random.Shared.NextDouble;

    /// <summary>What one failed attempt means for trying again.</summary>
    public enum Verdict
    {
        /// <summary>Not a transient failure: give the result to the caller.</summary>
        Final,
        /// <summary>Transient, and sending it again cannot cost anything twice.</summary>
        Retry,
        /// <summary>Transient, but the server may have processed it (a create may have charged): never re-sent.</summary>
        MayHaveBeenProcessed,
    }

    /// <summary>Requests that change nothing, or whose repetition costs nothing.</summary>
    public static bool IsSafeToRepeat(HttpMethod method, Uri? uri)
        => method == HttpMethod.Get
        || method == HttpMethod.Head
        || method == HttpMethod.Delete
        || method == HttpMethod.Put
        || (method == HttpMethod.Post && uri?.AbsolutePath.EndsWith("/v1/files/upload-urls", StringComparison.Ordinal) == true);

    /// <summary>A transport failure of a connection that was never opened: the request never reached the server.</summary>
    public static bool NeverOpened(Exception? error)
        => error is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError }
            or HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.NetworkUnreachable or SocketError.HostUnreachable } };

    /// <summary>A failure of the transport (not an HTTP answer): a connection error, a reset, a cut body, a stall, a deadline.</summary>
    public static bool IsTransportFailure(Exception? error)
        => error is HttpRequestException or TimeoutException
            || (error is IOException && error is not (FileNotFoundException or DirectoryNotFoundException or PathTooLongException));

    /// <summary>
    /// Classifies one failed attempt: an HTTP status (<paramref name="status"/>, 0 for none) or a transport failure
    /// (<paramref name="error"/>). <paramref name="storage"/> transfers to pre-signed URLs are idempotent and are also
    /// repeated on 408 and any 5xx; API calls on 429 always and on 503/504 when safe to repeat (500/502 are final:
    /// the server looked at the request and failed). A deadline (<see cref="TimeoutException"/>) is final: the time
    /// allowed for the call is spent.
    /// </summary>
    public static Verdict Classify(int status, Exception? error, bool safeToRepeat, bool storage)
    {
        if (error is not null)
        {
            if (error is TimeoutException || !IsTransportFailure(error)) return Verdict.Final;
            return NeverOpened(error) || safeToRepeat ? Verdict.Retry : Verdict.MayHaveBeenProcessed;
        }
        if (status == 429) return Verdict.Retry;
        var transient = storage ? status is 408 or >= 500 and < 600 : status is 503 or 504;
        if (!transient) return Verdict.Final;
        return safeToRepeat ? Verdict.Retry : Verdict.MayHaveBeenProcessed;
    }

    /// <summary>
    /// The wait before retry number <paramref name="retry"/> (1-based): the response's Retry-After when it has one
    /// (whole seconds, or an HTTP date against <see cref="Time"/>; never negative), else exponential with jitter,
    /// at most <see cref="MaxBackoff"/>.
    /// </summary>
    public TimeSpan GetNextDelay(int retry, HttpResponseMessage? response)
    {
        if (response?.Headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            if (retryAfter.Date is { } date)
            {
                var wait = date - time.GetUtcNow();
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }
        }
        else if (response is not null && response.Headers.TryGetValues("Retry-After", out var raw)
            && double.TryParse(raw.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0 && seconds < MaxBackoff.TotalSeconds * 1000)
        {
            // "1.5" is not valid HTTP but some servers send it: honour it rather than ignore it.
            return TimeSpan.FromSeconds(seconds);
        }
        var exponential = BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry - 1, 16));
        var jittered = exponential * (0.8 + 0.4 * Jitter());
        return TimeSpan.FromMilliseconds(Math.Min(jittered, MaxBackoff.TotalMilliseconds));
    }

    /// <summary>
    /// The <see cref="MagicHourException"/> for a call that failed in transport (the one exception type of the step
    /// methods): the failure is the InnerException, and the message says when the request never reached the server.
    /// </summary>
    public static MagicHourException Failed(string what, Exception transport, int status)
    {
        var message = NeverOpened(transport)
            ? $"{what} failed: the connection could not be opened ({transport.Message}); the request never reached the server."
            : status != 0
                ? $"{what}: the answer's body did not arrive whole ({transport.Message})."
                : $"{what} failed before an answer arrived ({transport.Message}).";
        return status != 0
            ? new MagicHourException(message, status, string.Empty, null, transport)
            : new MagicHourException(message, MagicHourErrorKind.Other, null, transport);
    }

    /// <summary>
    /// The transport failure behind <paramref name="error"/>: the error itself, or the InnerException of a
    /// <see cref="MagicHourException"/> made by <see cref="Failed"/>; null when it is not a transport failure.
    /// </summary>
    public static Exception? TransportFailureOf(Exception error)
        => IsTransportFailure(error) ? error
            : error is MagicHourException { InnerException: { } inner } && IsTransportFailure(inner) ? inner
            : null;

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>A new budget for one call or one transfer.</summary>
    public RetryBudget NewBudget() => new();

    /// <summary>
    /// Decides on one failed attempt of <paramref name="what"/> and, when it is to be tried again, logs the retry and
    /// waits (on <see cref="Time"/>, cancellable). False: give the failure to the caller (the reason is logged when a
    /// transient failure is not retried). <paramref name="beforeWait"/> runs once the decision is made and before the
    /// wait (to free the failed response). <paramref name="timeLeft"/>: a wait longer than this (the call's deadline)
    /// is not made.
    /// </summary>
    public async ValueTask<bool> RetryAsync(
        RetryBudget budget, string what, int status, Exception? error, HttpResponseMessage? response, bool safeToRepeat, bool storage,
        CancellationToken cancellationToken, TimeSpan? timeLeft = null, Action? beforeWait = null, HttpRequestMessage? request = null)
    {
        var verdict = Classify(status, error, safeToRepeat, storage);
        var reason = error is not null ? $"it failed in transit, a connection failure ({error.GetType().Name}: {error.Message})" : $"HTTP {status}";
        if (verdict == Verdict.Final) return false;
        if (verdict == Verdict.MayHaveBeenProcessed)
        {
            logger.LogInformation(LogEvents.RetrySkipped, "Not retrying {What} after {Reason}: the server may have processed it", what, reason);
            return false;
        }
        if (cancellationToken.IsCancellationRequested) return false;
        if (budget.Retries >= maxRetries)
        {
            logger.LogWarning(LogEvents.RetrySkipped, "Giving up on {What} after {Retries} retries ({Reason})", what, budget.Retries, reason);
            return false;
        }
        var delay = GetNextDelay(budget.Retries + 1, response);
        if (budget.Waited + delay > maxRetryDuration)
        {
            logger.LogWarning(LogEvents.RetrySkipped, "Not retrying {What} after {Reason}: asked to wait {Delay}s, more than the {Max}s allowed in all (MaxRetryDuration)", what, reason, Seconds(delay), Seconds(maxRetryDuration - budget.Waited));
            return false;
        }
        if (timeLeft is { } left && delay >= left)
        {
            logger.LogWarning(LogEvents.RetrySkipped, "Not retrying {What} after {Reason}: a wait of {Delay}s would pass the call's deadline (NetworkTimeout)", what, reason, Seconds(delay));
            return false;
        }
        budget.Retries++;
        budget.Waited += delay;
        request ??= response?.RequestMessage;
        metrics?.Retried(error is not null ? "transport" : status.ToString(System.Globalization.CultureInfo.InvariantCulture), request?.Method,
            request is not null ? MagicHourMetrics.OperationOf(request) : storage ? "transfer" : null);
        logger.LogWarning(LogEvents.Retry, "Retrying {What} after {Reason} (retry {Attempt} of {Max}, waiting {Delay}s)", what, reason, budget.Retries, maxRetries, Seconds(delay));
        beforeWait?.Invoke();
        if (delay > TimeSpan.Zero) await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        return true;
    }
}

/// <summary>What one call or transfer has spent of its retries: re-sends made and time waited.</summary>
internal sealed class RetryBudget
{
    public int Retries { get; set; }
    public TimeSpan Waited { get; set; }
}
