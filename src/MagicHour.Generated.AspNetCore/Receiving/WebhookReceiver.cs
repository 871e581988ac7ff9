using System.Threading.Channels;
using MagicHour.Generated.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MagicHour.Generated.AspNetCore;

/// <summary>
/// One delivery, start to answer: read the raw body (bounded), verify signature and window over its exact bytes
/// (<see cref="MagicHourWebhookReplayGuard"/>: an identical re-send is refused), parse, drop a repeated event, end the
/// waits for its project (<see cref="MagicHourProjectEvents"/>), queue it for the handlers, answer. Nothing slow runs
/// before the answer: the vendor wants 2xx within 10 s and retries otherwise.
/// </summary>
internal sealed class WebhookReceiver
{
    private readonly MagicHourWebhookOptions _options;
    private readonly string _secret;
    private readonly MagicHourWebhookReplayGuard _guard;
    private readonly DeliveryDeduplicator _duplicates;
    private readonly MagicHourProjectEvents _events;
    private readonly ILogger _logger;

    public WebhookReceiver(IOptions<MagicHourWebhookOptions> options, IOptions<MagicHourClientOptions> client, MagicHourProjectEvents events, ILoggerFactory loggers)
    {
        _options = options.Value;
        _secret = _options.Secret ?? throw new InvalidOperationException("The Magic Hour webhook secret is not set.");
        var time = client.Value.TimeProvider ?? TimeProvider.System;
        _guard = new MagicHourWebhookReplayGuard(_options.Tolerance, _options.MaxRememberedEvents, time);
        _duplicates = new DeliveryDeduplicator(_options.DuplicateWindow, _options.MaxRememberedEvents, time);
        _events = events;
        _logger = loggers.CreateLogger("MagicHour.Generated.AspNetCore.Webhooks");
        Queue = Channel.CreateBounded<MagicHourWebhookEvent>(new BoundedChannelOptions(_options.QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    /// <summary>Accepted events waiting for the handlers (<see cref="WebhookEventDispatcher"/> reads them).</summary>
    public Channel<MagicHourWebhookEvent> Queue { get; }

    public async Task ReceiveAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var body = await ReadBodyAsync(request, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            _logger.LogWarning("Refused a webhook delivery: its body is larger than {MaxBodyBytes} bytes (MagicHourWebhookOptions.MaxBodyBytes)", _options.MaxBodyBytes);
            response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        MagicHourWebhookEvent webhookEvent;
        try
        {
            webhookEvent = _guard.VerifyAndParse(body, request.Headers[MagicHourWebhook.SignatureHeader], request.Headers[MagicHourWebhook.TimestampHeader], _secret);
        }
        catch (MagicHourWebhookException ex) when (ex.Failure == MagicHourWebhookFailure.Replayed)
        {
            _logger.LogDebug("Ignored a webhook delivery already accepted (the same signed request again)");
            response.StatusCode = StatusCodes.Status200OK;
            return;
        }
        catch (MagicHourWebhookException ex) when (ex.Failure == MagicHourWebhookFailure.MalformedPayload)
        {
            _logger.LogWarning("Refused a signed webhook delivery whose body is not an event: {Reason}", ex.Message);
            response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        catch (MagicHourWebhookException ex)
        {
            // Not from Magic Hour (or a clock far off): say nothing about why to the caller, log it here.
            _logger.LogWarning("Refused a webhook delivery that does not verify ({Failure}): {Reason}", ex.Failure, ex.Message);
            response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        if (!_duplicates.TryAccept(webhookEvent))
        {
            _logger.LogDebug("Ignored a repeated webhook delivery of {Event}", webhookEvent);
            response.StatusCode = StatusCodes.Status200OK;
            return;
        }

        var ended = _events.Publish(webhookEvent);
        if (!Queue.Writer.TryWrite(webhookEvent))
        {
            _duplicates.Forget(webhookEvent);
            _logger.LogWarning("Webhook handlers are {Capacity} events behind; answered {Event} with 503 so the sender retries it", _options.QueueCapacity, webhookEvent);
            response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            response.Headers.RetryAfter = "30";
            return;
        }
        _logger.LogInformation("Received webhook {Event}; it ended {Waits} wait(s) in this process", webhookEvent, ended);
        response.StatusCode = StatusCodes.Status200OK;
    }

    /// <summary>The body's exact bytes, or null when it is larger than allowed.</summary>
    private async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var limit = _options.MaxBodyBytes;
        if (request.ContentLength > limit) return null;
        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 4096);
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
