namespace MagicHour.Generated.Http;

/// <summary>
/// Records <c>http.client.request.duration</c> for every request that reaches the transport (each retry attempt and
/// redirect hop on its own, as the OpenTelemetry HTTP client conventions count them): from sending until the response
/// headers arrive, on the client's <see cref="TimeProvider"/>. The innermost handler of both pipelines.
/// </summary>
internal sealed class MetricsHandler(MagicHourMetrics metrics, TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!metrics.RequestDurationEnabled) return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var started = time.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            metrics.RequestCompleted(time.GetElapsedTime(started), request, (int)response.StatusCode, null);
            return response;
        }
        catch (Exception ex)
        {
            metrics.RequestCompleted(time.GetElapsedTime(started), request, null, ex is OperationCanceledException ? "canceled" : ex.GetType().FullName);
            throw;
        }
    }
}
