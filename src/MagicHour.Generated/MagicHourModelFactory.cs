namespace MagicHour.Generated;

/// <summary>
/// Builds the results the SDK hands out, for tests that fake a client (Azure SDK's model-factory convention).
/// Every generated model (<see cref="ImageProject"/>, <see cref="VideoProjectCreateResponse"/>, ...) has a method of its
/// own, generated from the spec (openapi/templates/Class.liquid); this part builds the hand-written results, which have
/// no public constructor because only the SDK makes them.
/// </summary>
public static partial class MagicHourModelFactory
{
    /// <summary>A finished (or, with <paramref name="project"/> null, not waited-for) Generate or Resume result.</summary>
    /// <typeparam name="TProject">The project model: <see cref="ImageProject"/>, <see cref="VideoProject"/> or <see cref="AudioProject"/>.</typeparam>
    /// <param name="projectId">The project id.</param>
    /// <param name="creditsCharged">Credits charged.</param>
    /// <param name="project">The project as last read; null when the call did not wait.</param>
    /// <param name="downloadedPaths">Full paths of the downloaded outputs.</param>
    /// <param name="uploadedFiles">Local files uploaded, mapped to the storage path sent in their place.</param>
    public static GenerateResult<TProject> GenerateResult<TProject>(
        string projectId,
        int creditsCharged = 0,
        TProject? project = default,
        IEnumerable<string>? downloadedPaths = null,
        IReadOnlyDictionary<string, string>? uploadedFiles = null)
        where TProject : IMagicHourProject
    {
        ArgumentException.ThrowIfNullOrEmpty(projectId);
        return new GenerateResult<TProject>(projectId, creditsCharged, project, [.. downloadedPaths ?? []],
            uploadedFiles ?? new Dictionary<string, string>());
    }

    /// <summary>The exception Generate, Resume and Wait throw when a project ends in <c>error</c> or <c>canceled</c>.</summary>
    /// <param name="projectId">The project id.</param>
    /// <param name="status"><c>error</c> or <c>canceled</c>.</param>
    /// <param name="errorCode">The project's error code, if any.</param>
    /// <param name="message">The message; a default naming the project is used when null.</param>
    public static MagicHourProjectFailedException ProjectFailedException(string projectId, string status = "error", string? errorCode = null, string? message = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(projectId);
        var kind = status == "canceled" ? MagicHourErrorKind.ProjectCanceled : MagicHourErrorKind.ProjectFailed;
        return new MagicHourProjectFailedException(message ?? $"Project {projectId} ended with status '{status}'.", kind, projectId, errorCode, status);
    }

    /// <summary>The exception a Generate call throws when the caller cancels it.</summary>
    /// <param name="projectId">The project created before cancellation, if any.</param>
    /// <param name="cancellationToken">The token that was cancelled.</param>
    public static MagicHourCanceledException CanceledException(string? projectId = null, CancellationToken cancellationToken = default)
        => new(projectId is null ? "The call was cancelled before a project was created." : $"The call was cancelled; project {projectId} exists and can be resumed.", projectId, null, cancellationToken);

    /// <summary>What a <c>…WithResponseAsync</c> call returns: <paramref name="value"/> with a raw response of the given status and headers.</summary>
    /// <typeparam name="T">The response model.</typeparam>
    /// <param name="value">The typed result.</param>
    /// <param name="status">The HTTP status.</param>
    /// <param name="headers">Response headers, one value each (e.g. <c>x-request-id</c>).</param>
    public static MagicHourResponse<T> Response<T>(T value, int status = 200, IReadOnlyDictionary<string, string>? headers = null)
        => new(value, RawResponse(status, headers));

    /// <summary>The raw response a <c>…WithResponseAsync</c> call of an operation without a body (delete) returns.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="headers">Response headers, one value each.</param>
    public static MagicHourRawResponse RawResponse(int status = 200, IReadOnlyDictionary<string, string>? headers = null)
        => new(status, (headers ?? new Dictionary<string, string>()).Select(h => new KeyValuePair<string, IReadOnlyList<string>>(h.Key, [h.Value])));
}
