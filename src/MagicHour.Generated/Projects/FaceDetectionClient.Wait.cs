using MagicHour.Generated.Http;

namespace MagicHour.Generated;

/// <summary>Face detection: start a task, read it, and wait for it to finish.</summary>
public partial class FaceDetectionClient
{
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
    public Task<FaceDetectionResult> WaitAsync(string id, GenerateOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return Context.Waiter.PollAsync(
            "face detection task", id, ct => GetAsync(id, ct), r => r.Status.ToString(),
            result =>
            {
                if (result.Status == FaceDetectionStatus.Error)
                {
                    throw new MagicHourProjectFailedException(
                        $"The face detection task {id} ended in error.", MagicHourErrorKind.ProjectFailed, id, null, result.Status.ToString())
                    { CreditsCharged = result.CreditsCharged };
                }
                return result.Status == FaceDetectionStatus.Complete;
            },
            $"call WaitAsync(\"{id}\") again", GenerateOptions.Validated(options), cancellationToken);
    }

    /// <summary>Synchronous twin of <see cref="WaitAsync"/>.</summary>
    /// <inheritdoc cref="WaitAsync"/>
    public FaceDetectionResult Wait(string id, GenerateOptions? options = null, CancellationToken cancellationToken = default)
        => SyncOverAsync.Run(ct => WaitAsync(id, options, ct), cancellationToken);
}
