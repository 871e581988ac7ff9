using MagicHour.Emulator;
using MagicHour.Generated;
using MagicHour.Generated.Webhooks;
using MagicHour.Testing;

namespace MagicHour.IntegrationTests;

/// <summary>
/// A webhook receiver written the way the SDK's docs show (raw body, the two headers, VerifyAndParse), fed by the
/// emulator's signed deliveries: events verify and parse, a wrong secret is refused, and an event gives back
/// the id of a project whose create answer was lost, so it can be resumed without paying again.
/// </summary>
public class WebhookIntegrationTests
{
    private const string Secret = "whsec_integration_0123456789abcdef";

    /// <summary>The emulator sends its deliveries to <paramref name="receiver"/>, signed with <see cref="Secret"/>.</summary>
    private static Action<MagicHourEmulatorOptions> SignedTo(WebhookReceiver receiver) => o => { o.WebhookUrl = receiver.Url; o.WebhookSecret = Secret; };

    [Test]
    public async Task Headshot_EmitsStartedAndCompleted_ThatVerifyAndParse()
    {
        await using var receiver = await WebhookReceiver.StartAsync(Secret);
        await using var h = await Harness.StartAsync(emulator: SignedTo(receiver));
        var result = await h.GenerateAsync();
        await h.Emu.FlushWebhooksAsync();

        var events = receiver.Events.Where(e => e.ProjectId == result.ProjectId).ToList();
        Assert.That(events.Select(e => e.EventType), Is.EqualTo(new[] { MagicHourWebhookEventType.ImageStarted, MagicHourWebhookEventType.ImageCompleted }));
        var completed = (ImageWebhookEvent)events[1];
        Assert.That(completed.Image.Status, Is.EqualTo(ProjectStatus.Complete));
        Assert.That(completed.Image.CreditsCharged, Is.EqualTo(50));
        Assert.That(completed.Image.Name, Is.EqualTo("reliability"));
        Assert.That(completed.Image.Downloads.Single().Url.AbsolutePath, Does.EndWith(result.ProjectId + ".png"));
        Assert.That(receiver.Refused, Is.Empty);
        Assert.That(h.Stats.WebhooksDelivered, Is.EqualTo(2));
    }

    [Test]
    public async Task ProjectEndingInError_EmitsErrored_WithTheErrorCode()
    {
        await using var receiver = await WebhookReceiver.StartAsync(Secret);
        await using var h = await Harness.StartAsync(new EmulatorFault { Route = Harness.CreateRoute, Kind = EmulatorFaultKind.EndInError },
            emulator: SignedTo(receiver));
        var ex = Assert.ThrowsAsync<MagicHourProjectFailedException>(() => h.GenerateAsync());
        await h.Emu.FlushWebhooksAsync();

        var errored = receiver.Events.OfType<ImageWebhookEvent>().Single(e => e.IsErrored);
        Assert.That(errored.ProjectId, Is.EqualTo(ex!.ProjectId));
        Assert.That(errored.Image.Error!.Code, Is.EqualTo("unknown_error"));
        Assert.That(errored.Image.CreditsCharged, Is.Zero);
    }

    [Test]
    public async Task WrongSecret_IsRefused_AndTheSenderRetries()
    {
        await using var receiver = await WebhookReceiver.StartAsync("whsec_not_the_one");
        await using var h = await Harness.StartAsync(emulator: SignedTo(receiver));
        await h.GenerateAsync();
        await h.Emu.FlushWebhooksAsync();

        Assert.That(receiver.Events, Is.Empty);
        Assert.That(receiver.Refused.Distinct(), Is.EqualTo(new[] { MagicHourWebhookFailure.SignatureMismatch }));
        Assert.That(receiver.Refused, Has.Count.EqualTo(6), "two events, each tried three times");
        Assert.That(h.Stats.WebhookAttemptsFailed, Is.EqualTo(6));
        Assert.That(h.Stats.WebhooksDelivered, Is.Zero);
    }

    [Test]
    public async Task LostCreateAnswer_TheWebhookNamesTheProject_SoItResumesWithoutPayingAgain()
    {
        await using var receiver = await WebhookReceiver.StartAsync(Secret);
        await using var h = await Harness.StartAsync(new EmulatorFault { Route = Harness.CreateRoute, Kind = EmulatorFaultKind.DropConnection },
            emulator: SignedTo(receiver));
        var request = h.Request(name: "order-4711");
        var ex = Assert.ThrowsAsync<MagicHourException>(() => h.Client.V1.AiHeadshotGenerator.GenerateAsync(request, h.Options()));
        Assert.That(ex!.ProjectId, Is.Null, "the create answer never arrived");

        // Nobody polls, so the render's time passes on the shared clock by hand; then the emulator sends what is due.
        h.Clock.Advance(h.Emu.RenderTime);
        await h.Emu.FlushWebhooksAsync();
        var started = receiver.Events.FirstOrDefault(e => e.IsStarted && ((ImageWebhookEvent)e).Image.Name == "order-4711");

        Assert.That(started, Is.Not.Null, "the started event carries the name given at create");
        await h.AssertResumeFinishesWithoutCreating(started!.ProjectId!);
        h.AssertChargedAtMostOnce(1);
    }
}
