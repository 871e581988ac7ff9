namespace MagicHour.Emulator;

/// <summary>An immutable snapshot of what the emulator has seen. Also served as JSON by GET /_emulator/stats.</summary>
public sealed record EmulatorStats
{
    /// <summary>Create requests (including face detection) that passed auth and faults and reached validation.</summary>
    public long CreatesReceived { get; init; }
    /// <summary>Projects and face detection tasks created (and charged).</summary>
    public long ProjectsCreated { get; init; }
    /// <summary>Credits charged by creates, refunds not subtracted.</summary>
    public long CreditsCharged { get; init; }
    /// <summary>Credits given back for projects that ended in <c>error</c> or <c>canceled</c>.</summary>
    public long CreditsRefunded { get; init; }
    /// <summary>The balance: starting credits − charged + refunded + <see cref="MagicHourEmulator.AddCredits"/>.</summary>
    public long CreditsBalance { get; init; }
    /// <summary>Upload URLs handed out by <c>POST /v1/files/upload-urls</c>.</summary>
    public long UploadUrlsIssued { get; init; }
    /// <summary>Upload PUTs whose whole body was stored.</summary>
    public long UploadsCompleted { get; init; }
    /// <summary>Download GETs answered with the whole file (HEAD requests and truncated-download faults excluded).</summary>
    public long DownloadsServed { get; init; }
    /// <summary>Requests to /_storage that carried an Authorization header (an SDK should never send its key there).</summary>
    public long StorageRequestsWithAuthorization { get; init; }
    /// <summary>Fault rules that took effect on a request.</summary>
    public long FaultsInjected { get; init; }
    /// <summary>Webhook events answered with 2xx by <see cref="MagicHourEmulatorOptions.WebhookUrl"/>.</summary>
    public long WebhooksDelivered { get; init; }
    /// <summary>Webhook delivery attempts that failed (non-2xx or no answer); each event is tried up to 3 times.</summary>
    public long WebhookAttemptsFailed { get; init; }
    /// <summary>"ROUTEKEY STATUS" → count, e.g. "POST /v1/ai-headshot-generator 200"; a dropped connection counts as status "aborted".</summary>
    public IReadOnlyDictionary<string, long> RequestsByRoute { get; init; } = new Dictionary<string, long>();
}

/// <summary>A snapshot of one project (or face detection task) as the emulator tracks it.</summary>
public sealed record EmulatorProjectInfo
{
    /// <summary>The project (or face detection task) id.</summary>
    public required string Id { get; init; }
    /// <summary>"image", "video", "audio" or "face-detection".</summary>
    public required string Kind { get; init; }
    /// <summary>The project <c>type</c> the API reports, e.g. <c>AI_HEADSHOT</c>.</summary>
    public required string Type { get; init; }
    /// <summary>The create route, e.g. "POST /v1/ai-headshot-generator".</summary>
    public required string CreateRoute { get; init; }
    /// <summary>The project's name (the request's <c>name</c>, or the tool's default name).</summary>
    public string? Name { get; init; }
    /// <summary>The status now: <c>queued</c>, <c>rendering</c>, <c>complete</c>, <c>error</c> or <c>canceled</c>.</summary>
    public required string Status { get; init; }
    /// <summary>Credits the project costs now (0 once refunded).</summary>
    public required long CreditsCharged { get; init; }
    /// <summary>Credits given back when the project ended in <c>error</c> or <c>canceled</c>.</summary>
    public required long CreditsRefunded { get; init; }
    /// <summary>Creation time on the emulator's clock.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>Whether a DELETE removed the project.</summary>
    public required bool Deleted { get; init; }
    /// <summary>The <c>error.code</c> of a project in <c>error</c> (e.g. <c>no_source_face</c>), else null.</summary>
    public string? ErrorCode { get; init; }
    /// <summary>Every file path or URL the create request referenced, in document order.</summary>
    public required IReadOnlyList<string> Inputs { get; init; }
}
