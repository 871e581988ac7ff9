using System.Globalization;

namespace MagicHour.Generated.Webhooks;

/// <summary>
/// Verifies webhook requests like <see cref="MagicHourWebhook"/> and also refuses one that it already accepted: a
/// replay within the timestamp window, which the window alone lets through. A request is identified by its
/// signature, which covers its timestamp and its whole body; it is remembered until its timestamp leaves the window
/// (after that the timestamp check refuses it anyway), in memory, at most <c>capacity</c> requests (past that the
/// oldest are forgotten first). Thread-safe; keep one per endpoint and secret for the life of the process.
/// </summary>
/// <remarks>
/// In memory only: several server instances, or a restart, do not share what was seen. A guard cannot tell an
/// attacker's replay from the sender delivering the same signed request again (deliveries may repeat); answer
/// <see cref="MagicHourWebhookFailure.Replayed"/> with 2xx without acting on it again, and keep the handling itself
/// idempotent (keyed by project id and event type), since a redelivery may also come signed anew.
/// </remarks>
public sealed class MagicHourWebhookReplayGuard
{
    private readonly TimeSpan _tolerance;
    private readonly int _capacity;
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    /// <summary>Creates a guard.</summary>
    /// <param name="tolerance">How far a timestamp may be from now, either way; null for <see cref="MagicHourWebhook.DefaultTolerance"/>.</param>
    /// <param name="capacity">How many accepted requests are remembered at most. Default 100,000.</param>
    /// <param name="timeProvider">The clock; null for the system clock.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tolerance"/> or <paramref name="capacity"/> is not positive.</exception>
    public MagicHourWebhookReplayGuard(TimeSpan? tolerance = null, int capacity = 100_000, TimeProvider? timeProvider = null)
    {
        _tolerance = tolerance ?? MagicHourWebhook.DefaultTolerance;
        if (_tolerance <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(tolerance), _tolerance, "The webhook timestamp tolerance must be positive.");
        if (capacity <= 0) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The replay guard's capacity must be positive.");
        _capacity = capacity;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>How many accepted requests are remembered now.</summary>
    public int Count
    {
        get { lock (_gate) return _seen.Count; }
    }

    /// <summary>Verifies a request (see <see cref="MagicHourWebhook.Verify(string, string?, string?, string, TimeSpan?, TimeProvider?)"/>) and refuses one already accepted.</summary>
    /// <param name="payload">The request body exactly as received.</param>
    /// <param name="signatureHeader">The value of the <see cref="MagicHourWebhook.SignatureHeader"/> header.</param>
    /// <param name="timestampHeader">The value of the <see cref="MagicHourWebhook.TimestampHeader"/> header.</param>
    /// <param name="secret">Your webhook secret.</param>
    /// <exception cref="MagicHourWebhookException">The request does not verify, or was accepted before (<see cref="MagicHourWebhookFailure.Replayed"/>).</exception>
    public void Verify(string payload, string? signatureHeader, string? timestampHeader, string secret)
    {
        ArgumentNullException.ThrowIfNull(payload);
        Accept(MagicHourWebhook.CheckText(payload, signatureHeader, timestampHeader, secret, _tolerance, _time), signatureHeader, timestampHeader);
    }

    /// <summary>Verifies a request's raw bytes (see <see cref="MagicHourWebhook.Verify(ReadOnlySpan{byte}, string?, string?, string, TimeSpan?, TimeProvider?)"/>) and refuses one already accepted.</summary>
    /// <param name="payload">The request body's bytes exactly as received.</param>
    /// <param name="signatureHeader">The value of the <see cref="MagicHourWebhook.SignatureHeader"/> header.</param>
    /// <param name="timestampHeader">The value of the <see cref="MagicHourWebhook.TimestampHeader"/> header.</param>
    /// <param name="secret">Your webhook secret.</param>
    /// <exception cref="MagicHourWebhookException">The request does not verify, or was accepted before (<see cref="MagicHourWebhookFailure.Replayed"/>).</exception>
    public void Verify(ReadOnlySpan<byte> payload, string? signatureHeader, string? timestampHeader, string secret)
        => Accept(MagicHourWebhook.Check(payload, signatureHeader, timestampHeader, secret, _tolerance, _time), signatureHeader, timestampHeader);

    /// <summary>As <see cref="Verify(string, string?, string?, string)"/>, then parses the event (see <see cref="MagicHourWebhook.Parse(string)"/>).</summary>
    /// <param name="payload">The request body exactly as received.</param>
    /// <param name="signatureHeader">The value of the <see cref="MagicHourWebhook.SignatureHeader"/> header.</param>
    /// <param name="timestampHeader">The value of the <see cref="MagicHourWebhook.TimestampHeader"/> header.</param>
    /// <param name="secret">Your webhook secret.</param>
    /// <returns>The typed event.</returns>
    /// <exception cref="MagicHourWebhookException">The request does not verify, was accepted before, or is not an event.</exception>
    public MagicHourWebhookEvent VerifyAndParse(string payload, string? signatureHeader, string? timestampHeader, string secret)
    {
        Verify(payload, signatureHeader, timestampHeader, secret);
        return MagicHourWebhook.Parse(payload);
    }

    /// <summary>As <see cref="Verify(ReadOnlySpan{byte}, string?, string?, string)"/>, then parses the event (see <see cref="MagicHourWebhook.Parse(ReadOnlySpan{byte})"/>).</summary>
    /// <param name="payload">The request body's bytes exactly as received.</param>
    /// <param name="signatureHeader">The value of the <see cref="MagicHourWebhook.SignatureHeader"/> header.</param>
    /// <param name="timestampHeader">The value of the <see cref="MagicHourWebhook.TimestampHeader"/> header.</param>
    /// <param name="secret">Your webhook secret.</param>
    /// <returns>The typed event.</returns>
    /// <exception cref="MagicHourWebhookException">The request does not verify, was accepted before, or is not an event.</exception>
    public MagicHourWebhookEvent VerifyAndParse(ReadOnlySpan<byte> payload, string? signatureHeader, string? timestampHeader, string secret)
    {
        Verify(payload, signatureHeader, timestampHeader, secret);
        return MagicHourWebhook.Parse(payload);
    }

    private void Accept((MagicHourWebhookFailure Failure, string? Message) check, string? signatureHeader, string? timestampHeader)
    {
        if (check.Failure != MagicHourWebhookFailure.None) throw new MagicHourWebhookException(check.Message!, check.Failure);

        // Verified, so both headers are well formed.
        var key = signatureHeader!.Trim().ToLowerInvariant();
        var forgetAt = DateTimeOffset.FromUnixTimeSeconds(long.Parse(timestampHeader!.Trim(), NumberStyles.None, CultureInfo.InvariantCulture)) + _tolerance;
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (_seen.TryGetValue(key, out var until) && until >= now)
            {
                throw new MagicHourWebhookException(
                    "This webhook request (same signature, so same timestamp and body) was already accepted: a replay, or the same delivery sent twice. Answer it with 2xx without acting on it again.",
                    MagicHourWebhookFailure.Replayed);
            }
            if (_seen.Count >= _capacity) Forget(now);
            _seen[key] = forgetAt;
            _order.Enqueue(key);
        }
    }

    /// <summary>Drops what left the window; if the guard is still full, the oldest accepted requests.</summary>
    private void Forget(DateTimeOffset now)
    {
        foreach (var (key, until) in _seen.Where(e => e.Value < now).ToList()) _seen.Remove(key);
        while (_seen.Count >= _capacity && _order.TryDequeue(out var oldest)) _seen.Remove(oldest);
        if (_order.Count > 2 * _capacity) // keys already forgotten above still queued
        {
            var live = _order.Where(_seen.ContainsKey).Distinct().ToList();
            _order.Clear();
            foreach (var key in live) _order.Enqueue(key);
        }
    }
}
