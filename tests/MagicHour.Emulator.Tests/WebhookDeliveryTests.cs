using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace MagicHour.Emulator.Tests;

/// <summary>A local HTTP endpoint that records every webhook POST it receives and answers with scripted statuses.</summary>
internal sealed class WebhookSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _statuses;

    public sealed record Received(string Body, string? Signature, string? Timestamp, string? ContentType);

    private WebhookSink(WebApplication app, ConcurrentQueue<int> statuses)
    {
        _app = app;
        _statuses = statuses;
    }

    public ConcurrentQueue<Received> Requests { get; } = new();
    public Uri Url { get; private set; } = null!;

    /// <summary>Starts on 127.0.0.1; the first requests get <paramref name="statuses"/>, later ones 200.</summary>
    public static async Task<WebhookSink> StartAsync(params int[] statuses)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var sink = new WebhookSink(app, new ConcurrentQueue<int>(statuses));
        app.MapPost("/hook", async ctx =>
        {
            using var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            sink.Requests.Enqueue(new Received(body, ctx.Request.Headers["magic-hour-event-signature"].FirstOrDefault(),
                ctx.Request.Headers["magic-hour-event-timestamp"].FirstOrDefault(), ctx.Request.ContentType));
            ctx.Response.StatusCode = sink._statuses.TryDequeue(out var status) ? status : 200;
            await ctx.Response.WriteAsync("""{"message":"ok"}""");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
        sink.Url = new Uri(address.TrimEnd('/') + "/hook");
        return sink;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}

[TestFixture]
public sealed class WebhookDeliveryTests
{
    private const string Secret = "whsec_test_0123456789";

    private static string Hmac(string timestamp, string body)
        => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(timestamp + "." + body)));

    private static async Task<(MagicHourEmulator Emu, ManualTimeProvider Clock, EmulatorHttp Http)> StartAsync(WebhookSink sink, Action<MagicHourEmulatorOptions>? configure = null)
    {
        var clock = new ManualTimeProvider();
        var options = new MagicHourEmulatorOptions
        {
            TimeProvider = clock,
            RenderTime = TimeSpan.FromSeconds(4),
            WebhookUrl = sink.Url,
            WebhookSecret = Secret,
        };
        configure?.Invoke(options);
        var emu = await MagicHourEmulator.StartAsync(options);
        return (emu, clock, new EmulatorHttp(emu));
    }

    private static List<(string Type, JsonNode Payload)> Events(WebhookSink sink)
        => sink.Requests.Select(r => JsonNode.Parse(r.Body)!).Select(n => ((string)n["type"]!, n["payload"]!)).ToList();

    [Test]
    public async Task Headshot_sends_signed_started_then_completed()
    {
        await using var sink = await WebhookSink.StartAsync();
        var (emu, clock, http) = await StartAsync(sink);
        await using var _ = emu;
        using var __ = http;

        var id = await http.CreateHeadshotAsync(await http.UploadAsync(SampleImages.PortraitPng(64)));
        await emu.FlushWebhooksAsync();
        Assert.That(sink.Requests, Is.Empty, "queued: no event yet");

        clock.Advance(TimeSpan.FromSeconds(2));
        await emu.FlushWebhooksAsync();
        clock.Advance(TimeSpan.FromSeconds(5));
        await emu.FlushWebhooksAsync();

        var events = Events(sink);
        Assert.That(events.Select(e => e.Type), Is.EqualTo(new[] { "image.started", "image.completed" }));
        Assert.That(events.All(e => (string)e.Payload["id"]! == id));
        Assert.That((string)events[0].Payload["status"]!, Is.EqualTo("rendering"));
        Assert.That(events[0].Payload["downloads"]!.AsArray(), Is.Empty);
        Assert.That((string)events[1].Payload["status"]!, Is.EqualTo("complete"));
        Assert.That((int)events[1].Payload["credits_charged"]!, Is.EqualTo(50));
        Assert.That((string)events[1].Payload["downloads"]![0]!["url"]!, Does.Contain("/_storage/download/"));

        foreach (var request in sink.Requests)
        {
            Assert.That(request.ContentType, Does.StartWith("application/json"));
            Assert.That(request.Timestamp, Is.Not.Null);
            Assert.That(request.Signature, Is.EqualTo(Hmac(request.Timestamp!, request.Body)), "HMAC-SHA256(secret, \"{timestamp}.{body}\"), lower-case hex");
        }
        Assert.That(sink.Requests.Last().Timestamp, Is.EqualTo(clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)), "timestamps follow the emulator's clock");
        Assert.That(emu.GetStats().WebhooksDelivered, Is.EqualTo(2));
    }

    [Test]
    public async Task Project_that_ends_in_error_sends_errored_with_the_error()
    {
        await using var sink = await WebhookSink.StartAsync();
        var (emu, clock, http) = await StartAsync(sink);
        await using var _ = emu;
        using var __ = http;
        emu.InjectFault(new EmulatorFault { Route = "POST /v1/ai-headshot-generator", Kind = EmulatorFaultKind.EndInError });
        await http.CreateHeadshotAsync(await http.UploadAsync(SampleImages.PortraitPng(64)));

        clock.Advance(TimeSpan.FromHours(1)); // first seen already finished: started is still sent first
        await emu.FlushWebhooksAsync();

        var events = Events(sink);
        Assert.That(events.Select(e => e.Type), Is.EqualTo(new[] { "image.started", "image.errored" }));
        Assert.That(events[0].Payload["error"], Is.Null);
        Assert.That((string)events[1].Payload["error"]!["code"]!, Is.EqualTo("unknown_error"));
        Assert.That((int)events[1].Payload["credits_charged"]!, Is.Zero, "refunded");
    }

    [Test]
    public async Task Canceled_project_sends_no_final_event()
    {
        await using var sink = await WebhookSink.StartAsync();
        var (emu, clock, http) = await StartAsync(sink);
        await using var _ = emu;
        using var __ = http;
        emu.InjectFault(new EmulatorFault { Route = "POST /v1/ai-headshot-generator", Kind = EmulatorFaultKind.EndCanceled });
        await http.CreateHeadshotAsync(await http.UploadAsync(SampleImages.PortraitPng(64)));

        clock.Advance(TimeSpan.FromSeconds(2));
        await emu.FlushWebhooksAsync();
        clock.Advance(TimeSpan.FromHours(1));
        await emu.FlushWebhooksAsync();
        await emu.FlushWebhooksAsync();

        Assert.That(Events(sink).Select(e => e.Type), Is.EqualTo(new[] { "image.started" }));
    }

    [Test]
    public async Task Video_and_audio_projects_use_their_kind_in_the_event_type()
    {
        await using var sink = await WebhookSink.StartAsync();
        var (emu, clock, http) = await StartAsync(sink);
        await using var _ = emu;
        using var __ = http;
        var (s1, video) = await http.PostAsync("/v1/text-to-video", """{"end_seconds":2,"style":{"prompt":"a lake"}}""");
        var (s2, audio) = await http.PostAsync("/v1/ai-voice-generator", """{"style":{"prompt":"hello","voice_name":"Elon Musk"}}""");
        Assert.That((s1, s2), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.OK)));

        clock.Advance(TimeSpan.FromHours(1));
        await emu.FlushWebhooksAsync();

        var types = Events(sink).Select(e => e.Type).ToList();
        Assert.That(types, Is.EquivalentTo(new[] { "video.started", "video.completed", "audio.started", "audio.completed" }));
        Assert.That(Events(sink).Where(e => e.Type.StartsWith("video.", StringComparison.Ordinal)).All(e => (string)e.Payload["id"]! == (string)video!["id"]!));
        Assert.That(Events(sink).Where(e => e.Type.StartsWith("audio.", StringComparison.Ordinal)).All(e => (string)e.Payload["id"]! == (string)audio!["id"]!));
    }

    [Test]
    public async Task Failed_delivery_is_retried_and_counted()
    {
        await using var sink = await WebhookSink.StartAsync(500, 503);
        var (emu, clock, http) = await StartAsync(sink);
        await using var _ = emu;
        using var __ = http;
        await http.CreateHeadshotAsync(await http.UploadAsync(SampleImages.PortraitPng(64)));
        clock.Advance(TimeSpan.FromSeconds(2));
        await emu.FlushWebhooksAsync();

        Assert.That(sink.Requests.Select(r => r.Body).Distinct().Count(), Is.EqualTo(1), "the same event three times");
        Assert.That(sink.Requests, Has.Count.EqualTo(3));
        var stats = emu.GetStats();
        Assert.That(stats.WebhooksDelivered, Is.EqualTo(1));
        Assert.That(stats.WebhookAttemptsFailed, Is.EqualTo(2));
    }

    [Test]
    public async Task Background_loop_delivers_without_flushing()
    {
        await using var sink = await WebhookSink.StartAsync();
        await using var emu = await MagicHourEmulator.StartAsync(new MagicHourEmulatorOptions { RenderTime = TimeSpan.Zero, WebhookUrl = sink.Url, WebhookSecret = Secret });
        using var http = new EmulatorHttp(emu);
        await http.CreateHeadshotAsync(await http.UploadAsync(SampleImages.PortraitPng(64)));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (sink.Requests.Count < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        Assert.That(Events(sink).Select(e => e.Type), Is.EqualTo(new[] { "image.started", "image.completed" }));
    }

    [Test]
    public void Webhook_url_must_be_http()
    {
        Assert.ThrowsAsync<ArgumentException>(() => MagicHourEmulator.StartAsync(new MagicHourEmulatorOptions { WebhookUrl = new Uri("ftp://127.0.0.1/x") }));
        Assert.ThrowsAsync<ArgumentException>(() => MagicHourEmulator.StartAsync(new MagicHourEmulatorOptions { WebhookUrl = new Uri("http://127.0.0.1/x"), WebhookSecret = "" }));
    }

    [Test]
    public void Command_line_takes_webhook_options()
    {
        var options = Program.ParseArgs(["--webhook-url", "http://127.0.0.1:9/hook", "--webhook-secret", "s3", "--download-redirect-host", "localhost"]);
        Assert.That(options.WebhookUrl, Is.EqualTo(new Uri("http://127.0.0.1:9/hook")));
        Assert.That(options.WebhookSecret, Is.EqualTo("s3"));
        Assert.That(options.DownloadRedirectHost, Is.EqualTo("localhost"));
        Assert.Throws<ArgumentException>(() => Program.ParseArgs(["--webhook-url", "not a url"]));
    }
}

[TestFixture]
public sealed class DownloadRedirectTests
{
    [Test]
    public async Task Download_urls_redirect_to_storage_on_another_host()
    {
        await using var emu = await MagicHourEmulator.StartAsync(new MagicHourEmulatorOptions
        {
            RenderTime = TimeSpan.Zero,
            StorageHost = "localhost",
            DownloadRedirectHost = "127.0.0.1",
        });
        using var http = new EmulatorHttp(emu);
        var id = await http.CreateHeadshotAsync(await http.UploadAsync(SampleImages.PortraitPng(64)));
        var (_, project) = await http.GetAsync($"/v1/image-projects/{id}");
        var url = new Uri((string)project!["downloads"]![0]!["url"]!);
        Assert.That(url.Host, Is.EqualTo("127.0.0.1"));
        Assert.That(url.AbsolutePath, Is.EqualTo($"/_storage/redirect/{id}.png"), "ends in the output's file name, like a CDN link");

        using var noFollow = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        using var response = await noFollow.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Found));
        var target = response.Headers.Location!;
        Assert.That(target.Host, Is.EqualTo("localhost"));
        Assert.That(target.AbsolutePath, Does.StartWith("/_storage/download/"));

        using var file = await noFollow.GetAsync(target);
        Assert.That(file.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(file.Content.Headers.ContentType!.MediaType, Is.EqualTo("image/png"));
        Assert.That(emu.GetStats().RequestsByRoute["GET /_storage/redirect 302"], Is.EqualTo(1));
    }

    [TestCase("https://evil.example/_storage/download/x")]
    [TestCase("http://evil.example:{port}/_storage/download/x")]
    [TestCase("http://127.0.0.1:{port}/v1/image-projects/x")]
    [TestCase("not a url")]
    public async Task Redirect_is_not_open(string to)
    {
        await using var emu = await MagicHourEmulator.StartAsync(new MagicHourEmulatorOptions { RenderTime = TimeSpan.Zero });
        using var noFollow = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = emu.BaseUrl };
        using var response = await noFollow.GetAsync("/_storage/redirect/x.png?to=" + Uri.EscapeDataString(to.Replace("{port}", emu.BaseUrl.Port.ToString(CultureInfo.InvariantCulture))));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Headers.Location, Is.Null);
    }
}

[TestFixture]
public sealed class ProjectListAndReleaseTests
{
    [Test]
    public async Task GetProjects_lists_every_project_with_its_name()
    {
        await using var emu = await MagicHourEmulator.StartAsync(new MagicHourEmulatorOptions { RenderTime = TimeSpan.Zero });
        using var http = new EmulatorHttp(emu);
        var path = await http.UploadAsync(SampleImages.PortraitPng(64));
        var (_, a) = await http.PostAsync("/v1/ai-headshot-generator", $$$"""{"name":"first","assets":{"image_file_path":"{{{path}}}"}}""");
        var (_, b) = await http.PostAsync("/v1/ai-headshot-generator", $$$"""{"name":"second","assets":{"image_file_path":"{{{path}}}"}}""");

        var projects = emu.GetProjects();
        Assert.That(projects.Select(p => (p.Id, p.Name)), Is.EqualTo(new[] { ((string)a!["id"]!, "first"), ((string)b!["id"]!, "second") }));
    }

    [Test]
    public async Task A_stuck_project_can_be_released()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await MagicHourEmulator.StartAsync(new MagicHourEmulatorOptions { TimeProvider = clock, RenderTime = TimeSpan.FromSeconds(4) });
        using var http = new EmulatorHttp(emu);
        emu.InjectFault(new EmulatorFault { Route = "POST /v1/ai-headshot-generator", Kind = EmulatorFaultKind.StuckRendering });
        var id = await http.CreateHeadshotAsync(await http.UploadAsync(SampleImages.PortraitPng(64)));
        clock.Advance(TimeSpan.FromHours(1));
        Assert.That((string)(await http.GetAsync($"/v1/image-projects/{id}")).Body!["status"]!, Is.EqualTo("rendering"));

        Assert.That(emu.ReleaseStuckProject(id), Is.True);
        Assert.That(emu.ReleaseStuckProject(id), Is.False, "no longer stuck");
        Assert.That(emu.ReleaseStuckProject("unknown"), Is.False);
        Assert.That((string)(await http.GetAsync($"/v1/image-projects/{id}")).Body!["status"]!, Is.EqualTo("complete"));
    }
}
