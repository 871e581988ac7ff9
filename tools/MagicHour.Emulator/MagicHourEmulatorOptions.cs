namespace MagicHour.Emulator;

/// <summary>Settings of one emulator instance. Every property has a usable default.</summary>
public sealed class MagicHourEmulatorOptions
{
    /// <summary>The only API key the emulator accepts (<c>Authorization: Bearer &lt;key&gt;</c>).</summary>
    public string ApiKey { get; set; } = "mh_emulator_demo_key";

    /// <summary>TCP port on 127.0.0.1; 0 picks any free port (read <see cref="MagicHourEmulator.BaseUrl"/> after start).</summary>
    public int Port { get; set; }

    /// <summary>
    /// How long a project takes from creation to its final status: the first quarter it is <c>queued</c>,
    /// then <c>rendering</c>, then final. <see cref="TimeSpan.Zero"/> makes a project final on its first GET.
    /// </summary>
    public TimeSpan RenderTime { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Credits the account starts with.</summary>
    public long StartingCredits { get; set; } = 100_000;

    /// <summary>Where uploads and outputs are stored; null creates a fresh temp directory that is deleted on dispose.</summary>
    public string? StorageDirectory { get; set; }

    /// <summary>Lifetime of a signed upload URL.</summary>
    public TimeSpan UploadUrlLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Lifetime of a signed download URL (counted from the GET that returned it).</summary>
    public TimeSpan DownloadUrlLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Host name put in upload and download URLs. Null uses the API's own host (127.0.0.1);
    /// "localhost" makes storage look like a different origin than the API (same port).
    /// </summary>
    public string? StorageHost { get; set; }

    /// <summary>Clock used for project progress, created_at and URL expiry.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Write ASP.NET Core logs to the console.</summary>
    public bool EnableLogging { get; set; }

    /// <summary>Fault rules active from the start (see <see cref="EmulatorFault"/>).</summary>
    public IList<EmulatorFault> Faults { get; set; } = new List<EmulatorFault>();

    /// <summary>Largest JSON request body accepted on /v1 routes; larger bodies get 413.</summary>
    public long MaxJsonBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// For benchmarks: when set, every project output is a file of exactly this many zero bytes (created
    /// sparse, instantly) instead of rendered media, so large downloads can be measured. Null (the default)
    /// renders real PNG/GIF/MP4/WAV outputs.
    /// </summary>
    public long? SyntheticOutputBytes { get; set; }

    /// <summary>
    /// Where to POST signed webhook events (<c>image.started</c>, <c>image.completed</c>, <c>image.errored</c>, and the
    /// same for video and audio) as projects change status. Null (the default) sends none.
    /// </summary>
    public Uri? WebhookUrl { get; set; }

    /// <summary>The secret that signs webhook events (HMAC-SHA256 over <c>"{timestamp}.{body}"</c>, lower-case hex).</summary>
    public string WebhookSecret { get; set; } = "whsec_emulator_demo_secret";

    /// <summary>
    /// When set, download URLs in project bodies point at <c>http://{DownloadRedirectHost}:{port}/_storage/redirect/{file name}?to=...</c>,
    /// which answers 302 to the real signed URL on <see cref="StorageHost"/>: a download that crosses hosts through a redirect.
    /// </summary>
    public string? DownloadRedirectHost { get; set; }

    /// <summary>
    /// The <c>tier</c> GET /v1/account reports: <c>free</c>, <c>creator</c>, <c>pro</c> (the default) or <c>business</c>.
    /// A <c>free</c> tier with a subscription reports it as <c>past_due</c>, as the vendor does.
    /// </summary>
    public string AccountTier { get; set; } = "pro";

    /// <summary>False makes GET /v1/account report <c>subscription: null</c> (a free or credit-pack-only account).</summary>
    public bool AccountHasSubscription { get; set; } = true;

    /// <summary>How many saved items GET /v1/saved-items lists (mixed types, newest first); 0 lists none.</summary>
    public int SavedItemCount { get; set; } = 45;

    /// <summary>For the emulator's own tests: serve this spec instead of the embedded one.</summary>
    internal ApiSpec? Spec { get; set; }
}
