using System.Text.Json;

namespace MagicHour.Generated.Webhooks;

/// <summary>The webhook event types Magic Hour documents: started, completed and errored, for image, video and audio projects.</summary>
/// <remarks>
/// There is no event for <c>canceled</c>: a canceled project sends none, so poll it (or call <c>WaitAsync</c>) to notice.
/// </remarks>
public enum MagicHourWebhookEventType
{
    /// <summary>A type this SDK version does not know (see <see cref="UnknownWebhookEvent"/>).</summary>
    Unknown,
    /// <summary><c>image.started</c>: an image project began rendering.</summary>
    ImageStarted,
    /// <summary><c>image.completed</c>: an image project finished; its downloads are ready.</summary>
    ImageCompleted,
    /// <summary><c>image.errored</c>: an image project failed; its credits are refunded.</summary>
    ImageErrored,
    /// <summary><c>video.started</c>: a video project began rendering.</summary>
    VideoStarted,
    /// <summary><c>video.completed</c>: a video project finished; its downloads are ready.</summary>
    VideoCompleted,
    /// <summary><c>video.errored</c>: a video project failed; its credits are refunded.</summary>
    VideoErrored,
    /// <summary><c>audio.started</c>: an audio project began rendering.</summary>
    AudioStarted,
    /// <summary><c>audio.completed</c>: an audio project finished; its downloads are ready.</summary>
    AudioCompleted,
    /// <summary><c>audio.errored</c>: an audio project failed; its credits are refunded.</summary>
    AudioErrored,
}

/// <summary>
/// A webhook event, as returned by <see cref="MagicHourWebhook.Parse(string)"/>: an <see cref="ImageWebhookEvent"/>,
/// <see cref="VideoWebhookEvent"/>, <see cref="AudioWebhookEvent"/>, or <see cref="UnknownWebhookEvent"/>.
/// </summary>
public abstract class MagicHourWebhookEvent
{
    private protected MagicHourWebhookEvent(string type, MagicHourWebhookEventType eventType, JsonElement rawPayload)
    {
        Type = type;
        EventType = eventType;
        RawPayload = rawPayload;
    }

    /// <summary>The <c>type</c> field exactly as sent, e.g. <c>image.completed</c>.</summary>
    public string Type { get; }

    /// <summary>The event type; <see cref="MagicHourWebhookEventType.Unknown"/> for a type this SDK version does not know.</summary>
    public MagicHourWebhookEventType EventType { get; }

    /// <summary>The event's project object as sent (<c>default</c> when the event had none).</summary>
    public JsonElement RawPayload { get; }

    /// <summary>The project the event is about; null for an <see cref="UnknownWebhookEvent"/>.</summary>
    public abstract IMagicHourProject? Project { get; }

    /// <summary>The id of the project the event is about (pass it to <c>ResumeAsync</c> to download the outputs); null for an unknown event.</summary>
    public string? ProjectId => Project?.Id;

    /// <summary>True for the <c>*.started</c> events.</summary>
    public bool IsStarted => EventType is MagicHourWebhookEventType.ImageStarted or MagicHourWebhookEventType.VideoStarted or MagicHourWebhookEventType.AudioStarted;

    /// <summary>True for the <c>*.completed</c> events.</summary>
    public bool IsCompleted => EventType is MagicHourWebhookEventType.ImageCompleted or MagicHourWebhookEventType.VideoCompleted or MagicHourWebhookEventType.AudioCompleted;

    /// <summary>True for the <c>*.errored</c> events.</summary>
    public bool IsErrored => EventType is MagicHourWebhookEventType.ImageErrored or MagicHourWebhookEventType.VideoErrored or MagicHourWebhookEventType.AudioErrored;

    /// <summary>The type and project id.</summary>
    /// <returns>For example <c>image.completed cm2fphlo3000dmfhu8m0dh63z</c>.</returns>
    public override string ToString() => ProjectId is null ? Type : $"{Type} {ProjectId}";
}

/// <summary>An <c>image.started</c>, <c>image.completed</c> or <c>image.errored</c> event.</summary>
public sealed class ImageWebhookEvent : MagicHourWebhookEvent
{
    internal ImageWebhookEvent(string type, MagicHourWebhookEventType eventType, JsonElement rawPayload, ImageProject project)
        : base(type, eventType, rawPayload)
    {
        Image = project;
    }

    /// <summary>The image project, in the same shape as <c>ImageProjects.GetAsync</c> returns.</summary>
    public ImageProject Image { get; }

    /// <inheritdoc/>
    public override IMagicHourProject? Project => Image;
}

/// <summary>A <c>video.started</c>, <c>video.completed</c> or <c>video.errored</c> event.</summary>
public sealed class VideoWebhookEvent : MagicHourWebhookEvent
{
    internal VideoWebhookEvent(string type, MagicHourWebhookEventType eventType, JsonElement rawPayload, VideoProject project)
        : base(type, eventType, rawPayload)
    {
        Video = project;
    }

    /// <summary>The video project, in the same shape as <c>VideoProjects.GetAsync</c> returns.</summary>
    public VideoProject Video { get; }

    /// <inheritdoc/>
    public override IMagicHourProject? Project => Video;
}

/// <summary>An <c>audio.started</c>, <c>audio.completed</c> or <c>audio.errored</c> event.</summary>
public sealed class AudioWebhookEvent : MagicHourWebhookEvent
{
    internal AudioWebhookEvent(string type, MagicHourWebhookEventType eventType, JsonElement rawPayload, AudioProject project)
        : base(type, eventType, rawPayload)
    {
        Audio = project;
    }

    /// <summary>The audio project, in the same shape as <c>AudioProjects.GetAsync</c> returns.</summary>
    public AudioProject Audio { get; }

    /// <inheritdoc/>
    public override IMagicHourProject? Project => Audio;
}

/// <summary>
/// An event whose <see cref="MagicHourWebhookEvent.Type"/> this SDK version does not know (the API may add some).
/// Its body is kept in <see cref="MagicHourWebhookEvent.RawPayload"/>. Answer it with 2xx, or the sender retries it for a day.
/// </summary>
public sealed class UnknownWebhookEvent : MagicHourWebhookEvent
{
    internal UnknownWebhookEvent(string type, JsonElement rawPayload)
        : base(type, MagicHourWebhookEventType.Unknown, rawPayload)
    {
    }

    /// <inheritdoc/>
    public override IMagicHourProject? Project => null;
}

/// <summary>Why a webhook request was refused.</summary>
public enum MagicHourWebhookFailure
{
    /// <summary>Nothing: the request verified.</summary>
    None,
    /// <summary>No <see cref="MagicHourWebhook.SignatureHeader"/> header.</summary>
    MissingSignature,
    /// <summary>The signature header is not 64 hex characters.</summary>
    MalformedSignature,
    /// <summary>No <see cref="MagicHourWebhook.TimestampHeader"/> header.</summary>
    MissingTimestamp,
    /// <summary>The timestamp header is not a whole number of seconds.</summary>
    MalformedTimestamp,
    /// <summary>The signature does not match: the body, or the timestamp, was changed, or another secret signed it.</summary>
    SignatureMismatch,
    /// <summary>Correctly signed, but longer ago than the tolerance: possibly a replay.</summary>
    TimestampTooOld,
    /// <summary>Correctly signed, but further in the future than the tolerance: a clock is off.</summary>
    TimestampInFuture,
    /// <summary>The body is not a webhook event (not JSON, no <c>type</c>, or no project payload).</summary>
    MalformedPayload,
    /// <summary>
    /// Correctly signed and recent, but a <see cref="MagicHourWebhookReplayGuard"/> already accepted this very request
    /// (a replay, or the same delivery twice). Answer with 2xx, without acting on it again.
    /// </summary>
    Replayed,
}

/// <summary>A webhook request failed verification or parsing. Never contains the secret.</summary>
public sealed class MagicHourWebhookException : MagicHourException
{
    internal MagicHourWebhookException(string message, MagicHourWebhookFailure failure, Exception? innerException = null)
        : base(message, MagicHourErrorKind.Other, null, innerException)
    {
        Failure = failure;
    }

    /// <summary>Why the request was refused. Answer <see cref="MagicHourWebhookFailure.MalformedPayload"/> with 400, <see cref="MagicHourWebhookFailure.Replayed"/> with 2xx, the others with 401.</summary>
    public MagicHourWebhookFailure Failure { get; }
}
