using System.Collections.Concurrent;
using System.Net;
using System.Text;
using MagicHour.Generated.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MagicHour.Testing;

/// <summary>
/// A webhook receiver written the way the SDK's docs show (raw body, the two headers,
/// <see cref="MagicHourWebhook.VerifyAndParse"/>), listening on a free loopback port. It records every event that
/// verifies and the reason for every delivery it refuses, and remembers each project's id by the name given at create.
/// </summary>
/// <remarks>
/// Compiled into both tests/MagicHour.IntegrationTests and tools/MagicHour.Soak (linked with
/// <c>&lt;Compile Include="..." Link="..."/&gt;</c>): it needs the SDK, so it cannot live in the emulator, which
/// deliberately does not reference the SDK, and the soak tool must not reference a test project.
/// </remarks>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _byName = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>Where to point the emulator's <c>WebhookUrl</c>.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>Events whose signature verified, in arrival order.</summary>
    public ConcurrentQueue<MagicHourWebhookEvent> Events { get; } = new();

    /// <summary>Why each refused delivery was refused (one entry per attempt).</summary>
    public ConcurrentQueue<MagicHourWebhookFailure> Refused { get; } = new();

    /// <summary>
    /// Starts listening. Verified deliveries get 200; refused ones 400 (malformed payload) or 401 (signature or
    /// timestamp), so the sender retries them.
    /// </summary>
    /// <param name="secret">The signing secret the deliveries are verified with.</param>
    public static async Task<WebhookReceiver> StartAsync(string secret)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/magic-hour", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            try
            {
                var evt = MagicHourWebhook.VerifyAndParse(body, request.Headers[MagicHourWebhook.SignatureHeader], request.Headers[MagicHourWebhook.TimestampHeader], secret);
                receiver.Events.Enqueue(evt);
                if (evt is ImageWebhookEvent { Image.Name: { } name } image)
                {
                    receiver.Slot(name).TrySetResult(image.Image.Id);
                }
                return Results.Ok(new { message = "ok" });
            }
            catch (MagicHourWebhookException ex)
            {
                receiver.Refused.Enqueue(ex.Failure);
                return Results.Json(new { message = ex.Message }, statusCode: ex.Failure == MagicHourWebhookFailure.MalformedPayload ? 400 : 401);
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(address.TrimEnd('/') + "/magic-hour");
        return receiver;
    }

    private TaskCompletionSource<string> Slot(string name) => _byName.GetOrAdd(name, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>The id of the image project named <paramref name="name"/>, once any of its events verified; null after <paramref name="wait"/>.</summary>
    public async Task<string?> ProjectIdAsync(string name, TimeSpan wait)
    {
        var slot = Slot(name).Task;
        var done = await Task.WhenAny(slot, Task.Delay(wait)).ConfigureAwait(false);
        return done == slot ? slot.Result : null;
    }

    /// <summary>Stops listening.</summary>
    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
