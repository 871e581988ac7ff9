namespace MagicHour.Generated.Webhooks;

/// <summary>
/// Where a webhook receiver tells the waits of this process that a project ended, so <c>GenerateAsync</c>,
/// <c>ResumeAsync</c> and <c>WaitAsync</c> return as soon as the event arrives instead of at their next poll.
/// Set it on <see cref="MagicHourClientOptions.ProjectEvents"/> (the ASP.NET Core package's <c>AddWebhooks()</c> does),
/// and call <see cref="Publish(MagicHourWebhookEvent)"/> with every verified event. Thread-safe; one per process is enough.
/// </summary>
/// <remarks>
/// <para>
/// A wait that has this source polls once when it starts (the project may have ended before the wait began),
/// then only every <see cref="FallbackPollInterval"/>: a fallback for what sends no event (a <c>canceled</c>
/// project), a delivery that is lost or late, and a receiver the sender cannot reach. An event whose project
/// has ended (<c>*.completed</c>, <c>*.errored</c>) ends the wait with the event's project, which has the same
/// shape as a GET of it; <c>*.started</c> events do not wake anyone.
/// </para>
/// <para>
/// Only the waits of this process hear what is published here. With several instances behind a load balancer,
/// a delivery reaches one of them; the others finish on their fallback poll, or hear the event from a shared bus
/// (each instance publishes what it receives to the bus and calls <see cref="Publish(IMagicHourProject)"/> with what
/// the bus brings).
/// </para>
/// </remarks>
public sealed class MagicHourProjectEvents
{
    private readonly object _gate = new();
    private readonly Dictionary<string, List<Subscription>> _waiting = new(StringComparer.Ordinal);

    /// <summary>How long a wait goes between polls while events can end it, by default: 45 seconds.</summary>
    public static TimeSpan DefaultFallbackPollInterval { get; } = TimeSpan.FromSeconds(45);

    /// <summary>Creates a source.</summary>
    /// <param name="fallbackPollInterval">How long a wait goes between polls; null for <see cref="DefaultFallbackPollInterval"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fallbackPollInterval"/> is not positive, or longer than a timer allows (about 24.8 days).</exception>
    public MagicHourProjectEvents(TimeSpan? fallbackPollInterval = null)
    {
        var interval = fallbackPollInterval ?? DefaultFallbackPollInterval;
        if (interval <= TimeSpan.Zero || interval > TimeSpan.FromMilliseconds(int.MaxValue))
        {
            throw new ArgumentOutOfRangeException(nameof(fallbackPollInterval), interval, "The fallback poll interval must be positive and at most about 24.8 days.");
        }
        FallbackPollInterval = interval;
    }

    /// <summary>How long a wait goes between polls while events can end it.</summary>
    public TimeSpan FallbackPollInterval { get; }

    /// <summary>Tells the waits for the event's project that it changed; events without a project (unknown types) are ignored.</summary>
    /// <param name="webhookEvent">A verified event (see <see cref="MagicHourWebhook.VerifyAndParse(ReadOnlySpan{byte}, string?, string?, string, TimeSpan?, TimeProvider?)"/>).</param>
    /// <returns>How many waits this ended.</returns>
    public int Publish(MagicHourWebhookEvent webhookEvent)
    {
        ArgumentNullException.ThrowIfNull(webhookEvent);
        return webhookEvent.Project is { } project ? Publish(project) : 0;
    }

    /// <summary>Tells the waits for <paramref name="project"/> that it changed; a project that has ended ends them with it.</summary>
    /// <param name="project">The project as an event (or a shared bus) carried it.</param>
    /// <returns>How many waits this ended (0 when none waits for it, or it has not ended).</returns>
    public int Publish(IMagicHourProject project)
    {
        ArgumentNullException.ThrowIfNull(project);
        if (string.IsNullOrEmpty(project.Id) || !project.Status.IsTerminal()) return 0;
        List<Subscription>? waiting;
        lock (_gate)
        {
            if (!_waiting.Remove(project.Id, out waiting)) return 0;
        }
        foreach (var subscription in waiting) subscription.End(project);
        return waiting.Count;
    }

    /// <summary>Starts listening for <paramref name="projectId"/>'s end; dispose to stop.</summary>
    /// <param name="projectId">The project waited for.</param>
    /// <param name="time">The waiter's clock: the moment of publishing is stamped on it.</param>
    internal Subscription Subscribe(string projectId, TimeProvider time)
    {
        var subscription = new Subscription(this, projectId, time);
        lock (_gate)
        {
            if (!_waiting.TryGetValue(projectId, out var list)) _waiting[projectId] = list = [];
            list.Add(subscription);
        }
        return subscription;
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            if (_waiting.TryGetValue(subscription.ProjectId, out var list) && list.Remove(subscription) && list.Count == 0)
            {
                _waiting.Remove(subscription.ProjectId);
            }
        }
    }

    /// <summary>One wait listening for one project.</summary>
    internal sealed class Subscription(MagicHourProjectEvents owner, string projectId, TimeProvider time) : IDisposable
    {
        // Continuations run on the thread pool, never inside Publish (that is the receiver's request).
        private readonly TaskCompletionSource<IMagicHourProject> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string ProjectId { get; } = projectId;

        public TimeSpan FallbackPollInterval => owner.FallbackPollInterval;

        /// <summary>Completes with the project when an event says it ended.</summary>
        public Task<IMagicHourProject> Ended => _ended.Task;

        /// <summary>When the ending event was published (a <see cref="TimeProvider.GetTimestamp"/> of the waiter's clock), once <see cref="Ended"/> has completed.</summary>
        public long PublishedAt { get; private set; }

        /// <summary>How long ago the ending event was published; zero before.</summary>
        public TimeSpan SincePublished => Ended.IsCompleted ? time.GetElapsedTime(PublishedAt) : TimeSpan.Zero;

        internal void End(IMagicHourProject project)
        {
            PublishedAt = time.GetTimestamp(); // written before the task completes, so whoever sees it completed reads this
            _ended.TrySetResult(project);
        }

        public void Dispose() => owner.Remove(this);
    }
}
