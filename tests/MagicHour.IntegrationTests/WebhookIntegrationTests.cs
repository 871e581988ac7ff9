using System.Collections.Concurrent;
using System.Net;
using System.Text;
using MagicHour.Emulator;
using MagicHour.Generated;
using MagicHour.Generated.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MagicHour.IntegrationTests;

/// <summary>
/// A webhook receiver written the way the SDK's docs show (raw body, the two headers, VerifyAndParse), fed by the
/// emulator's signed deliveries: events verify and parse, a wrong secret is refused, and an event gives back
/// the id of a project whose create answer was lost, so it can be resumed without paying again.
/// </summary>
public class WebhookIntegrationTests
{
    private const string Secret = "whsec_integration_0123456789abcdef";

    private sealed class Receiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        public ConcurrentQueue<MagicHourWebhookEvent> Events { get; } = new();
        public ConcurrentQueue<MagicHourWebhookFailure> Refused { get; } = new();
        public Uri Url { get; }

        private Receiver(WebApplication app, Uri url)
        {
            _app = app;
            Url = url;
        }

        public static async Task<Receiver> StartAsync(string secret)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            Receiver? self = null;
            app.MapPost("/magic-hour", async (HttpRequest request) =>
            {
                using var reader = new StreamReader(request.Body, Encoding.UTF8);
                var body = await reader.ReadToEndAsync();
                try
                {
                    var evt = MagicHourWebhook.VerifyAndParse(body, request.Headers[MagicHourWebhook.SignatureHeader], request.Headers[MagicHourWebhook.TimestampHeader], secret);
                    self!.Events.Enqueue(evt);
                    return Results.Ok(new { message = "ok" });
                }
                catch (MagicHourWebhookException ex)
                {
                    self!.Refused.Enqueue(ex.Failure);
                    return Results.Json(new { message = ex.Message }, statusCode: ex.Failure == MagicHourWebhookFailure.MalformedPayload ? 400 : 401);
                }
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            self = new Receiver(app, new Uri(address.TrimEnd('/') + "/magic-hour"));
            return self;
        }

        public ValueTask DisposeAsync() => _app.DisposeAsync();
    }

    [Test]
    public async Task Headshot_EmitsStartedAndCompleted_ThatVerifyAndParse()
    {
        await using var receiver = await Receiver.StartAsync(Secret);
        await using var h = await Harness.StartAsync(emulator: o => { o.WebhookUrl = receiver.Url; o.WebhookSecret = Secret; });
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
        await using var receiver = await Receiver.StartAsync(Secret);
        await using var h = await Harness.StartAsync(new EmulatorFault { Route = Harness.CreateRoute, Kind = EmulatorFaultKind.EndInError },
            emulator: o => { o.WebhookUrl = receiver.Url; o.WebhookSecret = Secret; });
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
        await using var receiver = await Receiver.StartAsync("whsec_not_the_one");
        await using var h = await Harness.StartAsync(emulator: o => { o.WebhookUrl = receiver.Url; o.WebhookSecret = Secret; });
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
        await using var receiver = await Receiver.StartAsync(Secret);
        await using var h = await Harness.StartAsync(new EmulatorFault { Route = Harness.CreateRoute, Kind = EmulatorFaultKind.DropConnection },
            emulator: o => { o.WebhookUrl = receiver.Url; o.WebhookSecret = Secret; });
        var request = h.Request(name: "order-4711");
        var ex = Assert.ThrowsAsync<MagicHourException>(() => h.Client.V1.AiHeadshotGenerator.GenerateAsync(request, h.Options()));
        Assert.That(ex!.ProjectId, Is.Null, "the create answer never arrived");

        var deadline = DateTime.UtcNow.AddSeconds(30);
        MagicHourWebhookEvent? started = null;
        while (started is null && DateTime.UtcNow < deadline)
        {
            await h.Emu.FlushWebhooksAsync();
            started = receiver.Events.FirstOrDefault(e => e.IsStarted && ((ImageWebhookEvent)e).Image.Name == "order-4711");
            if (started is null) await Task.Delay(50);
        }

        Assert.That(started, Is.Not.Null, "the started event carries the name given at create");
        await h.AssertResumeFinishesWithoutCreating(started!.ProjectId!);
        h.AssertChargedAtMostOnce(1);
    }
}
