namespace MagicHour.Generated.Http;

/// <summary>
/// The API pipeline's last handler before the network: strips any Authorization header from a request that is not
/// for the API authority. Kiota's token provider already withholds the key from other hosts; this also covers
/// headers copied onto a redirected request, so the key can never reach a redirect target. Pre-signed storage URLs
/// never pass here: they go through the storage pipeline, which has no authorization at all.
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
