using Microsoft.Extensions.Logging;

namespace MagicHour.Generated.Http;

/// <summary>
/// The API pipeline's retry and deadline handler, in place of Kiota's RetryHandler (which waits with Task.Delay,
/// so no <see cref="TimeProvider"/> can drive it, and throws AggregateException at its limit). Directly below
/// Kiota's AuthorizationHandler:
/// <list type="number">
/// <item><b>Deadline.</b> <see cref="MagicHourClientOptions.NetworkTimeout"/> bounds the whole call: every attempt,
/// every wait between attempts and the reading of the final body, success or error (<see cref="BoundedContent"/>).
/// The caller's token interrupts all of it.</item>
/// <item><b>Retries</b> as <see cref="ResiliencePolicy"/> decides, within one <see cref="RetryBudget"/> per call.</item>
/// <item><b>Error body limit.</b> A non-2xx body is cut at <see cref="MagicHourClientOptions.MaxResponseBodyBytes"/>.</item>
/// <item><b>No claims re-send.</b> Kiota's AuthorizationHandler re-sends a request answered 401 with a claims
/// challenge. The SDK's key cannot answer one, and the re-send of a create could charge twice, so the response is
/// handed up without its request (which is what makes Kiota stand down), and the decision is logged.</item>
/// <item><b>One exception type.</b> A transport failure or a deadline surfaces as <see cref="MagicHourException"/>
/// with the failure (<see cref="HttpRequestException"/>, <see cref="TimeoutException"/>) as its InnerException.</item>
/// </list>
/// </summary>
internal sealed class ResilienceHandler(ResiliencePolicy policy, TimeSpan networkTimeout, long maxErrorBodyBytes) : DelegatingHandler
{
    private readonly DeadlinePool? _deadlines = DeadlinePool.For(policy.Time);

    // The first attempt, kept small (each local here lives in the per-call state machine); a failed attempt goes
    // on in RetryAsync.
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request is ApiRequestMessage api && policy.Metrics?.RequestDurationEnabled == true) MagicHourMetrics.MarkOperation(request, api.Operation);
        var deadline = new Deadline(networkTimeout, policy.Time, cancellationToken, _deadlines);
        try
        {
            HttpResponseMessage? response = null;
            Exception? failure = null;
            try
            {
                response = await base.SendAsync(request, deadline.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsAttemptFailure(ex, deadline))
            {
                failure = ex;
            }
            if (failure is not null || !response!.IsSuccessStatusCode)
            {
                response = await RetryAsync(request, deadline, response, failure).ConfigureAwait(false);
            }
            response.Content = new BoundedContent(response.Content, deadline, response.IsSuccessStatusCode ? null : maxErrorBodyBytes, request);
            return response;
        }
        catch (OperationCanceledException ex) when (deadline.Expired)
        {
            deadline.Dispose();
            var what = What(request);
            throw ResiliencePolicy.Failed(what, new TimeoutException($"{what} got no answer within {networkTimeout.TotalSeconds:0.#} s (MagicHourClientOptions.NetworkTimeout).", ex), 0);
        }
        catch
        {
            deadline.Dispose();
            throw;
        }
    }

    /// <summary>An attempt that failed in transport (or in Kiota's RedirectHandler) before the deadline or the caller stopped it.</summary>
    private static bool IsAttemptFailure(Exception ex, Deadline deadline)
        => ex is HttpRequestException or IOException or InvalidOperationException && !deadline.Token.IsCancellationRequested;

    /// <summary>
    /// After a failed attempt (<paramref name="failure"/>, or an error status in <paramref name="response"/>): retries
    /// as the policy decides, within one budget for the call. Returns the response to hand up (a success, or the error
    /// status that is final), or throws the call's <see cref="MagicHourException"/>.
    /// </summary>
    private async Task<HttpResponseMessage> RetryAsync(HttpRequestMessage request, Deadline deadline, HttpResponseMessage? response, Exception? failure)
    {
        var budget = policy.NewBudget();
        var safe = ResiliencePolicy.IsSafeToRepeat(request.Method, request.RequestUri);
        // API bodies are buffered JSON; anything else cannot be sent twice.
        var replayable = request.Content is null or ByteArrayContent;
        while (true)
        {
            if (failure is InvalidOperationException)
            {
                // Kiota's RedirectHandler: a redirect loop, or a 3xx without Location.
                throw new MagicHourException($"{What(request)} failed: {failure.Message}.", MagicHourErrorKind.Other, null, failure);
            }
            if (failure is not null)
            {
                if (!replayable || !await policy.RetryAsync(budget, What(request), 0, failure, null, safe, storage: false, deadline.Token, deadline.Left, request: request).ConfigureAwait(false))
                {
                    throw ResiliencePolicy.Failed(What(request), failure, 0);
                }
            }
            else
            {
                DeclineClaimsChallenge(response!, request);
                if (!replayable || !await policy.RetryAsync(budget, What(request), (int)response!.StatusCode, null, response, safe, storage: false, deadline.Token, deadline.Left, response.Dispose, request).ConfigureAwait(false))
                {
                    return response!;
                }
            }
            var message = await CloneAsync(request, deadline.Token).ConfigureAwait(false);
            response = null;
            failure = null;
            try
            {
                response = await base.SendAsync(message, deadline.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsAttemptFailure(ex, deadline))
            {
                failure = ex;
            }
            if (failure is null && response!.IsSuccessStatusCode) return response;
        }
    }

    /// <summary>"POST /v1/...": built only when a message needs it, never on the success path.</summary>
    internal static string What(HttpRequestMessage request) => $"{request.Method} {request.RequestUri?.AbsolutePath}";

    private void DeclineClaimsChallenge(HttpResponseMessage response, HttpRequestMessage request)
    {
        if (response.StatusCode != System.Net.HttpStatusCode.Unauthorized || response.RequestMessage is null) return;
        foreach (var challenge in response.Headers.WwwAuthenticate)
        {
            if (challenge.Parameter?.Contains("claims", StringComparison.OrdinalIgnoreCase) == true)
            {
                policy.Logger.LogWarning(LogEvents.RetrySkipped, "Not answering the claims challenge of {What} (HTTP 401): an API key cannot satisfy it, and a re-sent create could charge twice", What(request));
                response.RequestMessage = null;
                return;
            }
        }
    }

    private static async Task<HttpRequestMessage> CloneAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var clone = request is ApiRequestMessage api
            ? new ApiRequestMessage(request.Method, request.RequestUri!, api.Operation)
            : new HttpRequestMessage(request.Method, request.RequestUri);
        clone.Version = request.Version;
        clone.VersionPolicy = request.VersionPolicy;
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
