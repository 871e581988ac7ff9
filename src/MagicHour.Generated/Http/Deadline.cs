namespace MagicHour.Generated.Http;

/// <summary>
/// A time limit on the client's <see cref="TimeProvider"/>, joined with the caller's token: <see cref="Token"/> is
/// cancelled when the time is up or the caller cancels. <see cref="Expired"/> tells the two apart (a deadline is
/// reported as a timeout, the caller's cancellation as a cancellation). One CTS and one registration, no linked source.
/// </summary>
internal sealed class Deadline : IDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly CancellationTokenRegistration _outer;
    private readonly CancellationToken _callerToken;
    private readonly TimeProvider _time;
    private readonly long _started;

    /// <param name="limit">The time allowed; <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <param name="time">The clock.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    public Deadline(TimeSpan limit, TimeProvider time, CancellationToken cancellationToken)
    {
        // Longer than a .NET timer can wait (about 24.8 days; GenerateOptions.Timeout may be TimeSpan.MaxValue): no limit.
        Limit = limit > MaxTimer ? Timeout.InfiniteTimeSpan : limit;
        _time = time;
        _started = time.GetTimestamp();
        _callerToken = cancellationToken;
        _cts = Limit == Timeout.InfiniteTimeSpan ? new CancellationTokenSource() : new CancellationTokenSource(Limit, time);
        if (cancellationToken.CanBeCanceled)
        {
            _outer = cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), _cts);
        }
    }

    private static readonly TimeSpan MaxTimer = TimeSpan.FromMilliseconds(int.MaxValue - 1);

    public TimeSpan Limit { get; }

    /// <summary>The caller's token this deadline listens to.</summary>
    public CancellationToken CallerToken => _callerToken;

    /// <summary>Cancelled when the time is up or the caller cancels.</summary>
    public CancellationToken Token => _cts.Token;

    /// <summary>The time is up (and the caller did not cancel).</summary>
    public bool Expired => _cts.IsCancellationRequested && !_callerToken.IsCancellationRequested;

    /// <summary>The time left, or null without a limit.</summary>
    public TimeSpan? Left => Limit == Timeout.InfiniteTimeSpan ? null : Limit - _time.GetElapsedTime(_started);

    /// <summary>Starts the time again (a transfer moved data).</summary>
    public void Restart()
    {
        if (Limit == Timeout.InfiniteTimeSpan || _cts.IsCancellationRequested) return;
        try
        {
            _cts.CancelAfter(Limit);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        _outer.Dispose();
        _cts.Dispose();
    }
}
