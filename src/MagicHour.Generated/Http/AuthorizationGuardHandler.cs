namespace MagicHour.Generated.Http;

/// <summary>
/// The last handler before the network: strips any Authorization header from a request that is not for
/// the API authority. Kiota's token provider already withholds the key from other hosts; this also covers
/// headers copied onto a redirected request, so the key can never reach storage or a redirect target.
/// </summary>
internal sealed class AuthorizationGuardHandler(Func<Uri, bool> isApiHost) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is null || !isApiHost(request.RequestUri))
        {
            request.Headers.Authorization = null;
        }
        return base.SendAsync(request, cancellationToken);
    }
}
