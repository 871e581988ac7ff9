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
        if (TimeSpan.FromSeconds(delaySeconds) > maxRetryAfter)
        {
            logger.LogWarning(LogEvents.RetrySkipped, "Not retrying {Method} {Path}: asked to wait {Delay}s, more than the {Max}s allowed", request.Method, request.RequestUri?.AbsolutePath, delaySeconds, maxRetryAfter.TotalSeconds);
            return false;
        }
        logger.LogWarning(LogEvents.Retry, "Retrying {Method} {Path} after HTTP {Status} (attempt {Attempt}, waiting {Delay}s)", request.Method, request.RequestUri?.AbsolutePath, status, attempt, delaySeconds);
        return true;
    }
}
