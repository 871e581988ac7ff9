namespace MagicHour.Testing;

/// <summary>
/// A TimeProvider whose short timers (waits between polls and retries, up to 30 s or the given longest wait) fire at
/// once and advance the clock by their due time. Longer ones are deadlines (NetworkTimeout 100 s, GenerateOptions.Timeout 30 min, the 60 s stall
/// limit) and never fire: the tests and the poll-schedule benchmark that use it are about the schedule, not about running
/// out of time.
/// </summary>
public sealed class ManualTime(TimeSpan? longestWait = null) : TimeProvider
{
    private readonly TimeSpan _longestWait = longestWait ?? TimeSpan.FromSeconds(30);
    private long _ticks;
    public TimeSpan Elapsed => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));
    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    public override long GetTimestamp() => Interlocked.Read(ref _ticks);
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan && dueTime <= _longestWait)
        {
            Interlocked.Add(ref _ticks, dueTime.Ticks);
            ThreadPool.QueueUserWorkItem(_ => callback(state));
        }
        return new NoopTimer();
    }
    private sealed class NoopTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;
        public void Dispose() { }
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
