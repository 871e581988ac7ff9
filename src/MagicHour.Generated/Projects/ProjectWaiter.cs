using MagicHour.Generated.Http;
using MagicHour.Generated.Webhooks;
using Microsoft.Extensions.Logging;

namespace MagicHour.Generated;

/// <summary>
/// Polls a project until it ends, on a <see cref="PollSchedule"/>: the tool's (built around its expected processing
/// time) for Generate and Resume, else the growing one (0.5 s, then 1.5× per poll up to 5 s). A failed poll (5xx
/// after retries, a dropped connection) is tolerated a few times in a row.
/// With <see cref="MagicHourClientOptions.ProjectEvents"/> set (a webhook receiver runs), a project wait polls once,
/// then every <see cref="MagicHourProjectEvents.FallbackPollInterval"/>, and ends as soon as an event says the project ended.
/// </summary>
internal sealed class ProjectWaiter(MagicHourClientContext context)
{
    internal const int MaxConsecutivePollFailures = 5;
    // operationId: The create operation of the project's tool, when known: its schedule applies.
    // projectIsNew: The project was created just now (its first poll waits for the schedule's first time).
    public async Task<TProject> WaitAsync<TProject>(ProjectKind<TProject> kind, string projectId, GenerateOptions options, CancellationToken cancellationToken,
        string? operationId = null, bool projectIsNew = false)
        where TProject : IMagicHourProject
    {
        // Listening starts before the first poll, so an event that arrives between the two still ends the wait.
        using var events = context.Options.ProjectEvents?.Subscribe(projectId, context.Options.TimeProvider);
        return await PollAsync(
            $"{kind.Name} project", projectId, ct => kind.GetAsync(projectId, ct), p => p.Status.ToString(),
            project =>
            {
                if (project.Status.IsTerminal())
                {
                    context.Credits.Settled(project.Id, project.CreditsCharged);
                    if (events is { Ended.IsCompletedSuccessfully: true } && ReferenceEquals(events.Ended.Result, project))
                    {
                        context.Options.Metrics.CompletionNoticed(operationId, kind.Name, events.SincePublished, "webhook");
                    }
                }
                if (project.Status == ProjectStatus.Complete) return true;
                if (project.Status == ProjectStatus.Error)
                {
                    throw new MagicHourProjectFailedException(
                        $"The {kind.Name} project {projectId} ended in error: {project.Error?.Message ?? "no reason given"} ({project.Error?.Code ?? "no code"}).",
                        MagicHourErrorKind.ProjectFailed, projectId, project.Error?.Code, project.Status.ToString())
                    { CreditsCharged = project.CreditsCharged };
                }
                if (project.Status == ProjectStatus.Canceled)
                {
                    throw new MagicHourProjectFailedException($"The {kind.Name} project {projectId} was canceled.", MagicHourErrorKind.ProjectCanceled, projectId, null, project.Status.ToString())
                    { CreditsCharged = project.CreditsCharged };
                }
                return false;
            },
            $"resume it with ResumeAsync(\"{projectId}\")", options, cancellationToken, events, PollSchedule.For(context.Options, options, operationId, projectIsNew)).ConfigureAwait(false);
    }

    /// <summary>
    /// The poll loop shared by every wait (projects, face detection): reads until <paramref name="isDone"/> says
    /// so (it throws for failed end states), reporting each status change, tolerating a few failed reads in a row.
    /// </summary>
    internal async Task<T> PollAsync<T>(
        string what, string id, Func<CancellationToken, Task<T>> read, Func<T, string> statusOf, Func<T, bool> isDone,
        string resumeHint, GenerateOptions options, CancellationToken cancellationToken, MagicHourProjectEvents.Subscription? events = null, PollSchedule? schedule = null)
        => await MagicHourTelemetry.StepAsync(MagicHourDiagnostics.ActivityNames.Wait, "wait",
            () => PollCoreAsync(what, id, read, statusOf, isDone, resumeHint, options, events, schedule ?? PollSchedule.For(context.Options, options, null, false), cancellationToken), projectId: id).ConfigureAwait(false);

    private async Task<T> PollCoreAsync<T>(
        string what, string id, Func<CancellationToken, Task<T>> read, Func<T, string> statusOf, Func<T, bool> isDone,
        string resumeHint, GenerateOptions options, MagicHourProjectEvents.Subscription? events, PollSchedule schedule, CancellationToken cancellationToken)
    {
        var time = context.Options.TimeProvider;
        var started = time.GetTimestamp();
        // GenerateOptions.Timeout bounds the whole wait, a poll in flight included (its body too).
        using var deadline = new Deadline(options.Timeout, time, cancellationToken);
        try
        {
            return await PollUntilDoneAsync(what, id, read, statusOf, isDone, resumeHint, options, started, deadline, events, schedule).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (deadline.Expired)
        {
            throw TimedOut(what, id, resumeHint, options.Timeout, ex);
        }
        catch (MagicHourException ex) when (deadline.Expired && ResiliencePolicy.TransportFailureOf(ex) is not null)
        {
            // A poll cut off by the wait's deadline while reading its body.
            throw TimedOut(what, id, resumeHint, options.Timeout, ex);
        }
    }

    private async Task<T> PollUntilDoneAsync<T>(
        string what, string id, Func<CancellationToken, Task<T>> read, Func<T, string> statusOf, Func<T, bool> isDone,
        string resumeHint, GenerateOptions options, long started, Deadline deadline, MagicHourProjectEvents.Subscription? events, PollSchedule schedule)
    {
        var time = context.Options.TimeProvider;
        var cancellationToken = deadline.Token;
        var failures = 0;
        string? lastStatus = null;
        // An event's project, once heard; the subscription's task is used once (after that, plain polls).
        var listening = events?.Ended;
        IMagicHourProject? heard = null;
        // With a webhook receiver the wait polls at once, then on the sparse fallback (the event ends it early);
        // otherwise the schedule decides, including how long a new project is left alone before its first poll.
        if (events is null && schedule.FirstDelay > TimeSpan.Zero)
        {
            await DelayAsync(what, id, resumeHint, schedule.FirstDelay, started, options.Timeout, null, cancellationToken).ConfigureAwait(false);
        }

        while (true)
        {
            T current;
            var pollStarted = time.GetTimestamp();
            if (heard is T ended)
            {
                current = ended; // signed by the sender, in the shape of a GET: no request needed
            }
            else
            {
                try
                {
                    current = await read(cancellationToken).ConfigureAwait(false);
                    failures = 0;
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested && IsTransient(ex) && ++failures < MaxConsecutivePollFailures)
                {
                    context.Logger.LogWarning(LogEvents.PollFailed, ex, "Polling {What} {Id} failed ({Failures} in a row); trying again", what, id, failures);
                    heard = await DelayAsync(what, id, resumeHint, events?.FallbackPollInterval ?? schedule.Gap, started, options.Timeout, listening, cancellationToken).ConfigureAwait(false);
                    if (heard is not null) listening = null;
                    continue;
                }
            }
            heard = null;

            var status = statusOf(current);
            if (lastStatus != status)
            {
                lastStatus = status;
                context.Logger.LogInformation(LogEvents.StatusChanged, "{What} {Id} is {Status}", what, id, status);
                options.Progress?.Report(new GenerateProgress(GenerateStage.Waiting, id, status, time.GetElapsedTime(started)));
                MagicHourTelemetry.StatusChanged(status);
            }

            if (isDone(current)) return current;

            // Polls start on the schedule, however long the request took: a slow answer (a busy server, many jobs
            // polling at once) does not push every later poll back. After a failed read the full gap applies.
            // With a webhook receiver, the gap is the sparse fallback, cut short by the project's end event.
            var wait = (events?.FallbackPollInterval ?? schedule.Gap) - time.GetElapsedTime(pollStarted);
            heard = await DelayAsync(what, id, resumeHint, wait > TimeSpan.Zero ? wait : TimeSpan.Zero, started, options.Timeout, listening, cancellationToken).ConfigureAwait(false);
            if (heard is not null) listening = null;
            schedule.Advance();
        }
    }

    /// <summary>Waits <paramref name="interval"/> (within the timeout), or until <paramref name="ended"/> completes: then returns its project.</summary>
    private async Task<IMagicHourProject?> DelayAsync(string what, string id, string resumeHint, TimeSpan interval, long started, TimeSpan timeout, Task<IMagicHourProject>? ended, CancellationToken cancellationToken)
    {
        var time = context.Options.TimeProvider;
        var left = timeout - time.GetElapsedTime(started);
        if (left <= TimeSpan.Zero) throw TimedOut(what, id, resumeHint, timeout, null);
        var delay = interval < left ? interval : left;
        if (ended is null)
        {
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            return null;
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timer = Task.Delay(delay, time, stop.Token);
        if (await Task.WhenAny(timer, ended).ConfigureAwait(false) == ended)
        {
            await stop.CancelAsync().ConfigureAwait(false);
            return await ended.ConfigureAwait(false);
        }
        await timer.ConfigureAwait(false); // throws when the caller cancelled or the deadline passed
        return null;
    }

    private static MagicHourException TimedOut(string what, string id, string resumeHint, TimeSpan timeout, Exception? inner)
        => new($"The {what} {id} did not finish within {timeout.TotalSeconds:0.#} s. It may still complete: {resumeHint}.", MagicHourErrorKind.Timeout, id, inner);

    /// <summary>
    /// A failed poll worth polling again: a 429 or 5xx answer (after the pipeline's own retries), or any transport
    /// failure (a reset, a cut body, a poll slower than NetworkTimeout); the next poll is on the schedule, not a
    /// re-send, and the wait's deadline bounds them all.
    /// </summary>
    private static bool IsTransient(Exception ex)
        => ResiliencePolicy.TransportFailureOf(ex) is not null
            || ex is MagicHourException { StatusCode: 429 or (>= 500 and < 600) };
}
