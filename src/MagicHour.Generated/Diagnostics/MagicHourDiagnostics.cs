using System.Diagnostics;
using MagicHour.Generated.Http;

namespace MagicHour.Generated;

/// <summary>
/// Tracing. The SDK's <see cref="ActivitySource"/> is named <see cref="ActivitySourceName"/> (the package id):
/// with OpenTelemetry, <c>builder.AddSource(MagicHourDiagnostics.ActivitySourceName)</c>. Each Generate or Resume
/// call is one activity (<see cref="ActivityNames.Generate"/>, <see cref="ActivityNames.Resume"/>) whose children are
/// its steps: one <see cref="ActivityNames.Upload"/> per local file, <see cref="ActivityNames.Create"/>,
/// <see cref="ActivityNames.Wait"/> (an event per status change) and one <see cref="ActivityNames.Download"/> per
/// output. HTTP requests appear below them as the runtime's own <c>System.Net.Http</c> activities.
/// No tag or event ever holds the API key or a pre-signed URL.
/// Metrics: the meter <see cref="MeterName"/> (OpenTelemetry: <c>builder.AddMeter(MagicHourDiagnostics.MeterName)</c>),
/// instruments listed in <see cref="Instruments"/>.
/// </summary>
public static class MagicHourDiagnostics
{
    /// <summary>The name of the SDK's <see cref="ActivitySource"/>: <c>MagicHour.Generated</c>.</summary>
    public const string ActivitySourceName = "MagicHour.Generated";

    /// <summary>The name of the SDK's <see cref="System.Diagnostics.Metrics.Meter"/>: <c>MagicHour.Generated</c>.</summary>
    public const string MeterName = "MagicHour.Generated";

    /// <summary>The source every SDK activity comes from.</summary>
    internal static readonly ActivitySource Source = new(ActivitySourceName, MagicHourHttpPipeline.ProductVersion);

    /// <summary>Activity (operation) names.</summary>
    public static class ActivityNames
    {
        /// <summary>A whole Generate call: upload → create → wait → download.</summary>
        public const string Generate = "MagicHour.Generate";
        /// <summary>A whole Resume call: wait → download for an existing project.</summary>
        public const string Resume = "MagicHour.Resume";
        /// <summary>One local file uploaded to storage (PUT, with retries and URL renewal).</summary>
        public const string Upload = "MagicHour.Upload";
        /// <summary>The create request (credits are charged here).</summary>
        public const string Create = "MagicHour.Create";
        /// <summary>Polling until the project (or face detection task) ends.</summary>
        public const string Wait = "MagicHour.Wait";
        /// <summary>One output downloaded to disk.</summary>
        public const string Download = "MagicHour.Download";
    }

    /// <summary>Tag names set on the activities.</summary>
    public static class Tags
    {
        /// <summary>
        /// What the activity or workflow does: <c>generate</c>, <c>resume</c>, <c>upload</c>, <c>create</c>, <c>wait</c> or
        /// <c>download</c>. On <see cref="Instruments.RequestDuration"/> and <see cref="Instruments.Retries"/>: the API
        /// operation id of the request (e.g. <c>AiHeadshotGenerator_Create</c>, <c>ImageProjects_Get</c>), or <c>upload</c> /
        /// <c>download</c> for file transfers.
        /// </summary>
        public const string Operation = "magichour.operation";
        /// <summary>The create operation id of a workflow, e.g. <c>AiHeadshotGenerator_Create</c>.</summary>
        public const string Tool = "magichour.tool";
        /// <summary>How a workflow ended: <c>complete</c>, <c>created</c> (not waited for), <c>error</c>, <c>canceled</c> (the project), <c>timeout</c>, <c>caller_canceled</c> or <c>failed</c>.</summary>
        public const string Outcome = "magichour.outcome";
        /// <summary>Why a request or transfer was re-sent: the HTTP status (<c>429</c>, <c>503</c>, ...) or <c>transport</c>.</summary>
        public const string RetryReason = "magichour.retry.reason";
        /// <summary>What told the SDK a project had ended: <c>webhook</c> (the only source that says when; a poll cannot).</summary>
        public const string NoticeSource = "magichour.notice.source";
        /// <summary>OpenTelemetry <c>http.request.method</c>.</summary>
        public const string HttpRequestMethod = "http.request.method";
        /// <summary>OpenTelemetry <c>http.response.status_code</c>.</summary>
        public const string HttpResponseStatusCode = "http.response.status_code";
        /// <summary>OpenTelemetry <c>server.address</c>.</summary>
        public const string ServerAddress = "server.address";
        /// <summary>OpenTelemetry <c>server.port</c>.</summary>
        public const string ServerPort = "server.port";
        /// <summary>OpenTelemetry <c>error.type</c>: the exception type of a request that got no answer.</summary>
        public const string ErrorType = "error.type";
        /// <summary>The API resource of a Generate call, e.g. <c>AiHeadshotGenerator</c>.</summary>
        public const string Resource = "magichour.resource";
        /// <summary>The project kind: <c>image</c>, <c>video</c> or <c>audio</c>.</summary>
        public const string ProjectKind = "magichour.project.kind";
        /// <summary>The project (or face detection task) id, once known.</summary>
        public const string ProjectId = "magichour.project.id";
        /// <summary>The last project status seen (<c>complete</c>, <c>error</c>, ...).</summary>
        public const string Status = "magichour.project.status";
        /// <summary>Bytes uploaded or downloaded by the step.</summary>
        public const string Bytes = "magichour.bytes";
        /// <summary>Credits charged, once known.</summary>
        public const string CreditsCharged = "magichour.credits_charged";
    }

    /// <summary>The SDK's instrument names (meter <see cref="MeterName"/>).</summary>
    public static class Instruments
    {
        /// <summary>Histogram, s: each HTTP request (every attempt), tags <c>http.request.method</c>, <c>http.response.status_code</c>, <c>server.address</c>, <c>server.port</c>, <c>error.type</c>, <c>magichour.operation</c>. Named as OpenTelemetry's HTTP client semantic conventions say.</summary>
        public const string RequestDuration = "http.client.request.duration";
        /// <summary>Counter, {retry}: re-sent requests and transfers, tags <c>magichour.retry.reason</c>, <c>http.request.method</c>.</summary>
        public const string Retries = "magichour.client.retries";
        /// <summary>Histogram, s: whole Generate and Resume calls, tags <c>magichour.operation</c>, <c>magichour.tool</c>, <c>magichour.project.kind</c>, <c>magichour.outcome</c>.</summary>
        public const string WorkflowDuration = "magichour.workflow.duration";
        /// <summary>
        /// Histogram, s: from a project's end event reaching this process (a webhook delivery published to
        /// <see cref="Webhooks.MagicHourProjectEvents"/>) to the waiting <c>GenerateAsync</c>/<c>ResumeAsync</c>/<c>WaitAsync</c>
        /// noticing it, tags <c>magichour.tool</c> (when known), <c>magichour.project.kind</c>, <c>magichour.notice.source</c>.
        /// Polls record nothing: the API's projects carry no end timestamp.
        /// </summary>
        public const string NoticeDelay = "magichour.project.notice_delay";
        /// <summary>Counter, By: input bytes uploaded.</summary>
        public const string UploadedBytes = "magichour.upload.bytes";
        /// <summary>Counter, By: output bytes downloaded.</summary>
        public const string DownloadedBytes = "magichour.download.bytes";
        /// <summary>Counter, {credit}: credits charged by create answers, tags <c>magichour.tool</c>, <c>magichour.project.kind</c>.</summary>
        public const string CreditsCharged = "magichour.credits.charged";
        /// <summary>
        /// Counter, {credit}: credits given back for projects <c>GenerateAsync</c> created that ended (usually in error) with fewer
        /// credits charged than their create answer said, tags <c>magichour.tool</c>, <c>magichour.project.kind</c>.
        /// Net spend is <see cref="CreditsCharged"/> minus this.
        /// </summary>
        public const string CreditsRefunded = "magichour.credits.refunded";
        /// <summary>UpDownCounter, {workflow}: Generate and Resume calls in flight, tags <c>magichour.operation</c>, <c>magichour.tool</c>, <c>magichour.project.kind</c>.</summary>
        public const string ActiveWorkflows = "magichour.workflows.active";
    }

    /// <summary>The name of the event added to a <see cref="ActivityNames.Wait"/> activity at each status change (tag <see cref="Tags.Status"/>).</summary>
    public const string StatusChangedEvent = "magichour.status_changed";
}
