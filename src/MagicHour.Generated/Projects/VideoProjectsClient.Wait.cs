using MagicHour.Generated.Http;

namespace MagicHour.Generated;

/// <summary>Video projects: read, delete, and wait for completion.</summary>
public partial class VideoProjectsClient
{
    /// <summary>Polls the video project until it is complete; throws if it ends in error or canceled, or on timeout.</summary>
    /// <param name="projectId">The project id.</param>
    /// <param name="options">Timeout, poll interval and progress; null for the defaults.</param>
    /// <param name="cancellationToken">Stops waiting (the project itself goes on).</param>
    /// <exception cref="MagicHourProjectFailedException">The project ended in <c>error</c> or <c>canceled</c>.</exception>
    /// <exception cref="MagicHourException">Timeout, or the API kept failing.</exception>
    public Task<VideoProject> WaitAsync(string projectId, GenerateOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(projectId);
        return Context.Waiter.WaitAsync(Context.ProjectKinds.VideoProject, projectId, GenerateOptions.Validated(options), cancellationToken);
    }

    /// <summary>Synchronous twin of <see cref="WaitAsync"/>.</summary>
    /// <inheritdoc cref="WaitAsync"/>
    public VideoProject Wait(string projectId, GenerateOptions? options = null, CancellationToken cancellationToken = default)
        => SyncOverAsync.Run(ct => WaitAsync(projectId, options, ct), cancellationToken);
}
