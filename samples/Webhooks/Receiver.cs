using System.Net;
using System.Net.Sockets;
using MagicHour.Generated;
using MagicHour.Generated.AspNetCore;
using MagicHour.Generated.Webhooks;

namespace Webhooks;

/// <summary>
/// The app: the Magic Hour client from DI, the webhook receiver on <c>/webhooks/magic-hour</c>, and a handler that
/// keeps what arrived. While it runs, the DI client's <c>GenerateAsync</c> ends the moment its project's webhook
/// arrives (with a poll every 45 s as the fallback).
/// </summary>
public static class Receiver
{
    /// <param name="client">The client's options.</param>
    /// <param name="webhookSecret">The secret deliveries are signed with.</param>
    /// <param name="url">Where the app listens.</param>
    /// <param name="more">More registrations (SharedBus.cs adds the bus between instances).</param>
    public static WebApplication Build(Action<MagicHourClientOptions> client, string webhookSecret, string url, Action<IMagicHourBuilder>? more = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Services.AddSingleton<ReceivedEvents>();
        var magicHour = builder.Services.AddMagicHour(client)
            .AddWebhooks(o => o.Secret = webhookSecret) // in production: leave it unset, MAGIC_HOUR_WEBHOOK_SECRET is read
            .AddWebhookHandler<KeepEvents>();
        more?.Invoke(magicHour);
        var app = builder.Build();
        app.MapMagicHourWebhooks("/webhooks/magic-hour");
        return app;
    }

    /// <summary>A free port on 127.0.0.1 (the tests pick the receiver's before the emulator, which delivers to it, starts).</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The events the handler was given.</summary>
public sealed class ReceivedEvents
{
    private readonly List<MagicHourWebhookEvent> _events = [];

    public IReadOnlyList<MagicHourWebhookEvent> Events
    {
        get { lock (_events) return [.. _events]; }
    }

    public void Add(MagicHourWebhookEvent webhookEvent)
    {
        lock (_events) _events.Add(webhookEvent);
    }
}

/// <summary>An app's handler: verified, de-duplicated events only reach it.</summary>
public sealed class KeepEvents(ReceivedEvents received) : IMagicHourWebhookHandler
{
    public Task HandleAsync(MagicHourWebhookEvent webhookEvent, CancellationToken cancellationToken)
    {
        received.Add(webhookEvent);
        return Task.CompletedTask;
    }
}
