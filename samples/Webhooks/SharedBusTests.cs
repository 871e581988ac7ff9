using MagicHour.Emulator;
using MagicHour.Generated;
using MagicHour.Generated.Models;
using NUnit.Framework;

namespace Webhooks;

/// <summary>
/// Two instances of the receiver app sharing a bus (SharedBus.cs): the emulator delivers every webhook to instance A,
/// while instance B runs the GenerateAsync. B's wait ends on the event A forwarded, after its first status request;
/// without the bus it would end on its fallback poll 45 s later (after the 40 s timeout set here).
/// </summary>
public class SharedBusTests
{
    private const string Secret = "whsec_sample_bus_0123456789";

    [Test]
    public async Task AWaitInAnotherInstance_EndsOnTheEventTheBusCarried()
    {
        var bus = new InMemoryBus();
        var portA = Receiver.FreeLoopbackPort();
        await using var emulator = await MagicHourEmulator.StartAsync(new MagicHourEmulatorOptions
        {
            RenderTime = TimeSpan.FromMilliseconds(300),
            WebhookUrl = new Uri($"http://127.0.0.1:{portA}/webhooks/magic-hour"),
            WebhookSecret = Secret,
        });
        void Client(MagicHourClientOptions o)
        {
            o.BaseUrl = emulator.BaseUrl;
            o.ApiKey = emulator.ApiKey;
        }
        void Bus(IMagicHourBuilder magicHour)
        {
            magicHour.Services.AddSingleton<IEventBus>(bus);
            magicHour.AddWebhookHandler<ForwardToBus>();
            magicHour.Services.AddHostedService<EventsFromBus>();
        }
        await using var a = Receiver.Build(Client, Secret, $"http://127.0.0.1:{portA}", Bus);
        await using var b = Receiver.Build(Client, Secret, $"http://127.0.0.1:{Receiver.FreeLoopbackPort()}", Bus);
        await a.StartAsync();
        await b.StartAsync();
        var directory = Directory.CreateTempSubdirectory("webhooks-bus-").FullName;
        try
        {
            var photo = Path.Combine(directory, "me.png");
            await File.WriteAllBytesAsync(photo, SampleImages.PortraitPng());

            var result = await b.Services.GetRequiredService<MagicHourClient>().V1.AiHeadshotGenerator.GenerateAsync(
                new AiHeadshotGeneratorCreateRequest { Assets = new() { ImageFilePath = photo } },
                new GenerateOptions { DownloadDirectory = directory, Timeout = TimeSpan.FromSeconds(40) });

            Assert.That(result.Project!.Status, Is.EqualTo(ProjectStatus.Complete));
            Assert.That(File.Exists(result.DownloadedPaths.Single()), Is.True);
            Assert.That(emulator.GetStats().RequestsByRoute.Where(r => r.Key.StartsWith("GET /v1/image-projects ", StringComparison.Ordinal)).Sum(r => r.Value), Is.EqualTo(1));
            await emulator.FlushWebhooksAsync();
            Assert.That(a.Services.GetRequiredService<ReceivedEvents>().Events.Select(e => e.Type), Is.EquivalentTo(new[] { "image.started", "image.completed" }), "A received the deliveries");
            Assert.That(b.Services.GetRequiredService<ReceivedEvents>().Events, Is.Empty, "B received none");
        }
        finally
        {
            await a.StopAsync();
            await b.StopAsync();
            Directory.Delete(directory, recursive: true);
        }
    }

}
