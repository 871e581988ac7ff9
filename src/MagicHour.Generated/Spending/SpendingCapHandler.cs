using MagicHour.Generated.Http;
using Microsoft.Extensions.Logging;

namespace MagicHour.Generated;

/// <summary>
/// The spending cap, outermost in the API pipeline so it sees every create once (whatever the retries below it do),
/// from GenerateAsync and from the resource clients' CreateAsync alike: counts the create in the
/// <see cref="CreditLedger"/> before it is sent (or refuses it), and settles the count with what the answer says.
/// A 2xx answer is settled by <see cref="ApiCall.ReadAsync{T}"/> with the credits it read; one that is never read
/// whole counts at the expected cost when the response is disposed.
/// </summary>
internal sealed class SpendingCapHandler(CreditLedger ledger, long? clientCap, ILogger logger) : DelegatingHandler
{
    // Not async for the requests that are not creates: they pass through without a state machine.
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        => CreateOperations.Match(request) is { } operation ? SendCreateAsync(request, operation, cancellationToken) : base.SendAsync(request, cancellationToken);

    private async Task<HttpResponseMessage> SendCreateAsync(HttpRequestMessage request, string operation, CancellationToken cancellationToken)
    {
        var callCap = CreditLedger.CallLimit.Value;
        var cap = clientCap is { } c && callCap is { } k ? Math.Min(c, k) : clientCap ?? callCap;
        CreditLedger.Reservation reservation;
        try
        {
            reservation = await ledger.ReserveAsync(operation, cap, cancellationToken).ConfigureAwait(false);
        }
        catch (MagicHourException ex) when (ex.Kind == MagicHourErrorKind.CreditLimitReached)
        {
            logger.LogWarning(LogEvents.CreditLimitReached, "{Message}", ex.Message);
            throw;
        }

        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            if (ResiliencePolicy.NeverOpened(ResiliencePolicy.TransportFailureOf(ex))) reservation.NotCharged();
            else reservation.MaybeCharged();
            throw;
        }

        var status = (int)response.StatusCode;
        if (status is >= 200 and < 300)
        {
            response.RequestMessage ??= request;
            // ApiCall settles it with the credits the answer reports (the content, always a BoundedContent from the
            // ResilienceHandler below, carries it there); otherwise it counts at the expected cost.
            if (response.Content is BoundedContent body) body.Reservation = reservation;
            else reservation.MaybeCharged();
        }
        else if (status >= 500)
        {
            reservation.MaybeCharged();
        }
        else
        {
            reservation.NotCharged();
        }
        return response;
    }
}
