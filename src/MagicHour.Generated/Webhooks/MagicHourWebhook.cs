using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MagicHour.Generated.Http;

namespace MagicHour.Generated.Webhooks;

/// <summary>
/// Verifies and parses the webhook events Magic Hour sends to your endpoint (<c>image.started</c>,
/// <c>image.completed</c>, <c>image.errored</c>, and the same for <c>video</c> and <c>audio</c>).
/// </summary>
/// <remarks>
/// <para>
/// Each event carries two headers: <see cref="TimestampHeader"/> (Unix seconds) and <see cref="SignatureHeader"/>,
/// the hex HMAC-SHA256 of <c>"{timestamp}.{body}"</c> keyed with your webhook secret. Verification recomputes it
/// over the body exactly as received, compares in constant time, and accepts only timestamps within a window
/// (<see cref="DefaultTolerance"/>, five minutes, in both directions). The window bounds replays (a captured request
/// is refused once it is older than the window) but does not refuse one within it: for that, verify through a
/// <see cref="MagicHourWebhookReplayGuard"/>, which remembers the requests it accepted for as long as the window lasts.
/// </para>
/// <para>
/// Pass the raw request body: the signature covers its exact bytes, so a body that was parsed and
/// re-serialized (different spacing or field order) does not verify. In ASP.NET Core:
/// </para>
/// <code>
/// app.MapPost("/magic-hour", async (HttpRequest request) =>
/// {
///     using var reader = new StreamReader(request.Body);
///     var body = await reader.ReadToEndAsync();
///     var evt = MagicHourWebhook.VerifyAndParse(body,
///         request.Headers[MagicHourWebhook.SignatureHeader], request.Headers[MagicHourWebhook.TimestampHeader], secret);
///     if (evt is ImageWebhookEvent { EventType: MagicHourWebhookEventType.ImageCompleted } done) { /* done.Project.Downloads */ }
///     return Results.Ok();
/// });
/// </code>
/// </remarks>
public static class MagicHourWebhook
{
    /// <summary>The header holding the signature: lower-case hex HMAC-SHA256 of <c>"{timestamp}.{body}"</c>.</summary>
    public const string SignatureHeader = "magic-hour-event-signature";

    /// <summary>The header holding the time the event was signed, in whole seconds since the Unix epoch.</summary>
    public const string TimestampHeader = "magic-hour-event-timestamp";

    /// <summary>How far the timestamp may be from the current time, either way, by default: five minutes.</summary>
    public static TimeSpan DefaultTolerance { get; } = TimeSpan.FromMinutes(5);

    private const int SignatureBytes = 32;

    /// <summary>Computes the signature Magic Hour sends for <paramref name="payload"/> signed at <paramref name="timestamp"/>.</summary>
    /// <param name="payload">The request body.</param>
    /// <param name="timestamp">Unix seconds, as in <see cref="TimestampHeader"/>.</param>
    /// <param name="secret">The webhook secret.</param>
    /// <returns>64 lower-case hex characters.</returns>
    /// <exception cref="ArgumentException"><paramref name="secret"/> is empty.</exception>
    public static string ComputeSignature(string payload, long timestamp, string secret)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return ComputeSignature(Encoding.UTF8.GetBytes(payload), timestamp, secret);
    }

    /// <summary>Computes the signature Magic Hour sends for the raw body <paramref name="payload"/> signed at <paramref name="timestamp"/>.</summary>
    /// <param name="payload">The request body's bytes.</param>
    /// <param name="timestamp">Unix seconds, as in <see cref="TimestampHeader"/>.</param>
    /// <param name="secret">The webhook secret.</param>
    /// <returns>64 lower-case hex characters.</returns>
    /// <exception cref="ArgumentException"><paramref name="secret"/> is empty.</exception>
    public static string ComputeSignature(ReadOnlySpan<byte> payload, long timestamp, string secret)
        => Convert.ToHexString(Mac(payload, timestamp.ToString(CultureInfo.InvariantCulture), secret)).ToLowerInvariant();

    /// <summary>Checks that a request really comes from Magic Hour and is recent; throws if not.</summary>
    /// <param name="payload">The request body exactly as received.</param>
    /// <param name="signatureHeader">The value of the <see cref="SignatureHeader"/> header.</param>
    /// <param name="timestampHeader">The value of the <see cref="TimestampHeader"/> header.</param>
    /// <param name="secret">Your webhook secret.</param>
    /// <param name="tolerance">How far the timestamp may be from now, either way; null for <see cref="DefaultTolerance"/>.</param>
    /// <param name="timeProvider">The clock; null for the system clock.</param>
    /// <exception cref="MagicHourWebhookException">The request does not verify; <see cref="MagicHourWebhookException.Failure"/> says why.</exception>
    /// <exception cref="ArgumentException"><paramref name="secret"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tolerance"/> is not positive.</exception>
    public static void Verify(string payload, string? signatureHeader, string? timestampHeader, string secret, TimeSpan? tolerance = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var (failure, message) = CheckText(payload, signatureHeader, timestampHeader, secret, tolerance, timeProvider);
        if (failure != MagicHourWebhookFailure.None)
        {
            throw new MagicHourWebhookException(message!, failure);
        }
    }

    /// <summary>Checks that a request really comes from Magic Hour and is recent; throws if not.</summary>
    /// <param name="payload">The request body's bytes exactly as received.</param>
    /// <param name="signatureHeader">The value of the <see cref="SignatureHeader"/> header.</param>
    /// <param name="timestampHeader">The value of the <see cref="TimestampHeader"/> header.</param>
    /// <param name="secret">Your webhook secret.</param>
    /// <param name="tolerance">How far the timestamp may be from now, either way; null for <see cref="DefaultTolerance"/>.</param>
    /// <param name="timeProvider">The clock; null for the system clock.</param>
    /// <exception cref="MagicHourWebhookException">The request does not verify; <see cref="MagicHourWebhookException.Failure"/> says why.</exception>
    /// <exception cref="ArgumentException"><paramref name="secret"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tolerance"/> is not positive.</exception>
    public static void Verify(ReadOnlySpan<byte> payload, string? signatureHeader, string? timestampHeader, string secret, TimeSpan? tolerance = null, TimeProvider? timeProvider = null)
    {
        var (failure, message) = Check(payload, signatureHeader, timestampHeader, secret, tolerance, timeProvider);
        if (failure != MagicHourWebhookFailure.None)
        {
            throw new MagicHourWebhookException(message!, failure);
        }
    }

    /// <summary>As <see cref="Verify(string, string?, string?, string, TimeSpan?, TimeProvider?)"/>, returning false (and why) instead of throwing.</summary>
    /// <param name="payload">The request body exactly as received.</param>
    /// <param name="signatureHeader">The value of the <see cref="SignatureHeader"/> header.</param>
    /// <param name="timestampHeader">The value of the <see cref="TimestampHeader"/> header.</param>
    /// <param name="secret">Your webhook secret.</param>
    /// <param name="failure">Why verification failed; <see cref="MagicHourWebhookFailure.None"/> when it succeeded.</param>
    /// <param name="tolerance">How far the timestamp may be from now, either way; null for <see cref="DefaultTolerance"/>.</param>
    /// <param name="timeProvider">The clock; null for the system clock.</param>
    /// <returns>True when the request verifies.</returns>
    /// <exception cref="ArgumentException"><paramref name="secret"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tolerance"/> is not positive.</exception>
    public static bool TryVerify(string payload, string? signatureHeader, string? timestampHeader, string secret, out MagicHourWebhookFailure failure, TimeSpan? tolerance = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(payload);
        (failure, _) = CheckText(payload, signatureHeader, timestampHeader, secret, tolerance, timeProvider);
        return failure == MagicHourWebhookFailure.None;
    }

    /// <summary>Parses an event body into a typed event (no verification: call <see cref="VerifyAndParse(string, string?, string?, string, TimeSpan?, TimeProvider?)"/> for untrusted input).</summary>
    /// <param name="payload">The request body.</param>
    /// <returns>
    /// An <see cref="ImageWebhookEvent"/>, <see cref="VideoWebhookEvent"/> or <see cref="AudioWebhookEvent"/> for the nine
    /// documented event types, or an <see cref="UnknownWebhookEvent"/> for a type this SDK version does not know
    /// (answer those with 2xx too, so the sender does not retry them).
    /// </returns>
    /// <exception cref="MagicHourWebhookException">The body is not an event (<see cref="MagicHourWebhookFailure.MalformedPayload"/>).</exception>
    public static MagicHourWebhookEvent Parse(string payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return Parse(Encoding.UTF8.GetBytes(payload));
    }

    /// <summary>Parses an event body into a typed event (no verification: call <see cref="VerifyAndParse(ReadOnlySpan{byte}, string?, string?, string, TimeSpan?, TimeProvider?)"/> for untrusted input).</summary>
    /// <param name="payload">The request body's bytes.</param>
    /// <returns>The typed event; see <see cref="Parse(string)"/>.</returns>
    /// <exception cref="MagicHourWebhookException">The body is not an event (<see cref="MagicHourWebhookFailure.MalformedPayload"/>).</exception>
    public static MagicHourWebhookEvent Parse(ReadOnlySpan<byte> payload)
    {
        JsonDocument document;
        // A UTF-8 byte order mark is not JSON, but some senders and proxies put one first; the signature covers it
        // (it is part of the bytes sent), the parser skips it.
        if (payload.StartsWith(Utf8Bom)) payload = payload[Utf8Bom.Length..];
        try
        {
            var reader = new Utf8JsonReader(payload);
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException ex)
        {
            throw Malformed($"The webhook body is not JSON ({ex.Message}).", ex);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Malformed($"The webhook body must be a JSON object (got {root.ValueKind}).");
            }
            if (!root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(typeElement.GetString()))
            {
                throw Malformed("The webhook body has no 'type' string.");
            }
            var type = typeElement.GetString()!;
            // The schema names the project 'payload'; the vendor's prose example calls it 'object'. Accept both.
            var hasBody = root.TryGetProperty("payload", out var body) || root.TryGetProperty("object", out body);
            var eventType = EventTypeOf(type);
            if (eventType == MagicHourWebhookEventType.Unknown)
            {
                return new UnknownWebhookEvent(type, hasBody ? body.Clone() : default);
            }
            if (!hasBody || body.ValueKind != JsonValueKind.Object)
            {
                throw Malformed($"The '{type}' event has no 'payload' object.");
            }
            var raw = body.Clone();
            try
            {
                return type[..type.IndexOf('.', StringComparison.Ordinal)] switch
                {
                    "image" => new ImageWebhookEvent(type, eventType, raw, Project<ImageProject>(raw, type)),
                    "video" => new VideoWebhookEvent(type, eventType, raw, Project<VideoProject>(raw, type)),
                    _ => new AudioWebhookEvent(type, eventType, raw, Project<AudioProject>(raw, type)),
                };
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
            {
                throw Malformed($"The '{type}' event's payload does not match the project schema ({ex.Message}).", ex);
            }
        }
    }

    /// <summary>Verifies a request (see <see cref="Verify(string, string?, string?, string, TimeSpan?, TimeProvider?)"/>), then parses it (see <see cref="Parse(string)"/>).</summary>
    /// <param name="payload">The request body exactly as received.</param>
    /// <param name="signatureHeader">The value of the <see cref="SignatureHeader"/> header.</param>
    /// <param name="timestampHeader">The value of the <see cref="TimestampHeader"/> header.</param>
    /// <param name="secret">Your webhook secret.</param>
    /// <param name="tolerance">How far the timestamp may be from now, either way; null for <see cref="DefaultTolerance"/>.</param>
    /// <param name="timeProvider">The clock; null for the system clock.</param>
    /// <returns>The typed event.</returns>
    /// <exception cref="MagicHourWebhookException">The request does not verify, or is not an event.</exception>
    /// <exception cref="ArgumentException"><paramref name="secret"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tolerance"/> is not positive.</exception>
    public static MagicHourWebhookEvent VerifyAndParse(string payload, string? signatureHeader, string? timestampHeader, string secret, TimeSpan? tolerance = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(payload);
        Verify(payload, signatureHeader, timestampHeader, secret, tolerance, timeProvider);
        return Parse(payload);
    }

    /// <summary>Verifies a request's raw bytes (see <see cref="Verify(ReadOnlySpan{byte}, string?, string?, string, TimeSpan?, TimeProvider?)"/>), then parses them (see <see cref="Parse(ReadOnlySpan{byte})"/>).</summary>
    /// <param name="payload">The request body's bytes exactly as received.</param>
    /// <param name="signatureHeader">The value of the <see cref="SignatureHeader"/> header.</param>
    /// <param name="timestampHeader">The value of the <see cref="TimestampHeader"/> header.</param>
    /// <param name="secret">Your webhook secret.</param>
    /// <param name="tolerance">How far the timestamp may be from now, either way; null for <see cref="DefaultTolerance"/>.</param>
    /// <param name="timeProvider">The clock; null for the system clock.</param>
    /// <returns>The typed event.</returns>
    /// <exception cref="MagicHourWebhookException">The request does not verify, or is not an event.</exception>
    /// <exception cref="ArgumentException"><paramref name="secret"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tolerance"/> is not positive.</exception>
    public static MagicHourWebhookEvent VerifyAndParse(ReadOnlySpan<byte> payload, string? signatureHeader, string? timestampHeader, string secret, TimeSpan? tolerance = null, TimeProvider? timeProvider = null)
    {
        Verify(payload, signatureHeader, timestampHeader, secret, tolerance, timeProvider);
        return Parse(payload);
    }

    /// <summary>The event type for a wire name, or <see cref="MagicHourWebhookEventType.Unknown"/>.</summary>
    /// <param name="type">The <c>type</c> field, e.g. <c>image.completed</c>.</param>
    /// <returns>The matching value; names are compared exactly (they are lower-case on the wire).</returns>
    public static MagicHourWebhookEventType EventTypeOf(string? type) => type switch
    {
        "image.started" => MagicHourWebhookEventType.ImageStarted,
        "image.completed" => MagicHourWebhookEventType.ImageCompleted,
        "image.errored" => MagicHourWebhookEventType.ImageErrored,
        "video.started" => MagicHourWebhookEventType.VideoStarted,
        "video.completed" => MagicHourWebhookEventType.VideoCompleted,
        "video.errored" => MagicHourWebhookEventType.VideoErrored,
        "audio.started" => MagicHourWebhookEventType.AudioStarted,
        "audio.completed" => MagicHourWebhookEventType.AudioCompleted,
        "audio.errored" => MagicHourWebhookEventType.AudioErrored,
        _ => MagicHourWebhookEventType.Unknown,
    };

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>
    /// <see cref="Check"/> for a body passed as text. A body that began with a byte order mark was signed with it, but
    /// a <c>StreamReader</c> (as in the ASP.NET example) drops it while decoding: when the text does not verify, it is
    /// tried once more with the mark in front. The signature must still match bytes that were really signed.
    /// </summary>
    internal static (MagicHourWebhookFailure Failure, string? Message) CheckText(
        string payload, string? signatureHeader, string? timestampHeader, string secret, TimeSpan? tolerance, TimeProvider? timeProvider)
    {
        var bytes = Encoding.UTF8.GetBytes(payload);
        var result = Check(bytes, signatureHeader, timestampHeader, secret, tolerance, timeProvider);
        if (result.Failure == MagicHourWebhookFailure.SignatureMismatch && !payload.StartsWith('\uFEFF'))
        {
            var marked = new byte[Utf8Bom.Length + bytes.Length];
            Utf8Bom.CopyTo(marked);
            bytes.CopyTo(marked.AsSpan(Utf8Bom.Length));
            if (Check(marked, signatureHeader, timestampHeader, secret, tolerance, timeProvider).Failure == MagicHourWebhookFailure.None) return (MagicHourWebhookFailure.None, null);
        }
        return result;
    }

    internal static (MagicHourWebhookFailure Failure, string? Message) Check(
        ReadOnlySpan<byte> payload, string? signatureHeader, string? timestampHeader, string secret, TimeSpan? tolerance, TimeProvider? timeProvider)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var window = tolerance ?? DefaultTolerance;
        if (window <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(tolerance), window, "The webhook timestamp tolerance must be positive.");
        }

        var signature = signatureHeader?.Trim();
        if (string.IsNullOrEmpty(signature))
        {
            return (MagicHourWebhookFailure.MissingSignature, $"The webhook request has no {SignatureHeader} header.");
        }
        byte[] received;
        try
        {
            received = signature.Length == SignatureBytes * 2 ? Convert.FromHexString(signature) : [];
        }
        catch (FormatException)
        {
            received = [];
        }
        if (received.Length != SignatureBytes)
        {
            return (MagicHourWebhookFailure.MalformedSignature,
                $"The {SignatureHeader} header is not a hex HMAC-SHA256 ({SignatureBytes * 2} hex characters; got {signature.Length} characters).");
        }

        var timestampText = timestampHeader?.Trim();
        if (string.IsNullOrEmpty(timestampText))
        {
            return (MagicHourWebhookFailure.MissingTimestamp, $"The webhook request has no {TimestampHeader} header.");
        }
        if (!long.TryParse(timestampText, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp) || timestamp > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return (MagicHourWebhookFailure.MalformedTimestamp,
                $"The {TimestampHeader} header '{Printable(timestampText)}' is not a whole number of seconds (not milliseconds) since the Unix epoch.");
        }

        // Computed over the timestamp text exactly as sent, compared in constant time.
        var expected = Mac(payload, timestampText, secret);
        if (!CryptographicOperations.FixedTimeEquals(expected, received))
        {
            return (MagicHourWebhookFailure.SignatureMismatch,
                "The webhook signature does not match the body: the body was changed, or it was signed with another secret.");
        }

        var now = (timeProvider ?? TimeProvider.System).GetUtcNow();
        var signedAt = DateTimeOffset.FromUnixTimeSeconds(timestamp);
        var age = now - signedAt;
        if (age > window)
        {
            return (MagicHourWebhookFailure.TimestampTooOld,
                $"The webhook was signed at {signedAt:O}, {age.TotalSeconds:0} s ago; more than the {window.TotalSeconds:0} s allowed (a replay, or a clock that is off).");
        }
        if (-age > window)
        {
            return (MagicHourWebhookFailure.TimestampInFuture,
                $"The webhook was signed at {signedAt:O}, {-age.TotalSeconds:0} s in the future; more than the {window.TotalSeconds:0} s allowed (a clock that is off).");
        }
        return (MagicHourWebhookFailure.None, null);
    }

    private static byte[] Mac(ReadOnlySpan<byte> payload, string timestamp, string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var prefix = Encoding.UTF8.GetBytes(timestamp + ".");
        var message = new byte[prefix.Length + payload.Length];
        prefix.CopyTo(message, 0);
        payload.CopyTo(message.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message);
    }

    private static TProject Project<TProject>(JsonElement payload, string type)
        where TProject : class, IMagicHourProject
    {
        // Through the source-generated metadata (JsonTypeInfo overload): no reflection, trimming- and NativeAOT-safe.
        var project = payload.Deserialize(MagicHourJson.Options.TypeInfo<TProject>());
        if (project is null || string.IsNullOrEmpty(project.Id))
        {
            throw Malformed($"The '{type}' event's payload has no project 'id'.");
        }
        return project;
    }

    private static string Printable(string value)
    {
        var clipped = value.Length > 32 ? value[..32] + "…" : value;
        return new string(clipped.Select(c => char.IsControl(c) ? '?' : c).ToArray());
    }

    private static MagicHourWebhookException Malformed(string message, Exception? inner = null)
        => new(message, MagicHourWebhookFailure.MalformedPayload, inner);
}
