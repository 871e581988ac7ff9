namespace MagicHour.Emulator;

/// <summary>
/// RequestsByRoute: "ROUTEKEY OUTCOME" → count, plus waiters that complete when a count is reached. Some outcomes
/// ("aborted" after a client leaves mid-body) are only known after the client has moved on, so a test waits on
/// the count instead of guessing how long the server takes to notice.
/// </summary>
internal sealed class RequestCounter
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly List<(string Key, long Count, TaskCompletionSource Done)> _waiters = [];

    public void Count(string key)
    {
        lock (_lock)
        {
            _counts[key] = _counts.GetValueOrDefault(key) + 1;
            ReleaseWaiters();
        }
    }

    /// <summary>Re-labels one request already counted under <paramref name="from"/> (e.g. a 200 whose client left mid-body) as <paramref name="to"/>.</summary>
    public void Move(string from, string to)
    {
        lock (_lock)
        {
            if (_counts.TryGetValue(from, out var n) && n > 0)
            {
                if (n == 1)
                {
                    _counts.Remove(from);
                }
                else
                {
                    _counts[from] = n - 1;
                }
            }
            _counts[to] = _counts.GetValueOrDefault(to) + 1;
            ReleaseWaiters();
        }
    }

    public SortedDictionary<string, long> Snapshot()
    {
        lock (_lock)
        {
            return new SortedDictionary<string, long>(_counts, StringComparer.Ordinal);
        }
    }

    /// <summary>Completes once <paramref name="key"/> has been counted at least <paramref name="count"/> times.</summary>
    public Task WhenCounted(string key, long count)
    {
        lock (_lock)
        {
            if (_counts.GetValueOrDefault(key) >= count)
            {
                return Task.CompletedTask;
            }
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((key, count, done));
            return done.Task;
        }
    }

    private void ReleaseWaiters()
    {
        for (var i = _waiters.Count - 1; i >= 0; i--)
        {
            var (key, count, done) = _waiters[i];
            if (_counts.GetValueOrDefault(key) >= count)
            {
                _waiters.RemoveAt(i);
                done.TrySetResult();
            }
        }
    }
}
