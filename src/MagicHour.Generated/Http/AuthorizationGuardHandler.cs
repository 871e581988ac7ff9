namespace MagicHour.Generated.Http;

/// <summary>
/// The last handler before the network: strips any Authorization header from a request that is not for
/// the API authority. Kiota's token provider already withholds the key from other hosts; this also covers
/// headers copied onto a redirected request, so the key can never reach storage or a redirect target.
/// Requests to pre-signed storage URLs are also marked (<see cref="MarkAsStorage"/>) and never carry the
/// key, even when storage shares the API's host (as on the emulator).
/// </summary>
internal sealed class AuthorizationGuardHandler(Func<Uri, bool> isApiHost) : DelegatingHandler
{
    private static readonly HttpRequestOptionsKey<bool> StorageRequest = new("MagicHour.StorageRequest");

    /// <summary>Marks a request to a pre-signed upload or download URL: it must never carry the key.</summary>
    public static void MarkAsStorage(HttpRequestMessage request) => request.Options.Set(StorageRequest, true);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var isStorage = request.Options.TryGetValue(StorageRequest, out var flagged) && flagged;
        if (isStorage || request.RequestUri is null || !isApiHost(request.RequestUri))
        {
            request.Headers.Authorization = null;
        }
        return base.SendAsync(request, cancellationToken);
    }
}
