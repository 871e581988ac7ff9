using System.Runtime.CompilerServices;
using System.Threading.Channels;
using MagicHour.Generated.Webhooks;

namespace MagicHour.Generated.AspNetCore;

/// <summary>
/// The received events as an async stream, for code that would rather loop than implement
/// <see cref="IMagicHourWebhookHandler"/> (inject it; registered by <c>AddWebhooks()</c>):
/// <code>
/// await foreach (var evt in events.ReadAllAsync(stoppingToken)) { ... }
/// </code>
/// Each reader sees the events accepted after it started reading, in order, after the handlers had them.
/// A reader that falls more than <see cref="ReaderCapacity"/> events behind loses the oldest ones.
/// </summary>
public sealed class MagicHourWebhookEvents
{
    /// <summary>How many events wait for one reader before the oldest are dropped.</summary>
    public const int ReaderCapacity = 1_000;

    private readonly object _gate = new();
    private readonly List<Channel<MagicHourWebhookEvent>> _readers = [];

    /// <summary>Created by <c>AddWebhooks()</c>.</summary>
    internal MagicHourWebhookEvents()
    {
    }

    /// <summary>The events accepted from now on, until <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="cancellationToken">Ends the stream (the loop ends with an <see cref="OperationCanceledException"/>).</param>
    /// <returns>The events, in the order they arrived.</returns>
    public async IAsyncEnumerable<MagicHourWebhookEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateBounded<MagicHourWebhookEvent>(new BoundedChannelOptions(ReaderCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_gate) _readers.Add(channel);
        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return item;
            }
        }
        finally
        {
            lock (_gate) _readers.Remove(channel);
        }
    }

    internal void Write(MagicHourWebhookEvent webhookEvent)
    {
        lock (_gate)
        {
            foreach (var reader in _readers) reader.Writer.TryWrite(webhookEvent);
        }
    }
}
