namespace MagicHour.Generated.Http;

/// <summary>
/// Applies the per-request timeout to API calls only. The HttpClient itself has no timeout, because
/// storage transfers of large files may legitimately take longer than any fixed limit.
/// </summary>
internal sealed class ApiTimeoutHandler(Func<Uri, bool> isApiHost, TimeSpan timeout) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is null || !isApiHost(request.RequestUri))
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            return await base.SendAsync(request, cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{request.Method} {request.RequestUri.AbsolutePath} got no answer within {timeout.TotalSeconds:0.#} s (MagicHourClientOptions.NetworkTimeout).", ex);
        }
    }
}
