namespace MagicHour.Generated.Http;

/// <summary>
/// Abandons a file transfer that stops moving data (<see cref="MagicHourClientOptions.TransferStallTimeout"/>):
/// its <see cref="Token"/> is cancelled when <see cref="Progress"/> has not been called for that long, and with the
/// caller's token. Transfers have no overall time limit (files can be large); without this, a storage host that
/// stops sending or reading mid-way would hang the job until the caller cancels it. The time runs on the client's
/// <see cref="TimeProvider"/>, like every other wait of the SDK.
/// </summary>
internal sealed class StallGuard(TimeSpan stallTimeout, TimeProvider time, CancellationToken cancellationToken) : IDisposable
{
    private readonly Deadline _deadline = new(stallTimeout, time, cancellationToken);

    /// <summary>Cancelled when the transfer stalls or the caller cancels.</summary>
    public CancellationToken Token => _deadline.Token;

    /// <summary>Data moved: the stall clock starts again.</summary>
    public void Progress() => _deadline.Restart();

    /// <summary>
    /// The exception for a transfer this guard stopped: an <see cref="IOException"/>, so it is retried like a dropped
    /// connection, or null when the cancellation was the caller's (which must surface as a cancellation).
    /// </summary>
    public IOException? StalledError(OperationCanceledException cancelled, string what)
        => _deadline.Expired
            ? new IOException($"{what} moved no data for {stallTimeout.TotalSeconds:0.#} s and was abandoned (MagicHourClientOptions.TransferStallTimeout).", new TimeoutException(cancelled.Message, cancelled))
            : null;

    public void Dispose() => _deadline.Dispose();
}
