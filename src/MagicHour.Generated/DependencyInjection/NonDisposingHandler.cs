namespace MagicHour.Generated;

/// <summary>
/// Puts a caller-owned transport (<see cref="MagicHourClientOptions.Transport"/>) under IHttpClientFactory, which
/// disposes expired handler chains: the caller's handler must survive that, so this wrapper never disposes it.
/// </summary>
internal sealed class NonDisposingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override void Dispose(bool disposing)
    {
        // Deliberately not base.Dispose: that would dispose the caller's handler.
    }
}
