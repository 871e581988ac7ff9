using System.Net;
using System.Text;
using MagicHour.Generated;
using MagicHour.Generated.AspNetCore;
using MagicHour.Generated.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace MagicHour.AspNetCore.Tests;

/// <summary>
/// The receiver on Kestrel, fed by hand-signed requests on a fake clock: what it answers, what it hands to the
/// app's handler and stream, and what it refuses.
/// </summary>
public class WebhookReceiverTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    private long Now => _time.GetUtcNow().ToUnixTimeSeconds();

    private Task<ReceiverHost> StartAsync(Action<MagicHourWebhookOptions>? webhooks = null)
        => ReceiverHost.StartAsync(client: o => o.TimeProvider = _time, webhooks: webhooks);

    [Test]
    public async Task SignedDelivery_Answers200_AndTheHandlerGetsTheTypedEvent()
    {
        await using var host = await StartAsync();

        Assert.That(await host.PostAsync(Events.Completed("cm_1"), Now), Is.EqualTo(HttpStatusCode.OK));

        var handled = await host.Handled.WaitForAsync(1);
        var completed = (ImageWebhookEvent)handled.Single();
        Assert.That(completed.EventType, Is.EqualTo(MagicHourWebhookEventType.ImageCompleted));
        Assert.That(completed.Image.Id, Is.EqualTo("cm_1"));
        Assert.That(completed.Image.Downloads.Single().Url, Is.EqualTo(new Uri("https://storage.test/out.png")));
    }

    [Test]
    public async Task RepeatedDelivery_SameRequestOrSignedAgain_IsAnswered200_AndHandedOnOnce()
    {
        await using var host = await StartAsync();
        var body = Events.Completed("cm_dup");

        Assert.That(await host.PostAsync(body, Now), Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await host.PostAsync(body, Now), Is.EqualTo(HttpStatusCode.OK), "the identical request again");
        _time.Advance(TimeSpan.FromMinutes(30));
        Assert.That(await host.PostAsync(body, Now), Is.EqualTo(HttpStatusCode.OK), "the sender's retry, signed anew");
        // Another event of the same project is not a duplicate.
        Assert.That(await host.PostAsync(Events.Image("image.started", "cm_dup", "rendering"), Now), Is.EqualTo(HttpStatusCode.OK));

        var handled = await host.Handled.WaitForAsync(2);
        Assert.That(handled.Select(e => e.ToString()), Is.EqualTo(new[] { "image.completed cm_dup", "image.started cm_dup" }));
    }

    [Test]
    public async Task RepeatedDelivery_AfterTheDuplicateWindow_IsHandedOnAgain()
    {
        await using var host = await StartAsync(o => o.DuplicateWindow = TimeSpan.FromHours(1));
        var body = Events.Completed("cm_late");

        Assert.That(await host.PostAsync(body, Now), Is.EqualTo(HttpStatusCode.OK));
        _time.Advance(TimeSpan.FromHours(2));
        Assert.That(await host.PostAsync(body, Now), Is.EqualTo(HttpStatusCode.OK));

        Assert.That(await host.Handled.WaitForAsync(2), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task DeliveryThatDoesNotVerify_Is401_AndReachesNeitherHandlerNorWaits()
    {
        await using var host = await StartAsync();
        var body = Events.Completed("cm_forged");

        Assert.That(await host.PostAsync(body, Now, secret: "whsec_someone_else"), Is.EqualTo(HttpStatusCode.Unauthorized), "other secret");
        Assert.That(await host.PostAsync(body, Now, signature: new string('0', 64)), Is.EqualTo(HttpStatusCode.Unauthorized), "wrong signature");
        Assert.That(await host.PostAsync(body, Now, signature: "not-hex"), Is.EqualTo(HttpStatusCode.Unauthorized), "malformed signature");
        Assert.That(await host.PostAsync(body, Now - 600), Is.EqualTo(HttpStatusCode.Unauthorized), "signed 10 minutes ago");
        Assert.That(await host.PostAsync(body.Replace("cm_forged", "cm_forgee"), Now, signature: MagicHourWebhook.ComputeSignature(body, Now, ReceiverHost.Secret)), Is.EqualTo(HttpStatusCode.Unauthorized), "body changed after signing");

        // The genuine delivery afterwards is the first thing handed on: none of the refused ones was.
        Assert.That(await host.PostAsync(Events.Completed("cm_genuine"), Now), Is.EqualTo(HttpStatusCode.OK));
        var handled = await host.Handled.WaitForAsync(1);
        Assert.That(handled.Select(e => e.ProjectId), Is.EqualTo(new[] { "cm_genuine" }));
    }

    [Test]
    public async Task SignedBodyThatIsNotAnEvent_Is400()
    {
        await using var host = await StartAsync();

        Assert.That(await host.PostAsync("""{"payload":{}}""", Now), Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await host.PostAsync("not json", Now), Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task BodyWithByteOrderMark_VerifiesOverTheBytesSent()
    {
        await using var host = await StartAsync();
        var body = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Events.Completed("cm_bom"))).ToArray();

        Assert.That(await host.PostAsync(body, Now), Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await host.Handled.WaitForAsync(1)).Single().ProjectId, Is.EqualTo("cm_bom"));
    }

    [Test]
    public async Task UnknownEventType_Is200_AndHandedOnAsUnknown()
    {
        await using var host = await StartAsync();

        Assert.That(await host.PostAsync("""{"type":"image.archived","payload":{"id":"cm_x"}}""", Now), Is.EqualTo(HttpStatusCode.OK));

        var unknown = (await host.Handled.WaitForAsync(1)).Single();
        Assert.That(unknown, Is.InstanceOf<UnknownWebhookEvent>());
        Assert.That(unknown.Type, Is.EqualTo("image.archived"));
    }

    [Test]
    public async Task BodyOverTheLimit_Is413()
    {
        await using var host = await StartAsync(o => o.MaxBodyBytes = 100);

        Assert.That(await host.PostAsync(Events.Completed("cm_big"), Now), Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
    }

    [Test]
    public async Task HandlerThatThrows_DoesNotStopTheEventsAfterIt()
    {
        await using var host = await StartAsync();
        host.Handled.OnEvent = e => e.ProjectId == "cm_bad" ? throw new InvalidOperationException("handler bug") : Task.CompletedTask;

        Assert.That(await host.PostAsync(Events.Completed("cm_bad"), Now), Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await host.PostAsync(Events.Completed("cm_good"), Now), Is.EqualTo(HttpStatusCode.OK));

        Assert.That((await host.Handled.WaitForAsync(2)).Select(e => e.ProjectId), Is.EqualTo(new[] { "cm_bad", "cm_good" }));
    }

    [Test]
    public async Task HandlersTooFarBehind_DeliveryIs503_AndItsRetryIsAccepted()
    {
        await using var host = await StartAsync(o => o.QueueCapacity = 1);
        var busy = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Handled.OnEvent = async e =>
        {
            if (e.ProjectId != "cm_1") return;
            busy.TrySetResult();
            await release.Task;
        };

        Assert.That(await host.PostAsync(Events.Completed("cm_1"), Now), Is.EqualTo(HttpStatusCode.OK));
        await busy.Task.WaitAsync(TimeSpan.FromSeconds(10)); // the handler holds cm_1: the queue is empty again
        Assert.That(await host.PostAsync(Events.Completed("cm_2"), Now), Is.EqualTo(HttpStatusCode.OK), "queued");
        Assert.That(await host.PostAsync(Events.Completed("cm_3"), Now), Is.EqualTo(HttpStatusCode.ServiceUnavailable), "queue full");

        release.SetResult();
        await host.Handled.WaitForAsync(2);
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.That(await host.PostAsync(Events.Completed("cm_3"), Now), Is.EqualTo(HttpStatusCode.OK), "the retry is not taken for a duplicate");
        Assert.That((await host.Handled.WaitForAsync(3)).Select(e => e.ProjectId), Is.EqualTo(new[] { "cm_1", "cm_2", "cm_3" }));
    }

    [Test]
    public async Task EventStream_YieldsTheAcceptedEventsInOrder()
    {
        await using var host = await StartAsync();
        var stream = host.Services.GetRequiredService<MagicHourWebhookEvents>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var reader = stream.ReadAllAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        var first = reader.MoveNextAsync(); // the reader is registered once enumeration starts

        Assert.That(await host.PostAsync(Events.Image("image.started", "cm_s", "rendering"), Now), Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await host.PostAsync(Events.Completed("cm_s"), Now), Is.EqualTo(HttpStatusCode.OK));

        Assert.That(await first, Is.True);
        Assert.That(reader.Current.EventType, Is.EqualTo(MagicHourWebhookEventType.ImageStarted));
        Assert.That(await reader.MoveNextAsync(), Is.True);
        Assert.That(reader.Current.EventType, Is.EqualTo(MagicHourWebhookEventType.ImageCompleted));
    }

    [Test]
    public async Task NoSecret_TheHostDoesNotStart()
    {
        Assume.That(Environment.GetEnvironmentVariable(MagicHourWebhookOptions.SecretEnvironmentVariable), Is.Null.Or.Empty);

        var ex = Assert.CatchAsync(async () => await (await ReceiverHost.StartAsync(webhooks: o => o.Secret = null)).DisposeAsync());

        Assert.That(ex!.ToString(), Does.Contain("MAGIC_HOUR_WEBHOOK_SECRET"));
    }

    [Test]
    [NonParallelizable]
    public async Task SecretUnset_ComesFromMagicHourWebhookSecret()
    {
        var before = Environment.GetEnvironmentVariable(MagicHourWebhookOptions.SecretEnvironmentVariable);
        Environment.SetEnvironmentVariable(MagicHourWebhookOptions.SecretEnvironmentVariable, "whsec_from_the_environment");
        try
        {
            await using var host = await ReceiverHost.StartAsync(client: o => o.TimeProvider = _time, webhooks: o => o.Secret = null);

            Assert.That(await host.PostAsync(Events.Completed("cm_env"), Now), Is.EqualTo(HttpStatusCode.Unauthorized), "signed with the test secret");
            Assert.That(await host.PostAsync(Events.Completed("cm_env"), Now, secret: "whsec_from_the_environment"), Is.EqualTo(HttpStatusCode.OK));
        }
        finally
        {
            Environment.SetEnvironmentVariable(MagicHourWebhookOptions.SecretEnvironmentVariable, before);
        }
    }

    [Test]
    public void MapWithoutAddWebhooks_SaysWhatIsMissing()
    {
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder();
        builder.Services.AddMagicHour(o => o.ApiKey = "mh_key");
        using var app = builder.Build();

        var ex = Assert.Throws<InvalidOperationException>(() => Microsoft.AspNetCore.Builder.MagicHourWebhookEndpointRouteBuilderExtensions.MapMagicHourWebhooks(app));
        Assert.That(ex!.Message, Does.Contain("AddWebhooks"));
    }
}
