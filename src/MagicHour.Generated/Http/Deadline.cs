namespace MagicHour.Generated.Http;

/// <summary>
/// A time limit on the client's <see cref="TimeProvider"/>, joined with the caller's token: <see cref="Token"/> is
/// cancelled when the time is up or the caller cancels. <see cref="Expired"/> tells the two apart (a deadline is
/// reported as a timeout, the caller's cancellation as a cancellation). One CTS and one registration, no linked source;
/// with a <see cref="DeadlinePool"/> the CTS (and its timer and registration nodes) is a reset one from the pool.
/// </summary>
internal sealed class Deadline : IDisposable
{
    private static readonly CancellationToken Ended = new(canceled: true);

    private readonly CancellationTokenSource _cts;
    private readonly CancellationTokenRegistration _outer;
    private readonly CancellationToken _callerToken;
    private readonly TimeProvider _time;
    private readonly DeadlinePool? _pool;
    private readonly long _started;
    private int _disposed;

    /// <param name="limit">The time allowed; <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <param name="time">The clock.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    /// <param name="pool">Where the CTS comes from and goes back to; null: a new one, disposed at the end.</param>
    public Deadline(TimeSpan limit, TimeProvider time, CancellationToken cancellationToken, DeadlinePool? pool = null)
    {
        // Longer than a .NET timer can wait (about 24.8 days; GenerateOptions.Timeout may be TimeSpan.MaxValue): no limit.
        Limit = limit > MaxTimer ? Timeout.InfiniteTimeSpan : limit;
        _time = time;
        _started = time.GetTimestamp();
        _callerToken = cancellationToken;
        _pool = Limit == Timeout.InfiniteTimeSpan || time != TimeProvider.System ? null : pool;
        _cts = _pool?.Rent(Limit) ?? (Limit == Timeout.InfiniteTimeSpan ? new CancellationTokenSource() : new CancellationTokenSource(Limit, time));
        if (cancellationToken.CanBeCanceled)
        {
            _outer = cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), _cts);
        }
    }

    private static readonly TimeSpan MaxTimer = TimeSpan.FromMilliseconds(int.MaxValue - 1);

    public TimeSpan Limit { get; }

    /// <summary>The caller's token this deadline listens to.</summary>
    public CancellationToken CallerToken => _callerToken;

    /// <summary>Cancelled when the time is up or the caller cancels (and once disposed: a pooled CTS may serve another call then).</summary>
    public CancellationToken Token => _pool is null || Volatile.Read(ref _disposed) == 0 ? _cts.Token : Ended;

    /// <summary>The time is up (and the caller did not cancel).</summary>
    public bool Expired => (_pool is null || Volatile.Read(ref _disposed) == 0 ? _cts.IsCancellationRequested : Left <= TimeSpan.Zero) && !_callerToken.IsCancellationRequested;

    /// <summary>The time left, or null without a limit.</summary>
    public TimeSpan? Left => Limit == Timeout.InfiniteTimeSpan ? null : Limit - _time.GetElapsedTime(_started);

    /// <summary>Starts the time again (a transfer moved data).</summary>
    public void Restart()
    {
        if (Limit == Timeout.InfiniteTimeSpan || Volatile.Read(ref _disposed) != 0 || _cts.IsCancellationRequested) return;
        try
        {
            _cts.CancelAfter(Limit);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Ends the deadline (once; later calls do nothing). A pooled CTS goes back only when nothing can still cancel it.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        // Waits for a caller's cancellation that is running: after this line only the timer can cancel the CTS.
        _outer.Dispose();
        if (_pool is not null && Left > DeadlinePool.SafetyMargin) _pool.Return(_cts);
        else _cts.Dispose();
    }
}

/// <summary>
/// Reset <see cref="CancellationTokenSource"/>s for the per-call deadlines of one pipeline, so a call does not pay for a
/// new CTS, its timer, its registration list and its registration nodes (about 300 bytes). Only for
/// <see cref="TimeProvider.System"/>, whose timer cannot fire before its time: a CTS is taken back only when it is not
/// cancelled, its time is at least <see cref="SafetyMargin"/> away (so the timer is not about to fire while it is reset)
/// and <see cref="CancellationTokenSource.TryReset"/> succeeds; anything else is disposed.
/// </summary>
internal sealed class DeadlinePool
{
    /// <summary>A CTS whose deadline is closer than this is not reused.</summary>
    public static readonly TimeSpan SafetyMargin = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource?[] _items = new CancellationTokenSource?[Math.Clamp(Environment.ProcessorCount * 4, 8, 64)];

    /// <summary>A pool, or null when <paramref name="time"/> is not the system clock (a fake clock's timers may fire on another thread at any moment).</summary>
    public static DeadlinePool? For(TimeProvider time) => time == TimeProvider.System ? new DeadlinePool() : null;

    /// <summary>A CTS that cancels itself after <paramref name="limit"/>.</summary>
    public CancellationTokenSource Rent(TimeSpan limit)
    {
        var items = _items;
        for (var i = 0; i < items.Length; i++)
        {
            if (Volatile.Read(ref items[i]) is not null && Interlocked.Exchange(ref items[i], null) is { } item)
            {
                item.CancelAfter(limit);
                return item;
            }
        }
        return new CancellationTokenSource(limit, TimeProvider.System);
    }

    /// <summary>Takes back a CTS nobody else can cancel any more.</summary>
    public void Return(CancellationTokenSource cts)
    {
        if (!cts.TryReset())
        {
            cts.Dispose();
            return;
        }
        var items = _items;
        for (var i = 0; i < items.Length; i++)
        {
            if (Interlocked.CompareExchange(ref items[i], cts, null) is null) return;
        }
        cts.Dispose();
    }
}
