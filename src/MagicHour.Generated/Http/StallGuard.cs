namespace MagicHour.Generated.Http;

/// <summary>
/// Abandons a file transfer that stops moving data (<see cref="MagicHourClientOptions.TransferStallTimeout"/>):
/// its <see cref="Token"/> is cancelled when <see cref="Progress"/> has not been called for that long, and with the
/// caller's token. Transfers have no overall time limit (files can be large); without this, a storage host that
/// stops sending or reading mid-way would hang the job until the caller cancels it.
/// </summary>
internal sealed class StallGuard : IDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly CancellationTokenRegistration _outer;
    private readonly TimeSpan _stallTimeout;

    // The system clock on purpose: MagicHourClientOptions.TimeProvider drives polling and retry delays, and a fake
    // clock that fires timers at once (as tests use) would declare every transfer stalled before it began.
    public StallGuard(TimeSpan stallTimeout, CancellationToken cancellationToken)
    {
        _stallTimeout = stallTimeout;
        _cts = new CancellationTokenSource(stallTimeout);
        _outer = cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), _cts);
    }

    /// <summary>Cancelled when the transfer stalls or the caller cancels.</summary>
    public CancellationToken Token => _cts.Token;

    /// <summary>Data moved: the stall clock starts again.</summary>
    public void Progress()
    {
        if (_stallTimeout != Timeout.InfiniteTimeSpan && !_cts.IsCancellationRequested) _cts.CancelAfter(_stallTimeout);
    }

    /// <summary>
    /// The exception for a transfer this guard stopped: an <see cref="IOException"/>, so it is retried like a dropped
    /// connection, or null when the cancellation was the caller's (which must surface as a cancellation).
    /// </summary>
    public IOException? StalledError(OperationCanceledException cancelled, string what, CancellationToken cancellationToken)
        => _cts.IsCancellationRequested && !cancellationToken.IsCancellationRequested
            ? new IOException($"{what} moved no data for {_stallTimeout.TotalSeconds:0.#} s and was abandoned (MagicHourClientOptions.TransferStallTimeout).", new TimeoutException(cancelled.Message, cancelled))
            : null;

    public void Dispose()
    {
        _outer.Dispose();
        _cts.Dispose();
    }
}
