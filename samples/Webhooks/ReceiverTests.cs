using System.Net;
using System.Text;
using MagicHour.Emulator;
using MagicHour.Generated;
using MagicHour.Generated.Models;
using MagicHour.Generated.Webhooks;
using NUnit.Framework;

namespace Webhooks;

/// <summary>
/// The receiver app against the emulator: the emulator's signed webhooks end GenerateAsync after one status request,
/// and a delivery signed with another secret is refused. Real time, but nothing waits on it: the render is 300 ms
/// and the fallback poll 45 s away, so a second status request would mean the webhook did not end the wait.
/// </summary>
public class ReceiverTests
{
    private const string Secret = "whsec_sample_0123456789abcdef";
    private const string StatusRoute = "GET /v1/image-projects ";

    private WebApplication _app = null!;
    private MagicHourEmulator _emulator = null!;
    private Uri _webhookUrl = null!;
    private string _directory = null!;

    [SetUp]
    public async Task Start()
    {
        // The emulator needs the receiver's address before it starts, the app the emulator's before it starts (its
        // options are read at start): so the receiver's port is picked first.
        var port = Receiver.FreeLoopbackPort();
        _webhookUrl = new Uri($"http://127.0.0.1:{port}/webhooks/magic-hour");
        _emulator = await MagicHourEmulator.StartAsync(new MagicHourEmulatorOptions
        {
            RenderTime = TimeSpan.FromMilliseconds(300),
            WebhookUrl = _webhookUrl,
            WebhookSecret = Secret,
        });
        _app = Receiver.Build(o =>
        {
            o.BaseUrl = _emulator.BaseUrl;
            o.ApiKey = _emulator.ApiKey;
        }, Secret, $"http://127.0.0.1:{port}");
        await _app.StartAsync();
        _directory = Directory.CreateTempSubdirectory("webhooks-sample-").FullName;
    }


    [TearDown]
    public async Task Stop()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _emulator.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public async Task Generate_EndsOnTheProjectsWebhook_AfterOneStatusRequest()
    {
        var photo = Path.Combine(_directory, "me.png");
        await File.WriteAllBytesAsync(photo, SampleImages.PortraitPng());
        var client = _app.Services.GetRequiredService<MagicHourClient>();

        var result = await client.V1.AiHeadshotGenerator.GenerateAsync(
            new AiHeadshotGeneratorCreateRequest { Assets = new() { ImageFilePath = photo } },
            new GenerateOptions { DownloadDirectory = _directory, Timeout = TimeSpan.FromSeconds(40) });

        Assert.That(result.Project!.Status, Is.EqualTo(ProjectStatus.Complete));
        Assert.That(File.ReadAllBytes(result.DownloadedPaths.Single()).Take(4), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47 }), "a PNG on disk");
        Assert.That(_emulator.GetStats().RequestsByRoute.Where(r => r.Key.StartsWith(StatusRoute, StringComparison.Ordinal)).Sum(r => r.Value), Is.EqualTo(1), "the wait's first poll; the webhook ended it, not a second poll");
        await _emulator.FlushWebhooksAsync();
        var received = _app.Services.GetRequiredService<ReceivedEvents>().Events;
        Assert.That(received.Select(e => e.Type), Is.EquivalentTo(new[] { "image.started", "image.completed" }));
        Assert.That(received.Select(e => e.ProjectId), Is.All.EqualTo(result.ProjectId));
    }

    [Test]
    public async Task ADeliverySignedWithAnotherSecret_IsRefused_AndReachesNoHandler()
    {
        var body = Encoding.UTF8.GetBytes("""{"type":"image.completed","payload":{"id":"forged","status":"complete"}}""");
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, _webhookUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add(MagicHourWebhook.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(MagicHourWebhook.SignatureHeader, MagicHourWebhook.ComputeSignature(body, timestamp, "whsec_someone_else"));
        using var http = new HttpClient();

        using var response = await http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(_app.Services.GetRequiredService<ReceivedEvents>().Events, Is.Empty);
    }
}
