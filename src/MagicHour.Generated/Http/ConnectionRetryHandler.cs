using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace MagicHour.Generated.Http;

/// <summary>
/// Retries requests that failed at the connection level, which Kiota's RetryHandler (status codes only)
/// does not see. A request whose connection could not even be opened was never received, so any request
/// may be repeated; one that failed later (reset mid-way) is repeated only if it is safe to repeat.
/// Requests with streamed bodies (uploads) are never repeated here: their stream is spent, and the
/// uploader reopens the file itself.
/// </summary>
internal sealed class ConnectionRetryHandler(int maxRetries, TimeProvider time, ILogger logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await base.SendAsync(attempt == 0 ? request : await CloneAsync(request, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex) when (attempt < maxRetries && CanRepeat(request, ex) && !cancellationToken.IsCancellationRequested)
            {
                var delay = TimeSpan.FromMilliseconds(200 * Math.Pow(2, attempt));
                logger.LogWarning(LogEvents.Retry, "Retrying {Method} {Path} after a connection failure ({Error}), attempt {Attempt}", request.Method, request.RequestUri?.AbsolutePath, ex.HttpRequestError, attempt + 1);
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static bool CanRepeat(HttpRequestMessage request, HttpRequestException ex)
    {
        if (request.Content is not (null or ByteArrayContent)) return false;
        var neverSent = ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
            || ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused };
        return neverSent || RetryPolicy.IsSafeToRepeat(request);
    }

    private static async Task<HttpRequestMessage> CloneAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var clone = new HttpRequestMessage(request.Method, request.RequestUri) { Version = request.Version, VersionPolicy = request.VersionPolicy };
        foreach (var header in request.Headers) clone.Headers.TryAddWithoutValidation(header.Key, header.Value);
        foreach (var option in request.Options) ((IDictionary<string, object?>)clone.Options)[option.Key] = option.Value;
        if (request.Content is ByteArrayContent content)
        {
            var bytes = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            clone.Content = new ByteArrayContent(bytes);
            foreach (var header in content.Headers) clone.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        return clone;
    }
}
