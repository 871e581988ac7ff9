namespace MagicHour.Generated;

/// <summary>How a Generate call waits and where it saves outputs.</summary>
public sealed class GenerateOptions
{
    /// <summary>Poll until the project ends. Default true. When false, Generate returns right after the project is created.</summary>
    public bool WaitForCompletion { get; set; } = true;

    /// <summary>Download every output once complete. Default true (needs <see cref="WaitForCompletion"/>).</summary>
    public bool DownloadOutputs { get; set; } = true;

    /// <summary>Where outputs are saved; created if missing. Default: the current directory.</summary>
    public string? DownloadDirectory { get; set; }

    /// <summary>Replace a file of the same name. Default false: a free name (<c>name-1.png</c>) is chosen instead.</summary>
    public bool OverwriteExisting { get; set; }

    /// <summary>The longest time to wait for the project to end. Default 30 minutes.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// A fixed first poll interval for this call, growing 1.5× per poll up to the client's maximum, in place of the
    /// tool's schedule; null uses the client's setting (which by default is the tool's schedule).
    /// </summary>
    public TimeSpan? PollInterval { get; set; }

    /// <summary>
    /// A spending cap for this call's create: it is refused before sending (<see cref="MagicHourErrorKind.CreditLimitReached"/>)
    /// when the credits the client was charged so far, plus the creates in flight and this one at their expected
    /// cost, would pass it. The client's <see cref="MagicHourClientOptions.MaxCredits"/> applies too; the lower wins. Null: only the client's.
    /// </summary>
    public long? MaxCredits { get; set; }

    /// <summary>
    /// How long this job is expected to take (creation to completion). The wait polls sparsely before it, densely
    /// around it and less and less often after it. Null uses the client's
    /// <see cref="MagicHourClientOptions.ExpectedProcessingTimes"/>, then the vendor's published median for the tool.
    /// </summary>
    public TimeSpan? ExpectedProcessingTime { get; set; }

    /// <summary>Receives stage changes, status changes and transfer byte counts.</summary>
    public IProgress<GenerateProgress>? Progress { get; set; }

    internal static GenerateOptions Validated(GenerateOptions? options)
    {
        options ??= new GenerateOptions();
        if (options.Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), options.Timeout, "GenerateOptions.Timeout must be positive.");
        }
        if (options.PollInterval is { } poll && poll <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(PollInterval), poll, "GenerateOptions.PollInterval must be positive.");
        }
        if (options.MaxCredits is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxCredits), options.MaxCredits, "GenerateOptions.MaxCredits must not be negative.");
        }
        if (options.ExpectedProcessingTime is { } expected && expected <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ExpectedProcessingTime), expected, "GenerateOptions.ExpectedProcessingTime must be positive.");
        }
        if (options.DownloadOutputs && options.WaitForCompletion && options.DownloadDirectory is { } dir && string.IsNullOrWhiteSpace(dir))
        {
            throw new ArgumentException("GenerateOptions.DownloadDirectory is blank; leave it null for the current directory.", nameof(DownloadDirectory));
        }
        return options;
    }
}

/// <summary>The stages of a Generate call.</summary>
public enum GenerateStage
{
    /// <summary>Uploading local files.</summary>
    Uploading,
    /// <summary>Creating the project (credits are charged here).</summary>
    Creating,
    /// <summary>The project exists; waiting for it to end.</summary>
    Waiting,
    /// <summary>Downloading outputs.</summary>
    Downloading,
    /// <summary>All done.</summary>
    Completed,
}

/// <summary>A progress report from a Generate call.</summary>
/// <param name="Stage">The current stage.</param>
/// <param name="ProjectId">The project id, once created.</param>
/// <param name="Status">The project's status, while waiting.</param>
/// <param name="Elapsed">Time since the stage's operation started.</param>
/// <param name="FileName">The file being transferred, while uploading or downloading.</param>
/// <param name="BytesTransferred">Bytes sent or received so far for <paramref name="FileName"/>.</param>
/// <param name="TotalBytes">The file's size, when known.</param>
public sealed record GenerateProgress(
    GenerateStage Stage,
    string? ProjectId = null,
    string? Status = null,
    TimeSpan Elapsed = default,
    string? FileName = null,
    long BytesTransferred = 0,
    long? TotalBytes = null);

/// <summary>What a Generate call produced.</summary>
/// <typeparam name="TProject">The project model (image, video or audio).</typeparam>
public sealed class GenerateResult<TProject>
    where TProject : IMagicHourProject
{
    internal GenerateResult(string projectId, int creditsCharged, TProject? project, IReadOnlyList<string> downloadedPaths, IReadOnlyDictionary<string, string> uploadedFiles)
    {
        ProjectId = projectId;
        CreditsCharged = creditsCharged;
        Project = project;
        DownloadedPaths = downloadedPaths;
        UploadedFiles = uploadedFiles;
    }

    /// <summary>The project id.</summary>
    public string ProjectId { get; }

    /// <summary>Credits charged (the final project's figure when waited for, else the create response's).</summary>
    public int CreditsCharged { get; }

    /// <summary>The project as last read; null when <see cref="GenerateOptions.WaitForCompletion"/> was false.</summary>
    public TProject? Project { get; }

    /// <summary>Full paths of the downloaded outputs, in the order of the project's downloads.</summary>
    public IReadOnlyList<string> DownloadedPaths { get; }

    /// <summary>Each local file that was uploaded, mapped to the storage path sent in its place.</summary>
    public IReadOnlyDictionary<string, string> UploadedFiles { get; }
}
