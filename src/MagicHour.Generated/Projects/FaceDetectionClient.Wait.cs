using MagicHour.Generated.Http;
using Microsoft.Extensions.Logging;

namespace MagicHour.Generated;

/// <summary>Face detection: start a task, read it, and wait for it to finish.</summary>
public partial class FaceDetectionClient
{
    private const double PollGrowth = 1.5;

    /// <summary>
    /// Polls the face detection task until its status is <c>complete</c> and returns the faces found.
    /// Waits grow from the poll interval by 1.5x up to the client's maximum, like a project wait; a few
    /// failed polls in a row (5xx, 429, dropped connection) are tolerated.
    /// </summary>
    /// <param name="id">The task id from <see cref="CreateAsync(FaceDetectionCreateRequest, CancellationToken)"/>.</param>
    /// <param name="options">Timeout, poll interval and progress (the download settings do not apply); null for the defaults.</param>
    /// <param name="cancellationToken">Stops waiting (the task itself goes on).</param>
    /// <returns>The finished task; <see cref="FaceDetectionResult.Faces"/> holds every face found.</returns>
    /// <exception cref="MagicHourProjectFailedException">The task ended in <c>error</c>; <see cref="MagicHourException.ProjectId"/> holds the task id.</exception>
    /// <exception cref="MagicHourException">Timeout, or the API kept failing.</exception>
    public async Task<FaceDetectionResult> WaitAsync(string id, GenerateOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        var opts = GenerateOptions.Validated(options);
        var time = Context.Options.TimeProvider;
        var started = time.GetTimestamp();
        var interval = opts.PollInterval ?? Context.Options.PollInterval;
        var maxInterval = Context.Options.MaxPollInterval < interval ? interval : Context.Options.MaxPollInterval;
        var failures = 0;
        FaceDetectionStatus? lastStatus = null;

        while (true)
        {
            FaceDetectionResult result;
            try
            {
                result = await GetAsync(id, cancellationToken).ConfigureAwait(false);
                failures = 0;
            }
            catch (Exception ex) when (IsTransient(ex, cancellationToken) && ++failures < ProjectWaiter.MaxConsecutivePollFailures)
            {
                Context.Logger.LogWarning(LogEvents.PollFailed, ex, "Polling face detection task {TaskId} failed ({Failures} in a row); trying again", id, failures);
                await DelayAsync(id, interval, started, opts.Timeout, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (lastStatus != result.Status)
            {
                lastStatus = result.Status;
                Context.Logger.LogInformation(LogEvents.StatusChanged, "Face detection task {TaskId} is {Status}", id, result.Status);
                opts.Progress?.Report(new GenerateProgress(GenerateStage.Waiting, id, result.Status.ToString(), time.GetElapsedTime(started)));
            }

            if (result.Status == FaceDetectionStatus.Complete) return result;
            if (result.Status == FaceDetectionStatus.Error)
            {
                throw new MagicHourProjectFailedException(
                    $"The face detection task {id} ended in error.", MagicHourErrorKind.ProjectFailed, id, null, result.Status.ToString())
                { CreditsCharged = result.CreditsCharged };
            }

            await DelayAsync(id, interval, started, opts.Timeout, cancellationToken).ConfigureAwait(false);
            interval = TimeSpan.FromTicks(Math.Min((long)(interval.Ticks * PollGrowth), maxInterval.Ticks));
        }
    }

    /// <summary>Synchronous twin of <see cref="WaitAsync"/>.</summary>
    /// <inheritdoc cref="WaitAsync"/>
    public FaceDetectionResult Wait(string id, GenerateOptions? options = null, CancellationToken cancellationToken = default)
        => SyncOverAsync.Run(ct => WaitAsync(id, options, ct), cancellationToken);

    private async Task DelayAsync(string id, TimeSpan interval, long started, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var time = Context.Options.TimeProvider;
        var left = timeout - time.GetElapsedTime(started);
        if (left <= TimeSpan.Zero)
        {
            throw new MagicHourException(
                $"Face detection task {id} did not finish within {timeout.TotalSeconds:0.#} s; it may still complete, so call WaitAsync(\"{id}\") again.",
                MagicHourErrorKind.Timeout, id);
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
