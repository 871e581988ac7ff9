using MagicHour.Generated.Http;
using Microsoft.Extensions.Logging;

namespace MagicHour.Generated;

/// <summary>
/// Polls a project until it ends, on a <see cref="PollSchedule"/>: the tool's (built around its expected processing
/// time) for Generate and Resume, else the growing one (0.5 s, then 1.5× per poll up to 5 s). A failed poll (5xx
/// after retries, a dropped connection) is tolerated a few times in a row.
/// </summary>
internal sealed class ProjectWaiter(MagicHourClientContext context)
{
    internal const int MaxConsecutivePollFailures = 5;
    // operationId: The create operation of the project's tool, when known: its schedule applies.
    // projectIsNew: The project was created just now (its first poll waits for the schedule's first time).
    public Task<TProject> WaitAsync<TProject>(ProjectKind<TProject> kind, string projectId, GenerateOptions options, CancellationToken cancellationToken,
        string? operationId = null, bool projectIsNew = false)
        where TProject : IMagicHourProject
        => PollAsync(
            $"{kind.Name} project", projectId, ct => kind.GetAsync(projectId, ct), p => p.Status.ToString(),
            project =>
            {
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
            $"resume it with ResumeAsync(\"{projectId}\")", options, cancellationToken, PollSchedule.For(context.Options, options, operationId, projectIsNew));

    /// <summary>
    /// The poll loop shared by every wait (projects, face detection): reads until <paramref name="isDone"/> says
    /// so (it throws for failed end states), reporting each status change, tolerating a few failed reads in a row.
    /// </summary>
    internal async Task<T> PollAsync<T>(
        string what, string id, Func<CancellationToken, Task<T>> read, Func<T, string> statusOf, Func<T, bool> isDone,
        string resumeHint, GenerateOptions options, CancellationToken cancellationToken, PollSchedule? schedule = null)
        => await MagicHourTelemetry.StepAsync(MagicHourDiagnostics.ActivityNames.Wait, "wait",
            () => PollCoreAsync(what, id, read, statusOf, isDone, resumeHint, options, schedule ?? PollSchedule.For(context.Options, options, null, false), cancellationToken), projectId: id).ConfigureAwait(false);

    private async Task<T> PollCoreAsync<T>(
        string what, string id, Func<CancellationToken, Task<T>> read, Func<T, string> statusOf, Func<T, bool> isDone,
        string resumeHint, GenerateOptions options, PollSchedule schedule, CancellationToken cancellationToken)
    {
        var time = context.Options.TimeProvider;
        var started = time.GetTimestamp();
        // GenerateOptions.Timeout bounds the whole wait, a poll in flight included (its body too).
        using var deadline = new Deadline(options.Timeout, time, cancellationToken);
        try
        {
            return await PollUntilDoneAsync(what, id, read, statusOf, isDone, resumeHint, options, schedule, started, deadline).ConfigureAwait(false);
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
        string resumeHint, GenerateOptions options, PollSchedule schedule, long started, Deadline deadline)
    {
        var time = context.Options.TimeProvider;
        var cancellationToken = deadline.Token;
        var failures = 0;
        string? lastStatus = null;
        if (schedule.FirstDelay > TimeSpan.Zero)
        {
            await DelayAsync(what, id, resumeHint, schedule.FirstDelay, started, options.Timeout, cancellationToken).ConfigureAwait(false);
        }

        while (true)
        {
            T current;
            var pollStarted = time.GetTimestamp();
            try
            {
                current = await read(cancellationToken).ConfigureAwait(false);
                failures = 0;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && IsTransient(ex) && ++failures < MaxConsecutivePollFailures)
            {
                context.Logger.LogWarning(LogEvents.PollFailed, ex, "Polling {What} {Id} failed ({Failures} in a row); trying again", what, id, failures);
                await DelayAsync(what, id, resumeHint, schedule.Gap, started, options.Timeout, cancellationToken).ConfigureAwait(false);
                continue;
            }

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
            var wait = schedule.Gap - time.GetElapsedTime(pollStarted);
            await DelayAsync(what, id, resumeHint, wait > TimeSpan.Zero ? wait : TimeSpan.Zero, started, options.Timeout, cancellationToken).ConfigureAwait(false);
            schedule.Advance();
        }
    }

    private async Task DelayAsync(string what, string id, string resumeHint, TimeSpan interval, long started, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var time = context.Options.TimeProvider;
        var left = timeout - time.GetElapsedTime(started);
        if (left <= TimeSpan.Zero) throw TimedOut(what, id, resumeHint, timeout, null);
        await Task.Delay(interval < left ? interval : left, time, cancellationToken).ConfigureAwait(false);
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
