namespace MagicHour.Generated;

/// <summary>
/// When the waiter polls next. Two shapes:
/// <list type="bullet">
/// <item><b>Around the expected time</b> (<see cref="AroundExpected"/>), when the tool's median processing time is
/// known (openapi/processing-times.json, or an override): a few sparse polls early (3 s, 9 s, 27 s, ... to catch
/// early errors), then polls every <c>max(0.5 s, 4 % of the median)</c> from about 0.7× to 1.5× the median, where
/// most renders end (the vendor's end-to-end times spread roughly log-normally, σ ≈ 0.5, around the median), then
/// gaps growing 1.3× per poll up to <c>max(5 s, 25 % of the median)</c>. A project just created is not polled
/// at once (it cannot be done yet); a resumed one is.</item>
/// <item><b>Growing</b> (<see cref="Growing"/>), when the tool is not known (waiting by id, face detection) or the
/// caller set a poll interval: the first gap is that interval, each later one 1.5× longer, up to the maximum.</item>
/// </list>
/// No gap of the first shape is below <see cref="MinimumInterval"/>. The schedule only says how long to wait; the
/// waiter waits on the client's TimeProvider and bounds the whole wait with GenerateOptions.Timeout.
/// </summary>
internal sealed class PollSchedule
{
    /// <summary>The shortest gap between two polls of a schedule built around an expected time.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(0.5);

    // The shape's constants, tuned with tools/MagicHour.Benchmarks (poll-schedules) against log-normal render times.
    private const double DenseFrom = 0.705; // e^-0.35: about the 24th percentile of a σ = 0.5 log-normal
    private const double DenseTo = 1.49;    // e^+0.4: about the 79th percentile
    private const double DenseGapShare = 0.04;
    private const double FirstEarlyPollSeconds = 3;
    private const double EarlyGrowth = 3;
    private const double EarlyPollsBefore = 0.6; // of the dense zone's start: no early poll right before it
    private const double BackoffGrowth = 1.3;
    private const double BackoffCapShare = 0.25;
    private const double GrowingGrowth = 1.5;

    private readonly Func<TimeSpan, TimeSpan>? _next;
    private TimeSpan _at;
    private TimeSpan _gap;
    private readonly TimeSpan _max;

    private PollSchedule(TimeSpan firstDelay, TimeSpan firstGap, TimeSpan max, Func<TimeSpan, TimeSpan>? next, TimeSpan? expected)
    {
        FirstDelay = firstDelay;
        _at = firstDelay;
        _gap = firstGap;
        _max = max;
        _next = next;
        Expected = expected;
    }

    /// <summary>The expected processing time the schedule is built around; null for a growing schedule.</summary>
    public TimeSpan? Expected { get; }

    /// <summary>How long after the wait starts the first poll is made.</summary>
    public TimeSpan FirstDelay { get; }

    /// <summary>The gap between the start of the current poll and the start of the next.</summary>
    public TimeSpan Gap => _gap;

    /// <summary>Moves on to the next poll (after a successful one; a failed poll is retried after the same gap).</summary>
    public void Advance()
    {
        _at += _gap;
        _gap = _next is null ? TimeSpan.FromTicks(Math.Min((long)(_gap.Ticks * GrowingGrowth), _max.Ticks)) : _next(_at);
    }

    /// <summary>The classic schedule: <paramref name="first"/>, then 1.5× per poll up to <paramref name="max"/>; first poll at once.</summary>
    public static PollSchedule Growing(TimeSpan first, TimeSpan max)
        => new(TimeSpan.Zero, first, max < first ? first : max, null, null);

    /// <summary>
    /// The schedule for a tool whose median processing time is <paramref name="expected"/>. A new project
    /// (<paramref name="projectIsNew"/>: the wait starts right after its create) is first polled at the first
    /// scheduled time; one that may have been running for a while (a resume) at once.
    /// </summary>
    public static PollSchedule AroundExpected(TimeSpan expected, bool projectIsNew)
    {
        if (expected <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(expected), expected, "The expected processing time must be positive.");
        var m = expected.TotalSeconds;
        var denseFrom = m * DenseFrom;
        var denseTo = m * DenseTo;
        var denseGap = Math.Max(MinimumInterval.TotalSeconds, DenseGapShare * m);
        var backoffCap = Math.Max(5, BackoffCapShare * m);
        var lastGap = denseGap;

        // The poll after the one at `at` seconds.
        double NextAt(double at)
        {
            if (at < denseFrom)
            {
                var early = FirstEarlyPollSeconds;
                while (early <= at) early *= EarlyGrowth;
                return early < denseFrom * EarlyPollsBefore ? early : denseFrom;
            }
            if (at < denseTo) return at + denseGap;
            lastGap = Math.Min(lastGap * BackoffGrowth, backoffCap);
            return at + lastGap;
        }

        // In whole milliseconds, the resolution of the timers that wait them out (Task.Delay on a TimeProvider).
        TimeSpan Gap(TimeSpan at)
        {
            var seconds = at.TotalSeconds;
            return Milliseconds(Math.Max(MinimumInterval.TotalSeconds, NextAt(seconds) - seconds));
        }

        var first = projectIsNew ? Milliseconds(NextAt(0)) : TimeSpan.Zero;
        return new PollSchedule(first, Gap(first), TimeSpan.MaxValue, Gap, expected);
    }

    private static TimeSpan Milliseconds(double seconds) => TimeSpan.FromMilliseconds(Math.Round(seconds * 1000));

    /// <summary>
    /// The schedule one wait uses: the growing one when the caller chose a poll interval (per call, per client or
    /// <c>MAGIC_HOUR_POLL_INTERVAL</c>) or no expected time is known for <paramref name="operationId"/>; else the
    /// one around the expected time (per call, then per client, then openapi/processing-times.json).
    /// </summary>
    public static PollSchedule For(ResolvedOptions client, GenerateOptions options, string? operationId, bool projectIsNew)
    {
        if (options.PollInterval is { } callInterval) return Growing(callInterval, client.MaxPollInterval);
        if (client.PollIntervalIsExplicit) return Growing(client.PollInterval, client.MaxPollInterval);
        var expected = options.ExpectedProcessingTime
            ?? (operationId is not null && client.ExpectedProcessingTimes.TryGetValue(operationId, out var perClient) ? perClient : (TimeSpan?)null)
            ?? ProcessingTimes.Median(operationId);
        return expected is { } known ? AroundExpected(known, projectIsNew) : Growing(client.PollInterval, client.MaxPollInterval);
    }
}
