namespace MagicHour.Generated.Http;

/// <summary>
/// An API request that carries the id of its operation (for the metrics' <c>magichour.operation</c> tag) in a field
/// rather than in <see cref="HttpRequestMessage.Options"/>, whose dictionary would cost every call about 140 bytes.
/// <see cref="ResilienceHandler"/> copies it into the options only while the request-duration instrument is listened
/// to, so that a redirect hop (a clone made by Kiota's RedirectHandler, which copies the options) keeps it too.
/// </summary>
internal sealed class ApiRequestMessage(HttpMethod method, Uri url, string operation) : HttpRequestMessage(method, url)
{
    public string Operation { get; } = operation;
}
