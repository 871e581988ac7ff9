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
/// </summary>
public static class MagicHourDiagnostics
{
    /// <summary>The name of the SDK's <see cref="ActivitySource"/>: <c>MagicHour.Generated</c>.</summary>
    public const string ActivitySourceName = "MagicHour.Generated";

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
        /// <summary>What the activity does: <c>generate</c>, <c>resume</c>, <c>upload</c>, <c>create</c>, <c>wait</c> or <c>download</c>.</summary>
        public const string Operation = "magichour.operation";
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

    /// <summary>The name of the event added to a <see cref="ActivityNames.Wait"/> activity at each status change (tag <see cref="Tags.Status"/>).</summary>
    public const string StatusChangedEvent = "magichour.status_changed";
}
