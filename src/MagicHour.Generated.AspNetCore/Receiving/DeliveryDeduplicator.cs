using MagicHour.Generated.Webhooks;

namespace MagicHour.Generated.AspNetCore;

/// <summary>
/// Remembers the events accepted (by type and project id) for <see cref="MagicHourWebhookOptions.DuplicateWindow"/>,
/// so a delivery the sender repeats (it retries for a day, and may re-sign the same event) is handed on once. Events
/// without a project id (unknown types) are not remembered here: the replay guard still refuses an identical re-send.
/// </summary>
internal sealed class DeliveryDeduplicator(TimeSpan window, int capacity, TimeProvider time)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, DateTimeOffset Until)> _order = new();

    /// <summary>True the first time an event is seen within the window.</summary>
    public bool TryAccept(MagicHourWebhookEvent webhookEvent)
    {
        if (KeyOf(webhookEvent) is not { } key) return true;
        var now = time.GetUtcNow();
        lock (_gate)
        {
            while (_order.TryPeek(out var oldest) && (oldest.Until < now || _seen.Count >= capacity))
            {
                _order.Dequeue();
                if (_seen.TryGetValue(oldest.Key, out var until) && until == oldest.Until) _seen.Remove(oldest.Key);
            }
            if (_seen.TryGetValue(key, out var remembered) && remembered >= now) return false;
            var forgetAt = now + window;
            _seen[key] = forgetAt;
            _order.Enqueue((key, forgetAt));
            return true;
        }
    }

    /// <summary>Forgets an accepted event (it could not be queued), so its redelivery is accepted.</summary>
    public void Forget(MagicHourWebhookEvent webhookEvent)
    {
        if (KeyOf(webhookEvent) is not { } key) return;
        lock (_gate) _seen.Remove(key);
    }

    private static string? KeyOf(MagicHourWebhookEvent webhookEvent)
        => webhookEvent.ProjectId is { Length: > 0 } id ? webhookEvent.Type + "\n" + id : null;
}
