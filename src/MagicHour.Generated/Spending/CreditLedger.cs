using System.Globalization;

namespace MagicHour.Generated;

/// <summary>
/// The spending cap's tally for one client (one DI registration): credits charged by the creates sent through it,
/// net of the refunds it learns of, and the creates still in flight at their expected cost (the last answer for the
/// same operation). A create is allowed only while that total, plus its own expected cost, stays within the cap.
/// Until an operation's cost is known, its capped creates go one at a time: the first answer tells the cost the
/// others are counted at, so a burst of identical creates cannot all slip through before any answer.
/// </summary>
internal sealed class CreditLedger
{
    /// <summary>The per-call cap (<see cref="GenerateOptions.MaxCredits"/>), flowing with the create call into <see cref="SpendingCapHandler"/>.</summary>
    internal static readonly AsyncLocal<long?> CallLimit = new();


    /// <summary>Projects remembered for a refund at their end; the oldest are forgotten past this.</summary>
    private const int MaxOpenProjects = 10_000;

    private readonly object _gate = new();
    private readonly Dictionary<string, int> _lastCost = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SemaphoreSlim> _firstOfOperation = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _open = new(StringComparer.Ordinal);
    private readonly Queue<string> _openOrder = new();
    private long _charged;
    private long _inFlight;

    /// <summary>Credits charged so far, net of the refunds learned of.</summary>
    public long Charged
    {
        get { lock (_gate) return _charged; }
    }

    /// <summary>
    /// Counts a create about to be sent, or throws <see cref="MagicHourErrorKind.CreditLimitReached"/> when it would pass
    /// <paramref name="cap"/>. Without a cap it only counts (a later call may bring one).
    /// </summary>
    public async ValueTask<Reservation> ReserveAsync(string operation, long? cap, CancellationToken cancellationToken)
    {
        while (true)
        {
            SemaphoreSlim? first;
            lock (_gate)
            {
                var known = _lastCost.TryGetValue(operation, out var cost);
                if (cap is null || known) return ReserveLocked(operation, known ? cost : 0, cap, null);
                Check(operation, 0, cap.Value);
                if (!_firstOfOperation.TryGetValue(operation, out first)) _firstOfOperation[operation] = first = new SemaphoreSlim(1, 1);
            }
            await first.WaitAsync(cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                if (_lastCost.ContainsKey(operation))
                {
                    first.Release(); // learnt while this one waited: count it at that cost
                    continue;
                }
                try
                {
                    return ReserveLocked(operation, 0, cap, first);
                }
                catch
                {
                    first.Release();
                    throw;
                }
            }
        }
    }

    /// <summary>A project's credits as read at its end (net of a refund): the tally follows.</summary>
    public void Settled(string projectId, int creditsCharged)
    {
        lock (_gate)
        {
            if (_open.Remove(projectId, out var counted)) _charged += creditsCharged - counted;
        }
    }

    private Reservation ReserveLocked(string operation, int expected, long? cap, SemaphoreSlim? first)
    {
        if (cap is { } limit) Check(operation, expected, limit);
        _inFlight += expected;
        return new Reservation(this, operation, expected, first);
    }

    private void Check(string operation, int expected, long cap)
    {
        var total = _charged + _inFlight;
        // An unknown cost counts as nothing: refused only once the cap is reached.
        if (expected == 0 ? total < cap : total + expected <= cap) return;
        throw new MagicHourException(
            string.Create(CultureInfo.InvariantCulture,
                $"The {operation} create was not sent: {_charged} credits charged and {_inFlight} expected for creates in flight{(expected > 0 ? $", plus about {expected} for this one," : "")} would pass the spending cap of {cap} credits (MaxCredits). Nothing was sent or charged."),
            MagicHourErrorKind.CreditLimitReached);
    }

    private void Complete(Reservation reservation, int? charged, string? projectId)
    {
        lock (_gate)
        {
            _inFlight -= reservation.Expected;
            if (charged is not { } credits) return;
            _charged += credits;
            _lastCost[reservation.Operation] = credits;
            if (string.IsNullOrEmpty(projectId)) return;
            _open[projectId] = credits;
            _openOrder.Enqueue(projectId);
            while (_openOrder.Count > MaxOpenProjects && _openOrder.TryDequeue(out var oldest)) _open.Remove(oldest);
        }
    }

    /// <summary>One create in flight; settled exactly once (later calls do nothing).</summary>
    internal sealed class Reservation(CreditLedger ledger, string operation, int expected, SemaphoreSlim? first)
    {
        private int _done;

        public string Operation { get; } = operation;

        public int Expected { get; } = expected;

        /// <summary>The answer was read: <paramref name="credits"/> charged for <paramref name="projectId"/>.</summary>
        public void Charged(int credits, string? projectId) => Finish(credits, projectId);

        /// <summary>Certainly not charged (an error answer, a connection that never opened).</summary>
        public void NotCharged() => Finish(null, null);

        /// <summary>Unknown (a connection lost after sending, a 5xx, an answer that could not be read): counted at the expected cost.</summary>
        public void MaybeCharged()
        {
            if (Interlocked.Exchange(ref _done, 1) != 0) return;
            lock (ledger._gate)
            {
                // Stays counted, as charged: the in-flight figure moves to the charged one.
                ledger._inFlight -= Expected;
                ledger._charged += Expected;
            }
            first?.Release();
        }

        private void Finish(int? credits, string? projectId)
        {
            if (Interlocked.Exchange(ref _done, 1) != 0) return;
            ledger.Complete(this, credits, projectId);
            first?.Release();
        }
    }
}
