using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using MagicHour.Generated.AspNetCore;
using MagicHour.Generated.Webhooks;

namespace Webhooks;

// Several instances behind a load balancer: a delivery reaches one of them. The two classes below are the package
// README's (MagicHour.Generated.AspNetCore, "Several instances"): the instance that received an end event puts it
// on a bus, and every instance ends its own waits with what the bus brings.

/// <summary>Your bus client, whatever it is: publish a message to every instance, and read what the others published.</summary>
public interface IEventBus
{
    Task PublishAsync(string message, CancellationToken cancellationToken);
    IAsyncEnumerable<string> SubscribeAsync(CancellationToken cancellationToken);
}

/// <summary>Each instance forwards the end events it received (registered with <c>.AddWebhookHandler&lt;ForwardToBus&gt;()</c>) ...</summary>
public sealed class ForwardToBus(IEventBus bus) : IMagicHourWebhookHandler
{
    public Task HandleAsync(MagicHourWebhookEvent webhookEvent, CancellationToken cancellationToken)
        => webhookEvent.IsCompleted || webhookEvent.IsErrored
            ? bus.PublishAsync($"{{\"type\":{JsonSerializer.Serialize(webhookEvent.Type)},\"payload\":{webhookEvent.RawPayload.GetRawText()}}}", cancellationToken)
            : Task.CompletedTask;
}

/// <summary>... and ends its own waits with what the bus brings (registered with <c>services.AddHostedService&lt;EventsFromBus&gt;()</c>).</summary>
public sealed class EventsFromBus(IEventBus bus, MagicHourProjectEvents projectEvents) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var message in bus.SubscribeAsync(stoppingToken))
            projectEvents.Publish(MagicHourWebhook.Parse(message));
    }
}

/// <summary>The test's stand-in for Redis pub/sub or a service bus: every message reaches every subscriber, in order.</summary>
public sealed class InMemoryBus : IEventBus
{
    private readonly List<Channel<string>> _subscribers = [];

    public Task PublishAsync(string message, CancellationToken cancellationToken)
    {
        lock (_subscribers)
        {
            foreach (var subscriber in _subscribers) subscriber.Writer.TryWrite(message);
        }
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<string> SubscribeAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<string>();
        lock (_subscribers) _subscribers.Add(channel);
        await foreach (var message in channel.Reader.ReadAllAsync(cancellationToken)) yield return message;
    }
}
