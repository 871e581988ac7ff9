using Microsoft.Kiota.Abstractions.Authentication;

namespace MagicHour.Generated.Http;

/// <summary>
/// Gives Kiota's AuthorizationHandler the API key, but only for the API host: for any other host
/// (upload and download URLs on storage) it returns an empty token, and no Authorization header is sent.
/// </summary>
internal sealed class ApiHostTokenProvider : IAccessTokenProvider
{
    private static readonly Task<string> NoToken = Task.FromResult(string.Empty);
    private readonly Task<string> _apiKey;

    public ApiHostTokenProvider(string apiKey, Uri apiBaseUrl)
    {
        _apiKey = Task.FromResult(apiKey);
        AllowedHostsValidator = new AllowedHostsValidator([apiBaseUrl.Host]);
        ApiAuthority = apiBaseUrl.GetLeftPart(UriPartial.Authority);
    }

    /// <summary>scheme://host:port of the API; the key is only for requests to exactly this authority.</summary>
    public string ApiAuthority { get; }

    public AllowedHostsValidator AllowedHostsValidator { get; }

    public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default)
        => IsApiHost(uri) ? _apiKey : NoToken;

    /// <summary>Host validation plus an exact scheme/port match: storage on the same host but another port gets no key.</summary>
    public bool IsApiHost(Uri uri)
        => AllowedHostsValidator.IsUrlHostValid(uri) && string.Equals(uri.GetLeftPart(UriPartial.Authority), ApiAuthority, StringComparison.OrdinalIgnoreCase);

    public override string ToString() => $"ApiHostTokenProvider {{ Host = {ApiAuthority}, Key = *** }}";
}
