using MagicHour.Generated.Http;
using Microsoft.Extensions.Logging;

namespace MagicHour.Generated;

/// <summary>
/// Polls a project until it ends. The first wait is the configured poll interval (0.5 s by default); each
/// later wait is 1.5 times longer, up to the maximum (5 s), so a 60 s render costs about 17 requests
/// instead of 120. A failed poll (5xx after retries, a dropped connection) is tolerated a few times in a row.
/// </summary>
internal sealed class ProjectWaiter(MagicHourClientContext context)
{
    internal const int MaxConsecutivePollFailures = 5;
    private const double Growth = 1.5;

    public async Task<TProject> WaitAsync<TProject>(ProjectKind<TProject> kind, string projectId, GenerateOptions options, CancellationToken cancellationToken)
        where TProject : IMagicHourProject
    {
        var time = context.Options.TimeProvider;
        var started = time.GetTimestamp();
        var timeout = options.Timeout;
        var interval = options.PollInterval ?? context.Options.PollInterval;
        var maxInterval = context.Options.MaxPollInterval < interval ? interval : context.Options.MaxPollInterval;
        var failures = 0;
        ProjectStatus? lastStatus = null;

        while (true)
        {
            TProject project;
            try
            {
                project = await kind.GetAsync(projectId, cancellationToken).ConfigureAwait(false);
                failures = 0;
            }
            catch (Exception ex) when (IsTransient(ex, cancellationToken) && ++failures < MaxConsecutivePollFailures)
            {
                context.Logger.LogWarning(LogEvents.PollFailed, ex, "Polling {Kind} project {ProjectId} failed ({Failures} in a row); trying again", kind.Name, projectId, failures);
                await DelayAsync(interval, started, timeout, projectId, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (lastStatus != project.Status)
            {
                lastStatus = project.Status;
                context.Logger.LogInformation(LogEvents.StatusChanged, "{Kind} project {ProjectId} is {Status}", kind.Name, projectId, project.Status);
                options.Progress?.Report(new GenerateProgress(GenerateStage.Waiting, projectId, project.Status.ToString(), time.GetElapsedTime(started)));
            }

            if (project.Status == ProjectStatus.Complete) return project;
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

            await DelayAsync(interval, started, timeout, projectId, cancellationToken).ConfigureAwait(false);
            interval = TimeSpan.FromTicks(Math.Min((long)(interval.Ticks * Growth), maxInterval.Ticks));
        }
    }

    private async Task DelayAsync(TimeSpan interval, long started, TimeSpan timeout, string projectId, CancellationToken cancellationToken)
    {
        var time = context.Options.TimeProvider;
        var left = timeout - time.GetElapsedTime(started);
        if (left <= TimeSpan.Zero)
        {
            throw new MagicHourException(
                $"Project {projectId} did not finish within {timeout.TotalSeconds:0.#} s. It may still complete: resume it with ResumeAsync(\"{projectId}\").",
                MagicHourErrorKind.Timeout, projectId);
        }
        await Task.Delay(interval < left ? interval : left, time, cancellationToken).ConfigureAwait(false);
    }

    private static bool IsTransient(Exception ex, CancellationToken cancellationToken)
        => !cancellationToken.IsCancellationRequested && ex switch
        {
            MagicHourException api => api.StatusCode is 429 or >= 500,
            HttpRequestException or IOException or TimeoutException => true,
            _ => false,
        };
}
