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
public sealed class MagicHourClientContext
{
    internal MagicHourClientContext(ResolvedOptions options, HttpClient http, ApiHostTokenProvider tokens, ILogger logger)
    {
        Options = options;
        KeyRedaction.Register(options.ApiKey);
        Http = http;
        Tokens = tokens;
        Logger = logger;
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
    internal HttpClient Http { get; }
    internal ApiHostTokenProvider Tokens { get; }
    internal ILogger Logger { get; }
    internal FileUploader Uploader { get; }
    internal OutputDownloader Downloader { get; }
    internal ProjectWaiter Waiter { get; }
    internal GenerateWorkflow Workflow { get; }
    internal ProjectKinds ProjectKinds { get; set; } = null!;
    internal UploadUrlsClient UploadUrls { get; set; } = null!;

    /// <summary>Never shows the key.</summary>
    public override string ToString() => $"MagicHourClientContext {{ BaseUrl = {BaseUrl} }}";

    internal static ILogger CreateLogger(ResolvedOptions options)
        => options.LoggerFactory?.CreateLogger("MagicHour.Generated") ?? NullLogger.Instance;
}

/// <summary>Base class of every generated resource client (nswag.json <c>clientBaseClass</c>).</summary>
public abstract class MagicHourResourceClient
{
    /// <summary>Stores the shared context.</summary>
    protected MagicHourResourceClient(MagicHourClientContext configuration)
    {
        Context = configuration ?? throw new ArgumentNullException(nameof(configuration));
    }

    /// <summary>The shared settings, pipeline and workflow parts.</summary>
    protected internal MagicHourClientContext Context { get; }
}
