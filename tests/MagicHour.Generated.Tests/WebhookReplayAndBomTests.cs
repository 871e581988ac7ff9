using System.Globalization;
using System.Text;
using MagicHour.Generated.Webhooks;

namespace MagicHour.Generated.Tests;

/// <summary>Webhooks (issue 11): a body that starts with a UTF-8 BOM verifies and parses; a replay within the window is refused by the guard.</summary>
public class WebhookReplayAndBomTests
{
    private const string Secret = "whsec_replay_test_secret";
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A fake clock that moves only when told (no real-time waits).</summary>
    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static string Body(string id = "cm_img_1") =>
        $$"""{"type":"image.completed","payload":{"id":"{{id}}","name":"Héadshot","status":"complete","image_count":1,"type":"AI_HEADSHOT","created_at":"2026-11-25T11:59:00.000Z","enabled":true,"credits_charged":50,"downloads":[],"error":null}{{"}"}}""";

    private static string Ts(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    [Test]
    public void BodyStartingWithABom_SignedOverItsRawBytes_VerifiesAndParses()
    {
        var clock = new ManualClock(Start);
        var raw = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Body())).ToArray();
        var signature = MagicHourWebhook.ComputeSignature(raw, Start.ToUnixTimeSeconds(), Secret);

        var fromBytes = MagicHourWebhook.VerifyAndParse(raw, signature, Ts(Start), Secret, null, clock);
        Assert.That(fromBytes.ProjectId, Is.EqualTo("cm_img_1"));

        // As text with the mark kept (Encoding.UTF8.GetString keeps it) and dropped (StreamReader, as in the ASP.NET example, drops it).
        var kept = Encoding.UTF8.GetString(raw);
        var dropped = new StreamReader(new MemoryStream(raw)).ReadToEnd();
        Assert.That(kept[0], Is.EqualTo('\uFEFF'));
        Assert.That(dropped[0], Is.EqualTo('{'));
        foreach (var text in new[] { kept, dropped })
        {
            Assert.That(MagicHourWebhook.TryVerify(text, signature, Ts(Start), Secret, out var failure, null, clock), Is.True, failure.ToString());
            Assert.That(MagicHourWebhook.VerifyAndParse(text, signature, Ts(Start), Secret, null, clock).ProjectId, Is.EqualTo("cm_img_1"));
        }
        Assert.That(MagicHourWebhook.Parse(raw).ProjectId, Is.EqualTo("cm_img_1"));
    }

    [Test]
    public void BomTolerance_DoesNotAcceptABodyThatWasNotSigned()
    {
        var clock = new ManualClock(Start);
        var signature = MagicHourWebhook.ComputeSignature(Body(), Start.ToUnixTimeSeconds(), Secret);
        Assert.That(MagicHourWebhook.TryVerify(Body("cm_other"), signature, Ts(Start), Secret, out var failure, null, clock), Is.False);
        Assert.That(failure, Is.EqualTo(MagicHourWebhookFailure.SignatureMismatch));
        // Signed without a mark, received with one: those are different bytes.
        var marked = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Body())).ToArray();
        Assert.That(Assert.Throws<MagicHourWebhookException>(() => MagicHourWebhook.Verify(marked, signature, Ts(Start), Secret, null, clock))!.Failure,
            Is.EqualTo(MagicHourWebhookFailure.SignatureMismatch));
    }

    [Test]
    public void ReplayWithinTheWindow_IsRefused_ThenForgotten_WhenTheWindowHasPassed()
    {
        var clock = new ManualClock(Start);
        var guard = new MagicHourWebhookReplayGuard(TimeSpan.FromMinutes(5), timeProvider: clock);
        var body = Body();
        var signature = MagicHourWebhook.ComputeSignature(body, Start.ToUnixTimeSeconds(), Secret);

        Assert.That(guard.VerifyAndParse(body, signature, Ts(Start), Secret).ProjectId, Is.EqualTo("cm_img_1"));
        // The plain window lets the same request through again: this is what the guard adds.
        Assert.That(MagicHourWebhook.TryVerify(body, signature, Ts(Start), Secret, out _, null, clock), Is.True);

        clock.Now = Start.AddMinutes(4);
        var replay = Assert.Throws<MagicHourWebhookException>(() => guard.VerifyAndParse(body, signature.ToUpperInvariant(), $" {Ts(Start)} ", Secret));
        Assert.That(replay!.Failure, Is.EqualTo(MagicHourWebhookFailure.Replayed));
        Assert.That(replay.ToString(), Does.Not.Contain(Secret));

        // Another event (or the same event signed anew at another second) is not a replay.
        var later = Start.AddMinutes(4);
        Assert.DoesNotThrow(() => guard.Verify(Encoding.UTF8.GetBytes(body), MagicHourWebhook.ComputeSignature(body, later.ToUnixTimeSeconds(), Secret), Ts(later), Secret));

        clock.Now = Start.AddMinutes(5).AddSeconds(1);
        var stale = Assert.Throws<MagicHourWebhookException>(() => guard.Verify(body, signature, Ts(Start), Secret));
        Assert.That(stale!.Failure, Is.EqualTo(MagicHourWebhookFailure.TimestampTooOld), "past the window the timestamp refuses it");
    }

    [Test]
    public void Guard_IsBounded_ForgettingExpiredRequestsFirst()
    {
        var clock = new ManualClock(Start);
        var guard = new MagicHourWebhookReplayGuard(TimeSpan.FromMinutes(5), capacity: 3, timeProvider: clock);
        string Sign(DateTimeOffset at, string id) => MagicHourWebhook.ComputeSignature(Body(id), at.ToUnixTimeSeconds(), Secret);

        for (var i = 0; i < 3; i++) guard.Verify(Body($"a{i}"), Sign(Start, $"a{i}"), Ts(Start), Secret);
        clock.Now = Start.AddMinutes(6);
        var now = clock.Now;
        guard.Verify(Body("b"), Sign(now, "b"), Ts(now), Secret);
        Assert.That(guard.Count, Is.EqualTo(1), "the three from the first minute left the window and were dropped");

        for (var i = 0; i < 5; i++) guard.Verify(Body($"c{i}"), Sign(now, $"c{i}"), Ts(now), Secret);
        Assert.That(guard.Count, Is.LessThanOrEqualTo(3));
        Assert.That(Assert.Throws<MagicHourWebhookException>(() => guard.Verify(Body("c4"), Sign(now, "c4"), Ts(now), Secret))!.Failure, Is.EqualTo(MagicHourWebhookFailure.Replayed));
    }

    [Test]
    public void Guard_RefusesBadRequestsLikeVerify_AndRejectsBadSettings()
    {
        var guard = new MagicHourWebhookReplayGuard(timeProvider: new ManualClock(Start));
        Assert.That(Assert.Throws<MagicHourWebhookException>(() => guard.Verify(Body(), new string('0', 64), Ts(Start), Secret))!.Failure, Is.EqualTo(MagicHourWebhookFailure.SignatureMismatch));
        Assert.That(guard.Count, Is.Zero, "a refused request is not remembered");
        Assert.Throws<ArgumentOutOfRangeException>(() => new MagicHourWebhookReplayGuard(TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MagicHourWebhookReplayGuard(capacity: 0));
    }
}
