using System.Globalization;
using System.Text.Json.Nodes;

namespace MagicHour.Emulator;

/// <summary>An upload URL the emulator issued, and whether its bytes arrived.</summary>
internal sealed class AssetRecord
{
    public required string FilePath { get; init; }
    public required string Type { get; init; }
    public required string Extension { get; init; }
    public bool Uploaded { get; set; }
    public long Length { get; set; }
    /// <summary>Assets the emulator made itself (face crops) rather than received.</summary>
    public bool Generated { get; init; }
}

/// <summary>A project or face detection task. Mutable fields are guarded by the state lock.</summary>
internal sealed class ProjectRecord
{
    public required string Id { get; init; }
    /// <summary>Null for face detection tasks.</summary>
    public CreateEndpoint? Endpoint { get; init; }
    public required string KindName { get; init; }
    public required string Type { get; init; }
    public required string CreateRoute { get; init; }
    public string? Name { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required long Cost { get; init; }
    /// <summary>Set at creation; cleared (under the state lock) by <see cref="EmulatorState.ReleaseStuck"/>.</summary>
    public EmulatorFaultKind? OutcomeFault { get; set; }
    public required IReadOnlyList<string> Inputs { get; init; }
    /// <summary>Uploaded image (storage-relative path) or URL checked by the faceless rule, if any.</summary>
    public string? FaceInput { get; init; }
    /// <summary>First uploaded image input (storage-relative path) used as the source of outputs, if any.</summary>
    public string? SourceImage { get; init; }
    public int OutputCount { get; init; } = 1;
    public string OutputExtension { get; init; } = "png";
    public double StartSeconds { get; init; }
    public double EndSeconds { get; init; }

    public bool Settled { get; set; }
    public string? FinalStatus { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    public long Refunded { get; set; }
    public bool Deleted { get; set; }
    /// <summary>Face detection results (storage-relative paths of face crops).</summary>
    public List<string> Faces { get; } = [];

    public long CreditsCharged => Cost - Refunded;

    public IEnumerable<string> OutputFileNames()
    {
        if (OutputCount <= 1)
        {
            yield return $"{Id}.{OutputExtension}";
            yield break;
        }
        for (var i = 1; i <= OutputCount; i++)
        {
            yield return $"{Id}-{i}.{OutputExtension}";
        }
    }
}

/// <summary>All mutable state of one emulator instance. Thread-safe; one lock is plenty for a test fake.</summary>
internal sealed class EmulatorState
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, AssetRecord> _assets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ProjectRecord> _projects = new(StringComparer.Ordinal);
    private readonly List<ProjectRecord> _projectsInOrder = [];
    private readonly Dictionary<string, Lazy<bool>> _facelessCache = new(StringComparer.Ordinal);

    private long _balance;
    private long _createsReceived;
    private long _projectsCreated;
    private long _creditsCharged;
    private long _creditsRefunded;
    private long _uploadUrlsIssued;
    private long _uploadsCompleted;
    private long _downloadsServed;
    private long _storageRequestsWithAuthorization;
    private long _faultsInjected;
    private long _webhooksDelivered;
    private long _webhookAttemptsFailed;

    public EmulatorState(MagicHourEmulatorOptions options, string storageRoot)
    {
        Options = options;
        Time = options.TimeProvider;
        StorageRoot = storageRoot;
        _balance = options.StartingCredits;
        Faults = new FaultRegistry(options.Faults);
        Outputs = new OutputStore(this);
        SavedItems = new SavedItemStore(this);
        Spec = options.Spec ?? ApiSpec.Current;
        Catalog = options.Spec is null ? CreateEndpointCatalog.All : CreateEndpointCatalog.FromSpec(Spec);
        Validator = new SchemaValidator(Spec);
    }

    public MagicHourEmulatorOptions Options { get; }
    public TimeProvider Time { get; }
    public string StorageRoot { get; }
    public UrlSigner Signer { get; } = new();
    public FaultRegistry Faults { get; }
    public OutputStore Outputs { get; }
    public SavedItemStore SavedItems { get; }

    /// <summary>The spec this instance serves: its create operations and the schemas requests are validated against.</summary>
    public ApiSpec Spec { get; }
    public IReadOnlyList<CreateEndpoint> Catalog { get; }
    public SchemaValidator Validator { get; }

    /// <summary>"http://host:port" used in upload and download URLs; set once the server is bound.</summary>
    public string StorageBase { get; set; } = "";

    /// <summary>The port the server is bound to; set once the server is bound.</summary>
    public int Port { get; set; }

    public DateTimeOffset Now => Time.GetUtcNow();

    public static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    // ---------------- stats ----------------

    public void CountStorageAuthorization() => Interlocked.Increment(ref _storageRequestsWithAuthorization);
    public void CountFault() => Interlocked.Increment(ref _faultsInjected);
    public void CountCreateReceived() => Interlocked.Increment(ref _createsReceived);
    public void CountDownloadServed() => Interlocked.Increment(ref _downloadsServed);
    public void CountWebhookDelivered() => Interlocked.Increment(ref _webhooksDelivered);
    public void CountWebhookAttemptFailed() => Interlocked.Increment(ref _webhookAttemptsFailed);

    public RequestCounter Requests { get; } = new();

    public long Balance
    {
        get
        {
            SettleDue();
            lock (_lock)
            {
                return _balance;
            }
        }
    }

    public void AddCredits(long amount)
    {
        lock (_lock)
        {
            _balance += amount;
        }
    }

    public EmulatorStats Snapshot()
    {
        SettleDue();
        lock (_lock)
        {
            return new EmulatorStats
            {
                CreatesReceived = Interlocked.Read(ref _createsReceived),
                ProjectsCreated = _projectsCreated,
                CreditsCharged = _creditsCharged,
                CreditsRefunded = _creditsRefunded,
                CreditsBalance = _balance,
                UploadUrlsIssued = _uploadUrlsIssued,
                UploadsCompleted = _uploadsCompleted,
                DownloadsServed = Interlocked.Read(ref _downloadsServed),
                StorageRequestsWithAuthorization = Interlocked.Read(ref _storageRequestsWithAuthorization),
                FaultsInjected = Interlocked.Read(ref _faultsInjected),
                WebhooksDelivered = Interlocked.Read(ref _webhooksDelivered),
                WebhookAttemptsFailed = Interlocked.Read(ref _webhookAttemptsFailed),
                RequestsByRoute = Requests.Snapshot(),
            };
        }
    }

    // ---------------- storage ----------------

    /// <summary>Issues an upload URL for a new asset. <paramref name="expired"/> makes it already expired.</summary>
    public (string UploadUrl, DateTimeOffset ExpiresAt, string FilePath) IssueUpload(string type, string extension, bool expired)
    {
        var filePath = $"api-assets/{Ids.Random(24)}/{Ids.Random(12)}.{extension}";
        var now = Now;
        var expiresAt = expired ? now.AddSeconds(-60) : now + Options.UploadUrlLifetime;
        var unix = expiresAt.ToUnixTimeSeconds();
        var urlPath = "/_storage/upload/" + filePath;
        var url = $"{StorageBase}{urlPath}?expires={unix}&sig={Signer.Sign(urlPath, unix)}";
        lock (_lock)
        {
            _assets[filePath] = new AssetRecord { FilePath = filePath, Type = type, Extension = extension };
            _uploadUrlsIssued++;
        }
        return (url, DateTimeOffset.FromUnixTimeSeconds(unix), filePath);
    }

    public AssetRecord? FindAsset(string filePath)
    {
        if (filePath.StartsWith(SavedItemStore.PathPrefix, StringComparison.Ordinal))
        {
            SavedItems.EnsureSeeded();
        }
        lock (_lock)
        {
            return _assets.GetValueOrDefault(filePath);
        }
    }

    public void MarkUploaded(string filePath, long length)
    {
        lock (_lock)
        {
            if (_assets.TryGetValue(filePath, out var asset))
            {
                asset.Uploaded = true;
                asset.Length = length;
                _facelessCache.Remove(filePath);
            }
            _uploadsCompleted++;
        }
    }

    public void RegisterGeneratedAsset(string filePath, string type, long length)
    {
        lock (_lock)
        {
            _assets[filePath] = new AssetRecord
            {
                FilePath = filePath,
                Type = type,
                Extension = Path.GetExtension(filePath).TrimStart('.'),
                Uploaded = true,
                Length = length,
                Generated = true,
            };
        }
    }

    /// <summary>Absolute disk path of a storage-relative path, or null if it would escape the storage root.</summary>
    public string? DiskPath(string relative)
    {
        if (relative.Contains("..", StringComparison.Ordinal) || relative.Contains('\\') || Path.IsPathRooted(relative))
        {
            return null;
        }
        var full = Path.GetFullPath(Path.Combine(StorageRoot, relative));
        return full.StartsWith(Path.GetFullPath(StorageRoot) + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? full : null;
    }

    public (string Url, DateTimeOffset ExpiresAt) SignedDownloadUrl(string relative, TimeSpan? lifetime = null)
    {
        var expiresAt = Now + (lifetime ?? Options.DownloadUrlLifetime);
        var unix = expiresAt.ToUnixTimeSeconds();
        var urlPath = "/_storage/download/" + relative;
        return ($"{StorageBase}{urlPath}?expires={unix}&sig={Signer.Sign(urlPath, unix)}", DateTimeOffset.FromUnixTimeSeconds(unix));
    }

    /// <summary>
    /// The download URL put in project bodies: the signed storage URL, or with
    /// <see cref="MagicHourEmulatorOptions.DownloadRedirectHost"/> a URL on that host, ending in the same file name, that redirects to it.
    /// </summary>
    public (string Url, DateTimeOffset ExpiresAt) PublicDownloadUrl(string relative)
    {
        var (url, expiresAt) = SignedDownloadUrl(relative);
        return Options.DownloadRedirectHost is { } host
            ? ($"http://{host}:{Port}/_storage/redirect/{Path.GetFileName(relative)}?to={Uri.EscapeDataString(url)}", expiresAt)
            : (url, expiresAt);
    }

    /// <summary>True when the uploaded image at <paramref name="relative"/> is (nearly) one colour. Cached per file.</summary>
    public bool IsFaceless(string relative)
    {
        Lazy<bool> lazy;
        lock (_lock)
        {
            if (!_facelessCache.TryGetValue(relative, out lazy!))
            {
                var disk = DiskPath(relative);
                lazy = new Lazy<bool>(() => disk is not null && ImageTools.IsSingleColour(disk));
                _facelessCache[relative] = lazy;
            }
        }
        return lazy.Value;
    }

    // ---------------- credits and projects ----------------

    /// <summary>Charges <paramref name="cost"/> and stores the project built by <paramref name="build"/>, atomically. False when the balance is too low.</summary>
    public bool TryCreate(long cost, Func<ProjectRecord> build, out ProjectRecord? project, out long balance)
    {
        lock (_lock)
        {
            balance = _balance;
            if (_balance < cost)
            {
                project = null;
                return false;
            }
            project = build();
            _balance -= cost;
            _creditsCharged += cost;
            _projectsCreated++;
            _projects[project.Id] = project;
            _projectsInOrder.Add(project);
            balance = _balance;
            return true;
        }
    }

    public ProjectRecord? FindProject(string id)
    {
        lock (_lock)
        {
            return _projects.TryGetValue(id, out var p) && !p.Deleted ? p : null;
        }
    }

    public bool DeleteProject(string id, string kindName)
    {
        ProjectRecord? project;
        lock (_lock)
        {
            if (!_projects.TryGetValue(id, out project) || project.Deleted || project.KindName != kindName)
            {
                return false;
            }
            project.Deleted = true;
        }
        Outputs.Delete(project);
        return true;
    }

    public EmulatorProjectInfo? Info(string id)
    {
        ProjectRecord? p;
        lock (_lock)
        {
            p = _projects.GetValueOrDefault(id);
        }
        if (p is null)
        {
            return null;
        }
        var status = StatusOf(p);
        lock (_lock)
        {
            return new EmulatorProjectInfo
            {
                Id = p.Id,
                Kind = p.KindName,
                Type = p.Type,
                CreateRoute = p.CreateRoute,
                Name = p.Name,
                Status = status,
                CreditsCharged = p.CreditsCharged,
                CreditsRefunded = p.Refunded,
                CreatedAt = p.CreatedAt,
                Deleted = p.Deleted,
                ErrorCode = p.ErrorCode,
                Inputs = p.Inputs.ToArray(),
            };
        }
    }

    /// <summary>Projects and tasks created since the <paramref name="start"/>-th one, in creation order (deleted ones included).</summary>
    public List<ProjectRecord> ProjectsFrom(int start)
    {
        lock (_lock)
        {
            return start >= _projectsInOrder.Count ? [] : _projectsInOrder.GetRange(start, _projectsInOrder.Count - start);
        }
    }

    /// <summary>Lets a project created with the stuck-rendering fault finish normally. False for an unknown or not-stuck id.</summary>
    public bool ReleaseStuck(string id)
    {
        lock (_lock)
        {
            if (!_projects.TryGetValue(id, out var p) || p.OutcomeFault != EmulatorFaultKind.StuckRendering)
            {
                return false;
            }
            p.OutcomeFault = null;
            return true;
        }
    }

    /// <summary>
    /// The status at the current time: queued for the first quarter of RenderTime, then rendering,
    /// then the final status (decided once, with refunds, by <see cref="Settle"/>).
    /// </summary>
    public string StatusOf(ProjectRecord p)
    {
        var render = Options.RenderTime;
        var elapsed = Now - p.CreatedAt;
        if (render > TimeSpan.Zero)
        {
            if (elapsed < render / 4)
            {
                return "queued";
            }
            if (p.OutcomeFault == EmulatorFaultKind.StuckRendering || elapsed < render)
            {
                return "rendering";
            }
        }
        else if (p.OutcomeFault == EmulatorFaultKind.StuckRendering)
        {
            return "rendering";
        }
        Settle(p);
        lock (_lock)
        {
            return p.FinalStatus!;
        }
    }

    private void Settle(ProjectRecord p)
    {
        lock (_lock)
        {
            if (p.Settled)
            {
                return;
            }
        }

        // Decide outside the lock: the faceless check decodes an image.
        string status = "complete";
        string? code = null, message = null;
        if (p.OutcomeFault == EmulatorFaultKind.EndInError)
        {
            (status, code, message) = ("error", "unknown_error", "An unknown error occurred while rendering (injected by the emulator's end-in-error fault).");
        }
        else if (p.OutcomeFault == EmulatorFaultKind.EndCanceled)
        {
            status = "canceled";
        }
        else if (p.Endpoint is not null && p.FaceInput is not null && !IsUrl(p.FaceInput) && IsFaceless(p.FaceInput))
        {
            (status, code, message) = ("error", "no_source_face", "Please use an image with a detectable face.");
        }

        // Face detection: find the faces now so GET can list them.
        var faces = p.Endpoint is null && status == "complete" ? Outputs.DetectFaces(p) : null;

        lock (_lock)
        {
            if (p.Settled)
            {
                return;
            }
            p.FinalStatus = status;
            p.ErrorCode = code;
            p.ErrorMessage = message;
            if (faces is not null)
            {
                p.Faces.AddRange(faces);
            }
            if (status is "error" or "canceled" && p.Cost > 0)
            {
                p.Refunded = p.Cost;
                _balance += p.Cost;
                _creditsRefunded += p.Cost;
            }
            p.Settled = true;
        }
    }

    /// <summary>Settles every project whose render time has passed, so balances and stats include refunds.</summary>
    public void SettleDue()
    {
        List<ProjectRecord> due;
        var now = Now;
        lock (_lock)
        {
            due = _projects.Values
                .Where(p => !p.Settled && p.OutcomeFault != EmulatorFaultKind.StuckRendering && now - p.CreatedAt >= Options.RenderTime)
                .ToList();
        }
        foreach (var p in due)
        {
            Settle(p);
        }
    }

    public static bool IsUrl(string value) =>
        value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    public JsonObject ErrorNode(ProjectRecord p) => new() { ["message"] = p.ErrorMessage, ["code"] = p.ErrorCode };
}
