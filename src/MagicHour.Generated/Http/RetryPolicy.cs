using System.Globalization;
using Microsoft.Extensions.Logging;

namespace MagicHour.Generated.Http;

/// <summary>
/// Decides which failed requests may be sent again. The rule that matters: a POST that creates a project
/// charges credits, so it is repeated only when the server certainly did not process it (429, or a
/// connection that was never made). Reads, deletes, storage transfers and upload-URL requests are safe to repeat.
/// </summary>
internal sealed class RetryPolicy(ILogger logger, int maxRetries, TimeSpan maxRetryAfter)
{
    /// <summary>Requests that change nothing, or whose repetition costs nothing.</summary>
    public static bool IsSafeToRepeat(HttpRequestMessage request)
        => request.Method == HttpMethod.Get
        || request.Method == HttpMethod.Head
        || request.Method == HttpMethod.Delete
        || request.Method == HttpMethod.Put
        || (request.Method == HttpMethod.Post && request.RequestUri?.AbsolutePath.EndsWith("/v1/files/upload-urls", StringComparison.Ordinal) == true);

    /// <summary>Kiota RetryHandler callback: retry 429/503/504 within the bounds Kiota counts (attempts, total time).</summary>
    /// <remarks>
    /// Kiota passes its base delay here, not the wait it is about to make, and stops silently once the total
    /// wait would pass <c>RetriesTimeLimit</c>. So the wait is computed here exactly as Kiota will compute it
    /// (Retry-After, else 2^attempt × base, at most 180 s), and the total is kept on the request (Kiota copies
    /// request options onto each retry): a retry is logged only when it will really happen, with its real wait.
    /// </remarks>
    public bool ShouldRetry(int delaySeconds, int attempt, HttpResponseMessage response)
    {
        var request = response.RequestMessage;
        var status = (int)response.StatusCode;
        // Kiota consults this callback for every response, so the status filter is ours to apply.
        if (request is null || status is not (429 or 503 or 504)) return false;
        // Stop one short of Kiota's own limit, so the last response reaches the caller as a normal
        // MagicHourException instead of Kiota's "too many retries" AggregateException.
        if (attempt >= maxRetries)
        {
            logger.LogWarning(LogEvents.RetrySkipped, "Giving up on {Method} {Path} after {Retries} retries (HTTP {Status})", request.Method, request.RequestUri?.AbsolutePath, maxRetries, status);
            return false;
        }
        if (status != 429 && !IsSafeToRepeat(request))
        {
            logger.LogInformation(LogEvents.RetrySkipped, "Not retrying {Method} {Path} after HTTP {Status}: the server may have processed it", request.Method, request.RequestUri?.AbsolutePath, status);
            return false;
        }
        var wait = KiotaDelaySeconds(response, attempt, delaySeconds);
        if (!request.Options.TryGetValue(WaitedKey, out var waited))
        {
            waited = new RetryWaits();
            request.Options.Set(WaitedKey, waited);
        }
        if (TimeSpan.FromSeconds(waited.Seconds + wait) > maxRetryAfter)
        {
            logger.LogWarning(LogEvents.RetrySkipped, "Not retrying {Method} {Path}: asked to wait {Delay}s, more than the {Max}s allowed in all (MaxRetryDuration)", request.Method, request.RequestUri?.AbsolutePath, wait, maxRetryAfter.TotalSeconds);
            return false;
        }
        waited.Seconds += wait;
        logger.LogWarning(LogEvents.Retry, "Retrying {Method} {Path} after HTTP {Status} (retry {Attempt} of {Max}, waiting {Delay}s)", request.Method, request.RequestUri?.AbsolutePath, status, attempt + 1, maxRetries, wait);
        return true;
    }

    private static readonly HttpRequestOptionsKey<RetryWaits> WaitedKey = new("MagicHour.RetryWaits");

    /// <summary>Seconds already waited between the tries of one request.</summary>
    private sealed class RetryWaits
    {
        public double Seconds;
    }

    /// <summary>The wait Kiota's RetryHandler 2.x makes before retry number <paramref name="attempt"/> + 1 (mirrors its DelayAsync).</summary>
    private static double KiotaDelaySeconds(HttpResponseMessage response, int attempt, int baseDelay)
    {
        double seconds = Math.Pow(2, attempt) * baseDelay;
        if (response.Headers.TryGetValues("Retry-After", out var values) && values.FirstOrDefault() is { } retryAfter)
        {
            if (int.TryParse(retryAfter, out var whole))
            {
                seconds = whole;
            }
            else if (DateTime.TryParseExact(retryAfter, CultureInfo.InvariantCulture.DateTimeFormat.RFC1123Pattern, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                var span = date - DateTime.Now;
                seconds = span.Seconds > 0 ? span.Seconds : seconds;
            }
        }
        return Math.Min(seconds, 180);
    }
}
