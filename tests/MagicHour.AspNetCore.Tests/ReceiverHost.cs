using System.Collections.Concurrent;
using System.Net;
using System.Text;
using MagicHour.Generated;
using MagicHour.Generated.AspNetCore;
using MagicHour.Generated.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MagicHour.AspNetCore.Tests;

/// <summary>
/// An ASP.NET Core app on Kestrel (127.0.0.1, any free port) set up the way the README says:
/// <c>AddMagicHour(...).AddWebhooks(...).AddWebhookHandler&lt;T&gt;()</c> and <c>MapMagicHourWebhooks(...)</c>.
/// Its <see cref="Client"/> is the DI client, so its waits listen to this receiver.
/// </summary>
public sealed class ReceiverHost : IAsyncDisposable
{
    public const string Secret = "whsec_aspnetcore_tests_0123456789";
    public const string Pattern = "/webhooks/magic-hour";

    private readonly WebApplication _app;
    private readonly HttpClient _http = new();

    private ReceiverHost(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }
    public Uri Url => new(BaseUrl, Pattern);
    public IServiceProvider Services => _app.Services;
    public MagicHourClient Client => _app.Services.GetRequiredService<MagicHourClient>();
    public Recorded Handled => _app.Services.GetRequiredService<Recorded>();

    public static async Task<ReceiverHost> StartAsync(Action<MagicHourClientOptions>? client = null, Action<MagicHourWebhookOptions>? webhooks = null, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton<Recorded>();
        builder.Services.AddMagicHour(o =>
            {
                o.ApiKey = "mh_receiver_tests_key";
                client?.Invoke(o);
            })
            .AddWebhooks(o =>
            {
                o.Secret = Secret;
                webhooks?.Invoke(o);
            })
            .AddWebhookHandler<RecordingHandler>();
        services?.Invoke(builder.Services);
        var app = builder.Build();
        var recorded = app.Services.GetRequiredService<Recorded>();
        app.Use(async (context, next) =>
        {
            if (context.Request.Path == Pattern) Interlocked.Exchange(ref recorded.LastDeliveryArrived, System.Diagnostics.Stopwatch.GetTimestamp());
            await next(context);
        });
        app.MapMagicHourWebhooks(Pattern);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ReceiverHost(app, new Uri(address));
    }

    /// <summary>Posts <paramref name="body"/> signed as the vendor does (or with the given secret, timestamp or signature).</summary>
    public async Task<HttpStatusCode> PostAsync(string body, long timestamp, string? secret = null, string? signature = null)
        => await PostAsync(Encoding.UTF8.GetBytes(body), timestamp, secret, signature);

    public async Task<HttpStatusCode> PostAsync(byte[] body, long timestamp, string? secret = null, string? signature = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TryAddWithoutValidation(MagicHourWebhook.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(MagicHourWebhook.SignatureHeader, signature ?? MagicHourWebhook.ComputeSignature(body, timestamp, secret ?? Secret));
        using var response = await _http.SendAsync(request);
        return response.StatusCode;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>What <see cref="RecordingHandler"/> was given, in order.</summary>
public sealed class Recorded
{
    private readonly ConcurrentQueue<MagicHourWebhookEvent> _events = new();
    private readonly SemaphoreSlim _arrived = new(0);

    /// <summary>Stopwatch timestamp of the last request to the webhook route, as it reached the app.</summary>
    public long LastDeliveryArrived;

    /// <summary>Set by a test to make the handler throw for an event, or block on it.</summary>
    public Func<MagicHourWebhookEvent, Task>? OnEvent { get; set; }

    public IReadOnlyList<MagicHourWebhookEvent> Events => _events.ToArray();

    internal async Task AddAsync(MagicHourWebhookEvent webhookEvent)
    {
        try
        {
            if (OnEvent is { } onEvent) await onEvent(webhookEvent);
        }
        finally
        {
            _events.Enqueue(webhookEvent);
            _arrived.Release();
        }
    }

    /// <summary>Waits (up to 10 s of real time: a guard against a hang, not a measurement) until <paramref name="count"/> events were handled.</summary>
    public async Task<IReadOnlyList<MagicHourWebhookEvent>> WaitForAsync(int count)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (_events.Count < count) await _arrived.WaitAsync(guard.Token);
        return Events;
    }
}

public sealed class RecordingHandler(Recorded recorded) : IMagicHourWebhookHandler
{
    public Task HandleAsync(MagicHourWebhookEvent webhookEvent, CancellationToken cancellationToken) => recorded.AddAsync(webhookEvent);
}

/// <summary>Webhook bodies in the vendor's shape.</summary>
public static class Events
{
    public static string Image(string type, string id, string status, int credits = 50, string downloads = "[]")
        => $$"""{"type":"{{type}}","payload":{"id":"{{id}}","name":"Ai Headshot image","status":"{{status}}","image_count":1,"type":"AI_HEADSHOT","created_at":"2026-11-25T10:00:00Z","enabled":true,"credits_charged":{{credits}},"downloads":{{downloads}},"error":null} }""";

    public static string Completed(string id) => Image("image.completed", id, "complete", downloads: """[{"url":"https://storage.test/out.png","expires_at":"2026-11-26T10:00:00Z"}]""");
}
