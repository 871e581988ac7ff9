using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace MagicHour.Generated.Http;

/// <summary>
/// The SDK's own safeguards around every request, below Kiota's handlers, in one handler so that a call pays
/// one async hop for them instead of three (docs/benchmarks.md, per-call allocations):
/// <list type="number">
/// <item><b>API timeout.</b> API calls get <see cref="MagicHourClientOptions.NetworkTimeout"/> each. The HttpClient
/// itself has no timeout, because storage transfers of large files may legitimately take longer than any fixed limit.</item>
/// <item><b>Connection-failure retry.</b> Kiota's RetryHandler sees status codes only. A request whose connection could
/// not even be opened was never received, so any request may be repeated; one that failed later (reset mid-way) is
/// repeated only if it is safe to repeat. Streamed bodies (uploads) are never repeated here: their stream is spent,
/// and the uploader reopens the file itself.</item>
/// <item><b>Error body limit.</b> Every error response's body (status not 2xx) is cut at
/// <see cref="MagicHourClientOptions.MaxResponseBodyBytes"/>. Success bodies are bounded where they are parsed
/// (<see cref="ResponseBody"/>), but error bodies are also read elsewhere: for statuses the spec does not list (a
/// proxy's 502 page) and by Kiota's RetryHandler before each retry.</item>
/// </list>
/// </summary>
internal sealed class CallGuardHandler(Func<Uri, bool> isApiHost, TimeSpan apiTimeout, long maxErrorBodyBytes, int maxRetries, TimeProvider time, ILogger logger)
    : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        CancellationTokenSource? timeout = null;
        if (request.RequestUri is not null && isApiHost(request.RequestUri))
        {
            timeout = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken) : new CancellationTokenSource();
            timeout.CancelAfter(apiTimeout);
        }
        try
        {
            var token = timeout?.Token ?? cancellationToken;
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    var message = attempt == 0 ? request : await CloneAsync(request, token).ConfigureAwait(false);
                    var response = await base.SendAsync(message, token).ConfigureAwait(false);
                    if (!response.IsSuccessStatusCode && response.Content is not (null or LimitedErrorContent))
                    {
                        response.Content = new LimitedErrorContent(response.Content, maxErrorBodyBytes);
                    }
                    return response;
                }
                catch (HttpRequestException ex) when (attempt < maxRetries && CanRepeat(request, ex) && !token.IsCancellationRequested)
                {
                    var delay = TimeSpan.FromMilliseconds(200 * Math.Pow(2, attempt));
                    logger.LogWarning(LogEvents.Retry, "Retrying {Method} {Path} after a connection failure ({Error}), attempt {Attempt}", request.Method, request.RequestUri?.AbsolutePath, ex.HttpRequestError, attempt + 1);
                    await Task.Delay(delay, time, token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException ex) when (timeout is not null && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{request.Method} {request.RequestUri!.AbsolutePath} got no answer within {apiTimeout.TotalSeconds:0.#} s (MagicHourClientOptions.NetworkTimeout).", ex);
        }
        finally
        {
            timeout?.Dispose();
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
