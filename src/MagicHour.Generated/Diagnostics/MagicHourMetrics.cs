using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace MagicHour.Generated;

/// <summary>
/// The SDK's instruments on the meter <see cref="MagicHourDiagnostics.MeterName"/> (names and tags in
/// <see cref="MagicHourDiagnostics.Instruments"/>). One set per <see cref="IMeterFactory"/> (the DI container's), or
/// one process-wide set when none is given. Recording costs next to nothing when nobody listens.
/// </summary>
internal sealed class MagicHourMetrics
{
    private static readonly MagicHourMetrics Shared = new(new Meter(MagicHourDiagnostics.MeterName, Http.MagicHourHttpPipeline.ProductVersion));
    private static readonly ConditionalWeakTable<IMeterFactory, MagicHourMetrics> PerFactory = new();

    private readonly Histogram<double> _requestDuration;
    private readonly Counter<long> _retries;
    private readonly Histogram<double> _workflowDuration;
    private readonly Histogram<double> _noticeDelay;
    private readonly Counter<long> _uploaded;
    private readonly Counter<long> _downloaded;
    private readonly Counter<long> _credits;
    private readonly Counter<long> _refunded;
    private readonly UpDownCounter<long> _active;

    private MagicHourMetrics(Meter meter)
    {
        Meter = meter;
        _requestDuration = meter.CreateHistogram<double>(MagicHourDiagnostics.Instruments.RequestDuration, "s", "Duration of each HTTP request the SDK sends (each attempt of a retried call counts).");
        _retries = meter.CreateCounter<long>(MagicHourDiagnostics.Instruments.Retries, "{retry}", "Requests and transfers re-sent, by reason.");
        _workflowDuration = meter.CreateHistogram<double>(MagicHourDiagnostics.Instruments.WorkflowDuration, "s", "Duration of Generate and Resume calls, by tool and outcome.");
        _noticeDelay = meter.CreateHistogram<double>(MagicHourDiagnostics.Instruments.NoticeDelay, "s", "Time from a project's end (as a webhook or the project says) to the SDK noticing it.");
        _uploaded = meter.CreateCounter<long>(MagicHourDiagnostics.Instruments.UploadedBytes, "By", "Bytes of input files uploaded.");
        _downloaded = meter.CreateCounter<long>(MagicHourDiagnostics.Instruments.DownloadedBytes, "By", "Bytes of outputs downloaded.");
        _credits = meter.CreateCounter<long>(MagicHourDiagnostics.Instruments.CreditsCharged, "{credit}", "Credits charged by create answers, by tool.");
        _refunded = meter.CreateCounter<long>(MagicHourDiagnostics.Instruments.CreditsRefunded, "{credit}", "Credits refunded for projects Generate created that ended with fewer credits charged than their create answer said, by tool.");
        _active = meter.CreateUpDownCounter<long>(MagicHourDiagnostics.Instruments.ActiveWorkflows, "{workflow}", "Generate and Resume calls in flight.");
    }

    public Meter Meter { get; }

    /// <summary>The instruments of <paramref name="factory"/>'s meter, or the process-wide ones.</summary>
    public static MagicHourMetrics For(IMeterFactory? factory)
        => factory is null
            ? Shared
            : PerFactory.GetValue(factory, f => new MagicHourMetrics(f.Create(new MeterOptions(MagicHourDiagnostics.MeterName) { Version = Http.MagicHourHttpPipeline.ProductVersion })));

    public bool RequestDurationEnabled => _requestDuration.Enabled;

    public void RequestCompleted(TimeSpan duration, HttpRequestMessage request, int? status, string? errorType)
    {
        if (!_requestDuration.Enabled) return;
        var tags = new TagList
        {
            { MagicHourDiagnostics.Tags.HttpRequestMethod, request.Method.Method },
            { MagicHourDiagnostics.Tags.ServerAddress, request.RequestUri?.Host },
        };
        if (request.RequestUri is { } uri) tags.Add(MagicHourDiagnostics.Tags.ServerPort, uri.Port);
        if (status is { } code) tags.Add(MagicHourDiagnostics.Tags.HttpResponseStatusCode, code);
        if (errorType is not null) tags.Add(MagicHourDiagnostics.Tags.ErrorType, errorType);
        if (OperationOf(request) is { } operation) tags.Add(MagicHourDiagnostics.Tags.Operation, operation);
        _requestDuration.Record(duration.TotalSeconds, tags);
    }

    public void Retried(string reason, HttpMethod? method = null, string? operation = null)
    {
        if (!_retries.Enabled) return;
        var tags = new TagList { { MagicHourDiagnostics.Tags.RetryReason, reason } };
        if (method is not null) tags.Add(MagicHourDiagnostics.Tags.HttpRequestMethod, method.Method);
        if (operation is not null) tags.Add(MagicHourDiagnostics.Tags.Operation, operation);
        _retries.Add(1, tags);
    }

    public void WorkflowStarted(string operation, string? tool, string kind) => _active.Add(1, WorkflowTags(operation, tool, kind));

    public void WorkflowEnded(string operation, string? tool, string kind, TimeSpan duration, string outcome)
    {
        _active.Add(-1, WorkflowTags(operation, tool, kind));
        if (!_workflowDuration.Enabled) return;
        var tags = WorkflowTags(operation, tool, kind);
        tags.Add(MagicHourDiagnostics.Tags.Outcome, outcome);
        _workflowDuration.Record(duration.TotalSeconds, tags);
    }

    /// <summary>
    /// Records how late the end of project work was noticed: <paramref name="delay"/> from the moment the process learnt
    /// it (a webhook's delivery, published to <see cref="Webhooks.MagicHourProjectEvents"/>) to the wait noticing it.
    /// <paramref name="source"/>: <c>webhook</c> (the API's project has no end timestamp, so polls cannot tell it).
    /// </summary>
    public void CompletionNoticed(string? tool, string kind, TimeSpan delay, string source)
    {
        if (!_noticeDelay.Enabled) return;
        var tags = new TagList { { MagicHourDiagnostics.Tags.ProjectKind, kind }, { MagicHourDiagnostics.Tags.NoticeSource, source } };
        if (tool is not null) tags.Add(MagicHourDiagnostics.Tags.Tool, tool);
        _noticeDelay.Record(Math.Max(0, delay.TotalSeconds), tags);
    }

    public void Uploaded(long bytes) { if (bytes > 0) _uploaded.Add(bytes); }

    public void Downloaded(long bytes) { if (bytes > 0) _downloaded.Add(bytes); }

    public void Charged(string? tool, string kind, int credits)
    {
        if (credits <= 0) return;
        var tags = new TagList { { MagicHourDiagnostics.Tags.ProjectKind, kind } };
        if (tool is not null) tags.Add(MagicHourDiagnostics.Tags.Tool, tool);
        _credits.Add(credits, tags);
    }

    public void Refunded(string? tool, string kind, int credits)
    {
        if (credits <= 0) return;
        var tags = new TagList { { MagicHourDiagnostics.Tags.ProjectKind, kind } };
        if (tool is not null) tags.Add(MagicHourDiagnostics.Tags.Tool, tool);
        _refunded.Add(credits, tags);
    }

    /// <summary>The operation a request belongs to, as the generated client or the transfer code marked it.</summary>
    public static string? OperationOf(HttpRequestMessage request)
        => request is Http.ApiRequestMessage api ? api.Operation
            : request.Options.TryGetValue(OperationKey, out var operation) ? operation : null;

    public static void MarkOperation(HttpRequestMessage request, string operation) => request.Options.Set(OperationKey, operation);

    private static readonly HttpRequestOptionsKey<string> OperationKey = new(MagicHourDiagnostics.Tags.Operation);

    private static TagList WorkflowTags(string operation, string? tool, string kind)
    {
        var tags = new TagList { { MagicHourDiagnostics.Tags.Operation, operation }, { MagicHourDiagnostics.Tags.ProjectKind, kind } };
        if (tool is not null) tags.Add(MagicHourDiagnostics.Tags.Tool, tool);
        return tags;
    }

    /// <summary>The outcome tag of a workflow that threw <paramref name="error"/>.</summary>
    public static string OutcomeOf(Exception error) => error switch
    {
        MagicHourProjectFailedException { Kind: MagicHourErrorKind.ProjectCanceled } => "canceled",
        MagicHourProjectFailedException => "error",
        MagicHourException { Kind: MagicHourErrorKind.Timeout } => "timeout",
        MagicHourCanceledException or OperationCanceledException => "caller_canceled",
        _ => "failed",
    };
}
