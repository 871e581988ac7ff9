namespace MagicHour.Testing;

/// <summary>
/// A fake clock shared by an emulator and the SDK client under test, so that neither waits on real time.
/// <list type="bullet">
/// <item>A timer due within <see cref="LongestWait"/> (a wait between polls or retries, a short render) is a
/// <b>wait</b>: it moves the clock to its due time at once and fires, together with every other timer due by then,
/// in due order.</item>
/// <item>A longer one is a <b>deadline</b> (NetworkTimeout, GenerateOptions.Timeout, the transfer stall limit, an
/// emulator fault that stalls a request): it fires only when the clock reaches it, because waits added up to it or
/// because the test called <see cref="Advance"/>. A test that stalls the server waits for the server's stall timer
/// (<see cref="WhenWaitingAsync"/>: the server has reached the stall point) and then advances the clock past the
/// deadline it is about, instead of sitting out seconds of real time.</item>
/// </list>
/// <see cref="GetUtcNow"/> starts at the real time of construction, so timestamps stay plausible.
/// </summary>
public sealed class JumpClock(TimeSpan? longestWait = null) : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<Timer> _timers = [];
    private readonly List<(TimeSpan Due, TaskCompletionSource Seen)> _watchers = [];
    private readonly DateTimeOffset _start = DateTimeOffset.UtcNow;
    private long _ticks;

    /// <summary>Timers due within this are waits and fire at once; longer ones are deadlines. Default 3 s.</summary>
    public TimeSpan LongestWait { get; } = longestWait ?? TimeSpan.FromSeconds(3);

    /// <summary>Fake time gone by since construction.</summary>
    public TimeSpan Elapsed => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));

    public override DateTimeOffset GetUtcNow() => _start + Elapsed;
    public override long GetTimestamp() => Interlocked.Read(ref _ticks);
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>Moves the clock on by <paramref name="by"/>, firing every timer due by then.</summary>
    public void Advance(TimeSpan by)
    {
        lock (_gate) _ticks += by.Ticks;
        FireDue();
    }

    /// <summary>
    /// Completes once a timer of exactly <paramref name="due"/> has been started (and not yet fired or disposed):
    /// the emulator's stall (<c>EmulatorFaultKind.Delay</c>) or a client deadline is running.
    /// </summary>
    public Task WhenWaitingAsync(TimeSpan due, CancellationToken cancellationToken = default)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_timers.Any(t => t.Due == due)) return Task.CompletedTask;
            _watchers.Add((due, seen));
        }
        return seen.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private void Schedule(Timer timer, TimeSpan due, TimeSpan period)
    {
        var jump = false;
        lock (_gate)
        {
            _timers.Remove(timer);
            timer.Version++;
            if (due == Timeout.InfiniteTimeSpan) return;
            timer.Due = due;
            timer.Period = period;
            timer.At = _ticks + due.Ticks;
            _timers.Add(timer);
            for (var i = _watchers.Count - 1; i >= 0; i--)
            {
                if (_watchers[i].Due != due) continue;
                _watchers[i].Seen.TrySetResult();
                _watchers.RemoveAt(i);
            }
            if (due <= LongestWait)
            {
                _ticks = Math.Max(_ticks, timer.At);
                jump = true;
            }
        }
        if (jump) FireDue();
    }

    private void Remove(Timer timer)
    {
        lock (_gate)
        {
            timer.Version++;
            _timers.Remove(timer);
        }
    }

    private void FireDue()
    {
        var due = new List<(Timer Timer, int Version)>();
        lock (_gate)
        {
            foreach (var timer in _timers.Where(t => t.At <= _ticks).OrderBy(t => t.At).ToList())
            {
                due.Add((timer, timer.Version));
                _timers.Remove(timer);
                if (timer.Period > TimeSpan.Zero && timer.Period != Timeout.InfiniteTimeSpan)
                {
                    timer.At = Math.Max(timer.At + timer.Period.Ticks, _ticks + 1);
                    timer.Due = timer.Period;
                    _timers.Add(timer);
                }
            }
        }
        // Off the caller's stack (it may be constructing the timer), one after the other in due order.
        if (due.Count > 0) ThreadPool.QueueUserWorkItem(_ => due.ForEach(t => t.Timer.Fire(t.Version)));
    }

    private sealed class Timer(JumpClock clock, TimerCallback callback, object? state) : ITimer
    {
        public TimeSpan Due { get; set; }
        public TimeSpan Period { get; set; }
        public long At { get; set; }
        /// <summary>Changed on every (re)start, so a firing queued before a restart is dropped.</summary>
        public int Version { get; set; }
        private volatile bool _disposed;

        public void Fire(int version)
        {
            if (!_disposed && Version == version) callback(state);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (_disposed) return false;
            clock.Schedule(this, dueTime, period);
            return true;
        }

        public void Dispose()
        {
            _disposed = true;
            clock.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
