namespace MagicHour.Generated.Http;

/// <summary>
/// Records <c>http.client.request.duration</c> for every request that reaches the transport (each retry attempt and
/// redirect hop on its own, as the OpenTelemetry HTTP client conventions count them): from sending until the response
/// headers arrive, on the client's <see cref="TimeProvider"/>. The innermost handler of both pipelines.
/// </summary>
internal sealed class MetricsHandler(MagicHourMetrics metrics, TimeProvider time) : DelegatingHandler
{
    // Not async when nobody listens: a pass-through costs no state machine.
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        => metrics.RequestDurationEnabled ? SendMeasuredAsync(request, cancellationToken) : base.SendAsync(request, cancellationToken);

    private async Task<HttpResponseMessage> SendMeasuredAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
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
