using System.Text.Json;
using MagicHour.Generated.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MagicHour.Generated;

/// <summary>
/// What every resource client of one <see cref="MagicHourClient"/> shares: settings, the HTTP pipeline,
/// JSON options and the workflow parts. Generated clients receive it in their constructor
/// (nswag.json <c>configurationClass</c>); create clients through <see cref="MagicHourClient"/>.
/// </summary>
internal sealed class MagicHourClientContext
{
    internal MagicHourClientContext(ResolvedOptions options, HttpClient http, HttpClient storage, ApiHostTokenProvider tokens, ILogger logger, CreditLedger credits)
    {
        Credits = credits;
        Options = options;
        KeyRedaction.Register(options.ApiKey);
        Http = http;
        Storage = storage;
        Tokens = tokens;
        Logger = logger;
        Resilience = MagicHourHttpPipeline.CreatePolicy(options, logger);
        BaseUrl = options.BaseUrl.ToString();
        Uploader = new FileUploader(this);
        Downloader = new OutputDownloader(this);
        Waiter = new ProjectWaiter(this);
        Workflow = new GenerateWorkflow(this);
    }

    /// <summary>The API base URL every generated client uses.</summary>
    public string BaseUrl { get; }

    /// <summary>The JSON options every generated client uses.</summary>
    public JsonSerializerOptions JsonOptions => MagicHourJson.Options;

    internal ResolvedOptions Options { get; }
    /// <summary>The API pipeline (bearer key, retries, NetworkTimeout).</summary>
    internal HttpClient Http { get; }
    /// <summary>The storage pipeline for pre-signed upload and download URLs (no key, no retry of its own).</summary>
    internal HttpClient Storage { get; }
    /// <summary>The resilience policy transfers and polls use (the API pipeline has its own instance of the same settings).</summary>
    internal ResiliencePolicy Resilience { get; }
    internal ApiHostTokenProvider Tokens { get; }
    /// <summary>The spending cap's tally (the same instance the API pipeline's <see cref="SpendingCapHandler"/> counts in).</summary>
    internal CreditLedger Credits { get; }
    internal ILogger Logger { get; }
    internal FileUploader Uploader { get; }
    internal OutputDownloader Downloader { get; }
    internal ProjectWaiter Waiter { get; }
    internal GenerateWorkflow Workflow { get; }
    /// <summary>The resource clients (set by <see cref="MagicHourV1"/>'s constructor); the workflow reads projects through them.</summary>
    internal MagicHourV1 V1 { get; set; } = null!;

    /// <summary>Never shows the key.</summary>
    public override string ToString() => $"MagicHourClientContext {{ BaseUrl = {BaseUrl} }}";

    internal static ILogger CreateLogger(ResolvedOptions options)
        => options.LoggerFactory?.CreateLogger("MagicHour.Generated") ?? NullLogger.Instance;
}

/// <summary>
/// Marks the generated resource clients (they hold the shared context; the public surface has no base class,
/// so nothing of the plumbing is visible to users). Tests find the generated clients through it.
/// </summary>
internal interface IMagicHourResourceClient;
