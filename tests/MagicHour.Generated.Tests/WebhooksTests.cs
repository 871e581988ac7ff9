using System.Globalization;
using System.Text;
using System.Text.Json;
using MagicHour.Generated.Webhooks;

namespace MagicHour.Generated.Tests;

/// <summary>
/// MagicHourWebhook: HMAC-SHA256 over "{timestamp}.{body}" (hex), constant-time comparison, a timestamp
/// window in both directions, and typed parsing of the nine documented event types.
/// </summary>
public class WebhooksTests
{
    private const string Secret = "whsec_unit_test_secret";
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly FixedClock Clock = new(Now);
    private static string NowText => Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static string ImagePayload(string status, string id = "cm_img_1") =>
        $$"""{"id":"{{id}}","name":"Headshot","status":"{{status}}","image_count":1,"type":"AI_HEADSHOT","created_at":"2026-11-25T11:59:00.000Z","enabled":true,"credits_charged":50,"downloads":{{(status == "complete" ? """[{"url":"https://videos.magichour.ai/id/output.png","expires_at":"2026-11-26T11:59:00.000Z"}]""" : "[]")}},"error":{{(status == "error" ? """{"message":"Please use an image with a detectable face","code":"no_source_face"}""" : "null")}}}""";

    private static string VideoPayload(string status) =>
        $$"""{"id":"cm_vid_1","name":null,"status":"{{status}}","type":"FACE_SWAP","created_at":"2026-11-25T11:59:00.000Z","width":512,"height":960,"enabled":true,"start_seconds":0,"end_seconds":15,"credits_charged":450,"fps":30,"error":null,"downloads":[]}""";

    private static string AudioPayload(string status) =>
        $$"""{"id":"cm_aud_1","name":"Voice","status":"{{status}}","type":"VOICE_GENERATOR","created_at":"2026-11-25T11:59:00.000Z","enabled":true,"credits_charged":2,"downloads":[],"error":null}""";

    private static string Event(string type, string payload) => $$"""{"type":"{{type}}","payload":{{payload}}}""";

    private static string Sign(string body, string timestamp, string secret = Secret) => MagicHourWebhook.ComputeSignature(body, long.Parse(timestamp, CultureInfo.InvariantCulture), secret);

    private static MagicHourWebhookFailure FailureOf(string body, string? signature, string? timestamp, string secret = Secret, TimeSpan? tolerance = null)
    {
        var ok = MagicHourWebhook.TryVerify(body, signature, timestamp, secret, out var failure, tolerance, Clock);
        Assert.That(ok, Is.EqualTo(failure == MagicHourWebhookFailure.None));
        if (!ok)
        {
            var ex = Assert.Throws<MagicHourWebhookException>(() => MagicHourWebhook.Verify(body, signature, timestamp, secret, tolerance, Clock));
            Assert.That(ex!.Failure, Is.EqualTo(failure));
            Assert.That(ex.ToString(), Does.Not.Contain(secret));
            Assert.That(ex, Is.InstanceOf<MagicHourException>(), "one exception hierarchy");
        }
        return failure;
    }

    [Test]
    public void Signature_IsHexHmacSha256_OfTimestampDotBody_KnownAnswer()
    {
        // Computed independently (Python hmac): HMAC-SHA256(key, "1730742038." + body) over UTF-8 bytes.
        const string body = """{"type":"image.completed","payload":{"id":"cm2fphlo3000dmfhu8m0dh63z","name":"Café ✓","status":"complete"}}""";
        Assert.That(MagicHourWebhook.ComputeSignature(body, 1730742038, "whsec_known_answer"),
            Is.EqualTo("5aee9fb957d262aeeb7f6ef51a94d5587ec01f24608e57b50bb3ea4ed1f67d4b"));
        Assert.That(MagicHourWebhook.ComputeSignature(Encoding.UTF8.GetBytes(body), 1730742038, "whsec_known_answer"),
            Is.EqualTo("5aee9fb957d262aeeb7f6ef51a94d5587ec01f24608e57b50bb3ea4ed1f67d4b"));
        Assert.That(MagicHourWebhook.SignatureHeader, Is.EqualTo("magic-hour-event-signature"));
        Assert.That(MagicHourWebhook.TimestampHeader, Is.EqualTo("magic-hour-event-timestamp"));
    }

    [Test]
    public void Valid_Request_Verifies_AndParses()
    {
        var body = Event("image.completed", ImagePayload("complete"));
        var signature = Sign(body, NowText);

        Assert.That(FailureOf(body, signature, NowText), Is.EqualTo(MagicHourWebhookFailure.None));
        Assert.That(FailureOf(body, signature.ToUpperInvariant(), NowText), Is.EqualTo(MagicHourWebhookFailure.None), "hex is case-insensitive");
        Assert.That(FailureOf(body, $"  {signature} ", $" {NowText} "), Is.EqualTo(MagicHourWebhookFailure.None), "header whitespace is trimmed");
        Assert.DoesNotThrow(() => MagicHourWebhook.Verify(Encoding.UTF8.GetBytes(body), signature, NowText, Secret, null, Clock));

        var evt = MagicHourWebhook.VerifyAndParse(body, signature, NowText, Secret, null, Clock);
        var image = (ImageWebhookEvent)evt;
        Assert.That(image.EventType, Is.EqualTo(MagicHourWebhookEventType.ImageCompleted));
        Assert.That(image.IsCompleted && !image.IsStarted && !image.IsErrored, Is.True);
        Assert.That(image.ProjectId, Is.EqualTo("cm_img_1"));
        Assert.That(image.Image.Status, Is.EqualTo(ProjectStatus.Complete));
        Assert.That(image.Image.CreditsCharged, Is.EqualTo(50));
        Assert.That(image.Image.Downloads.Single().Url, Is.EqualTo(new Uri("https://videos.magichour.ai/id/output.png")));
        Assert.That(image.ToString(), Is.EqualTo("image.completed cm_img_1"));
    }

    [Test]
    public void TamperedBody_IsRefused()
    {
        var body = Event("image.completed", ImagePayload("complete"));
        var signature = Sign(body, NowText);
        Assert.That(FailureOf(body.Replace("\"credits_charged\":50", "\"credits_charged\":5", StringComparison.Ordinal), signature, NowText), Is.EqualTo(MagicHourWebhookFailure.SignatureMismatch));
        Assert.That(FailureOf(body + " ", signature, NowText), Is.EqualTo(MagicHourWebhookFailure.SignatureMismatch), "even whitespace counts: pass the raw body");
        Assert.Throws<MagicHourWebhookException>(() => MagicHourWebhook.VerifyAndParse(body.Replace("cm_img_1", "cm_img_2", StringComparison.Ordinal), signature, NowText, Secret, null, Clock));
    }

    [Test]
    public void TamperedTimestamp_IsRefused()
    {
        var body = Event("image.started", ImagePayload("rendering"));
        var signature = Sign(body, NowText);
        var later = (Now.ToUnixTimeSeconds() + 1).ToString(CultureInfo.InvariantCulture);
        Assert.That(FailureOf(body, signature, later), Is.EqualTo(MagicHourWebhookFailure.SignatureMismatch), "the timestamp is signed too");
    }

    [Test]
    public void WrongSecret_IsRefused()
    {
        var body = Event("image.completed", ImagePayload("complete"));
        Assert.That(FailureOf(body, Sign(body, NowText, "whsec_other"), NowText), Is.EqualTo(MagicHourWebhookFailure.SignatureMismatch));
        Assert.That(FailureOf(body, Sign(body, NowText), NowText, Secret + "x"), Is.EqualTo(MagicHourWebhookFailure.SignatureMismatch));
    }

    [Test]
    public void StaleTimestamp_IsRefused_EvenWhenSignedCorrectly()
    {
        var body = Event("image.completed", ImagePayload("complete"));
        string At(TimeSpan offset) => (Now + offset).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

        var edge = At(-TimeSpan.FromMinutes(5));
        Assert.That(FailureOf(body, Sign(body, edge), edge), Is.EqualTo(MagicHourWebhookFailure.None), "exactly five minutes old is still inside");
        var stale = At(-TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.That(FailureOf(body, Sign(body, stale), stale), Is.EqualTo(MagicHourWebhookFailure.TimestampTooOld));
        var replay = At(-TimeSpan.FromDays(3));
        Assert.That(FailureOf(body, Sign(body, replay), replay), Is.EqualTo(MagicHourWebhookFailure.TimestampTooOld));

        var minute = At(-TimeSpan.FromSeconds(90));
        Assert.That(FailureOf(body, Sign(body, minute), minute, tolerance: TimeSpan.FromMinutes(1)), Is.EqualTo(MagicHourWebhookFailure.TimestampTooOld), "a tighter tolerance");
        Assert.That(FailureOf(body, Sign(body, minute), minute, tolerance: TimeSpan.FromMinutes(2)), Is.EqualTo(MagicHourWebhookFailure.None));
    }

    [Test]
    public void FutureTimestamp_IsRefused()
    {
        var body = Event("video.started", VideoPayload("rendering"));
        string At(TimeSpan offset) => (Now + offset).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var near = At(TimeSpan.FromMinutes(4));
        Assert.That(FailureOf(body, Sign(body, near), near), Is.EqualTo(MagicHourWebhookFailure.None), "small clock skew is fine");
        var future = At(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        Assert.That(FailureOf(body, Sign(body, future), future), Is.EqualTo(MagicHourWebhookFailure.TimestampInFuture));
        var millis = (Now.ToUnixTimeSeconds() * 1000).ToString(CultureInfo.InvariantCulture);
        Assert.That(FailureOf(body, Sign(body, millis), millis), Is.EqualTo(MagicHourWebhookFailure.MalformedTimestamp), "milliseconds are not seconds (past year 9999)");
        var farFuture = At(TimeSpan.FromDays(365 * 100));
        Assert.That(FailureOf(body, Sign(body, farFuture), farFuture), Is.EqualTo(MagicHourWebhookFailure.TimestampInFuture));
    }

    [TestCase(null, MagicHourWebhookFailure.MissingSignature)]
    [TestCase("", MagicHourWebhookFailure.MissingSignature)]
    [TestCase("   ", MagicHourWebhookFailure.MissingSignature)]
    [TestCase("xyz", MagicHourWebhookFailure.MalformedSignature)]
    [TestCase("3e771b50c", MagicHourWebhookFailure.MalformedSignature)]
    [TestCase("zz00000000000000000000000000000000000000000000000000000000000000", MagicHourWebhookFailure.MalformedSignature)]
    [TestCase("000000000000000000000000000000000000000000000000000000000000000", MagicHourWebhookFailure.MalformedSignature)]
    [TestCase("sha256=0000000000000000000000000000000000000000000000000000000000000000", MagicHourWebhookFailure.MalformedSignature)]
    [TestCase("0000000000000000000000000000000000000000000000000000000000000000", MagicHourWebhookFailure.SignatureMismatch)]
    public void MalformedSignatureHeader_IsRefused(string? signature, MagicHourWebhookFailure expected)
    {
        var body = Event("audio.completed", AudioPayload("complete"));
        Assert.That(FailureOf(body, signature, NowText), Is.EqualTo(expected));
    }

    [TestCase(null, MagicHourWebhookFailure.MissingTimestamp)]
    [TestCase("", MagicHourWebhookFailure.MissingTimestamp)]
    [TestCase("abc", MagicHourWebhookFailure.MalformedTimestamp)]
    [TestCase("-5", MagicHourWebhookFailure.MalformedTimestamp)]
    [TestCase("1.5", MagicHourWebhookFailure.MalformedTimestamp)]
    [TestCase("1e9", MagicHourWebhookFailure.MalformedTimestamp)]
    [TestCase("17 30", MagicHourWebhookFailure.MalformedTimestamp)]
    [TestCase("2026-11-25T12:00:00Z", MagicHourWebhookFailure.MalformedTimestamp)]
    [TestCase("99999999999999999999", MagicHourWebhookFailure.MalformedTimestamp)]
    [TestCase("253402300800", MagicHourWebhookFailure.MalformedTimestamp)]
    public void MalformedTimestampHeader_IsRefused(string? timestamp, MagicHourWebhookFailure expected)
    {
        var body = Event("audio.completed", AudioPayload("complete"));
        var signature = Sign(body, NowText);
        Assert.That(FailureOf(body, signature, timestamp), Is.EqualTo(expected));
    }

    [Test]
    public void FailureMessages_NameTheProblem_NotTheSecret()
    {
        var body = Event("image.completed", ImagePayload("complete"));
        var ex = Assert.Throws<MagicHourWebhookException>(() => MagicHourWebhook.Verify(body, Sign(body, NowText), "abc\u0001", Secret, null, Clock));
        Assert.That(ex!.Message, Does.Contain(MagicHourWebhook.TimestampHeader).And.Contain("abc?"));
        ex = Assert.Throws<MagicHourWebhookException>(() => MagicHourWebhook.Verify(body, null, NowText, Secret, null, Clock));
        Assert.That(ex!.Message, Does.Contain(MagicHourWebhook.SignatureHeader));
        Assert.That(ex.Message, Does.Not.Contain(Secret));
    }

    [Test]
    public void BadArguments_AreProgrammingErrors()
    {
        var body = Event("image.completed", ImagePayload("complete"));
        Assert.Throws<ArgumentException>(() => MagicHourWebhook.Verify(body, Sign(body, NowText), NowText, ""));
        Assert.Throws<ArgumentNullException>(() => MagicHourWebhook.Verify(body, Sign(body, NowText), NowText, null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => MagicHourWebhook.Verify(body, Sign(body, NowText), NowText, Secret, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => MagicHourWebhook.Verify(body, Sign(body, NowText), NowText, Secret, TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentNullException>(() => MagicHourWebhook.Verify((string)null!, Sign(body, NowText), NowText, Secret));
    }

    [TestCase("image.started", "rendering", MagicHourWebhookEventType.ImageStarted, typeof(ImageWebhookEvent))]
    [TestCase("image.completed", "complete", MagicHourWebhookEventType.ImageCompleted, typeof(ImageWebhookEvent))]
    [TestCase("image.errored", "error", MagicHourWebhookEventType.ImageErrored, typeof(ImageWebhookEvent))]
    [TestCase("video.started", "rendering", MagicHourWebhookEventType.VideoStarted, typeof(VideoWebhookEvent))]
    [TestCase("video.completed", "complete", MagicHourWebhookEventType.VideoCompleted, typeof(VideoWebhookEvent))]
    [TestCase("video.errored", "error", MagicHourWebhookEventType.VideoErrored, typeof(VideoWebhookEvent))]
    [TestCase("audio.started", "rendering", MagicHourWebhookEventType.AudioStarted, typeof(AudioWebhookEvent))]
    [TestCase("audio.completed", "complete", MagicHourWebhookEventType.AudioCompleted, typeof(AudioWebhookEvent))]
    [TestCase("audio.errored", "error", MagicHourWebhookEventType.AudioErrored, typeof(AudioWebhookEvent))]
    public void AllNineEventTypes_ParseToTypedEvents(string type, string status, MagicHourWebhookEventType expected, Type eventClass)
    {
        var payload = type.Split('.')[0] switch { "image" => ImagePayload(status), "video" => VideoPayload(status), _ => AudioPayload(status) };
        var body = Event(type, payload);
        var evt = MagicHourWebhook.VerifyAndParse(body, Sign(body, NowText), NowText, Secret, null, Clock);

        Assert.That(evt, Is.TypeOf(eventClass));
        Assert.That(evt.Type, Is.EqualTo(type));
        Assert.That(evt.EventType, Is.EqualTo(expected));
        Assert.That(MagicHourWebhook.EventTypeOf(type), Is.EqualTo(expected));
        Assert.That(evt.Project!.Status.ToString(), Is.EqualTo(status));
        Assert.That(evt.ProjectId, Does.StartWith("cm_"));
        Assert.That(new[] { evt.IsStarted, evt.IsCompleted, evt.IsErrored }.Count(b => b), Is.EqualTo(1));
        Assert.That(evt.RawPayload.GetProperty("status").GetString(), Is.EqualTo(status));
        switch (evt)
        {
            case ImageWebhookEvent image:
                Assert.That(image.Image.Type, Is.EqualTo("AI_HEADSHOT"));
                if (status == "error") Assert.That(image.Image.Error!.Code, Is.EqualTo("no_source_face"));
                break;
            case VideoWebhookEvent video:
                Assert.That((video.Video.Width, video.Video.Height, video.Video.CreditsCharged), Is.EqualTo((512, 960, 450)));
                Assert.That(video.Video.Name, Is.Null);
                break;
            case AudioWebhookEvent audio:
                Assert.That(audio.Audio.Type, Is.EqualTo("VOICE_GENERATOR"));
                break;
        }
    }

    [Test]
    public void UnknownEventType_ParsesAsUnknown_KeepingTheRawPayload()
    {
        var body = """{"type":"image.queued","payload":{"id":"cm_x","future_field":[1,2,3]}}""";
        var evt = MagicHourWebhook.VerifyAndParse(body, Sign(body, NowText), NowText, Secret, null, Clock);
        Assert.That(evt, Is.TypeOf<UnknownWebhookEvent>());
        Assert.That(evt.Type, Is.EqualTo("image.queued"));
        Assert.That(evt.EventType, Is.EqualTo(MagicHourWebhookEventType.Unknown));
        Assert.That(evt.Project, Is.Null);
        Assert.That(evt.RawPayload.GetProperty("future_field").GetArrayLength(), Is.EqualTo(3));

        Assert.That(MagicHourWebhook.Parse("""{"type":"IMAGE.COMPLETED","payload":{}}"""), Is.TypeOf<UnknownWebhookEvent>(), "type names are exact");
        Assert.That(MagicHourWebhook.Parse("""{"type":"subscription.renewed"}""").RawPayload.ValueKind, Is.EqualTo(JsonValueKind.Undefined));
    }

    [Test]
    public void ObjectField_IsAcceptedAsThePayload()
    {
        // The vendor's prose example names the project "object" where the schema says "payload".
        var evt = MagicHourWebhook.Parse($$"""{"type":"video.started","object":{{VideoPayload("rendering")}}}""");
        Assert.That(((VideoWebhookEvent)evt).Video.Id, Is.EqualTo("cm_vid_1"));
    }

    [TestCase("not json")]
    [TestCase("")]
    [TestCase("[1,2]")]
    [TestCase("""{"payload":{"id":"x"}}""")]
    [TestCase("""{"type":42,"payload":{"id":"x"}}""")]
    [TestCase("""{"type":"image.completed"}""")]
    [TestCase("""{"type":"image.completed","payload":"x"}""")]
    [TestCase("""{"type":"image.completed","payload":{"status":"complete"}}""")]
    [TestCase("""{"type":"image.completed","payload":{"id":"x","credits_charged":"lots"}}""")]
    public void MalformedPayload_IsRefused(string body)
    {
        var ex = Assert.Throws<MagicHourWebhookException>(() => MagicHourWebhook.Parse(body));
        Assert.That(ex!.Failure, Is.EqualTo(MagicHourWebhookFailure.MalformedPayload));
    }

    [Test]
    public void RawBytes_WithNonAsciiText_VerifyAsSent()
    {
        var body = Event("image.completed", ImagePayload("complete").Replace("\"Headshot\"", "\"Café ✓ 写真\"", StringComparison.Ordinal));
        var bytes = Encoding.UTF8.GetBytes(body);
        var signature = MagicHourWebhook.ComputeSignature(bytes, Now.ToUnixTimeSeconds(), Secret);
        Assert.DoesNotThrow(() => MagicHourWebhook.Verify(bytes, signature, NowText, Secret, null, Clock));
        Assert.That(((ImageWebhookEvent)MagicHourWebhook.Parse(bytes)).Image.Name, Is.EqualTo("Café ✓ 写真"));
    }
}
