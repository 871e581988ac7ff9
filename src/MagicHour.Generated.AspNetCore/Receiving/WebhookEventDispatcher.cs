using MagicHour.Generated.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MagicHour.Generated.AspNetCore;

/// <summary>
/// Hands the accepted events to the app, one at a time in arrival order, after their deliveries were answered:
/// every registered <see cref="IMagicHourWebhookHandler"/> (in a scope per event), then the
/// <see cref="MagicHourWebhookEvents"/> stream. A handler's exception is logged; the next event still goes out.
/// </summary>
internal sealed class WebhookEventDispatcher(WebhookReceiver receiver, IServiceScopeFactory scopes, MagicHourWebhookEvents stream, ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger("MagicHour.Generated.AspNetCore.Webhooks");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var webhookEvent in receiver.Queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await DispatchAsync(webhookEvent, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task DispatchAsync(MagicHourWebhookEvent webhookEvent, CancellationToken stoppingToken)
    {
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            foreach (var handler in scope.ServiceProvider.GetServices<IMagicHourWebhookHandler>())
            {
                try
                {
                    await handler.HandleAsync(webhookEvent, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    _logger.LogError(ex, "Webhook handler {Handler} failed on {Event}; the delivery was already answered, so it is not retried", handler.GetType().Name, webhookEvent);
                }
            }
        }
        stream.Write(webhookEvent);
    }
}
