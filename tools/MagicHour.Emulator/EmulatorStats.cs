namespace MagicHour.Emulator;

/// <summary>An immutable snapshot of what the emulator has seen. Also served as JSON by GET /_emulator/stats.</summary>
public sealed record EmulatorStats
{
    /// <summary>Create requests (including face detection) that passed auth and faults and reached validation.</summary>
    public long CreatesReceived { get; init; }
    public long ProjectsCreated { get; init; }
    public long CreditsCharged { get; init; }
    public long CreditsRefunded { get; init; }
    public long CreditsBalance { get; init; }
    public long UploadUrlsIssued { get; init; }
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
    public required string Id { get; init; }
    /// <summary>"image", "video", "audio" or "face-detection".</summary>
    public required string Kind { get; init; }
    public required string Type { get; init; }
    /// <summary>The create route, e.g. "POST /v1/ai-headshot-generator".</summary>
    public required string CreateRoute { get; init; }
    /// <summary>The project's name (the request's <c>name</c>, or the tool's default name).</summary>
    public string? Name { get; init; }
    public required string Status { get; init; }
    public required long CreditsCharged { get; init; }
    public required long CreditsRefunded { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required bool Deleted { get; init; }
    public string? ErrorCode { get; init; }
    /// <summary>Every file path or URL the create request referenced, in document order.</summary>
    public required IReadOnlyList<string> Inputs { get; init; }
}
