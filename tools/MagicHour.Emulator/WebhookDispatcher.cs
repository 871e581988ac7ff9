using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace MagicHour.Emulator;

/// <summary>
/// Sends signed webhook events to <see cref="MagicHourEmulatorOptions.WebhookUrl"/> as projects change status,
/// the way the vendor's webhook description says: <c>{kind}.started</c> when rendering begins,
/// <c>{kind}.completed</c> / <c>{kind}.errored</c> at the end, nothing for <c>canceled</c> (the vendor sends no
/// event for it) and nothing for face detection tasks. A project that is first seen already finished still gets
/// its <c>started</c> event first, so a receiver always sees started before the end.
/// <para>
/// Body: <c>{"type": "image.completed", "payload": {...the GET project body...}}</c>. Headers:
/// <c>magic-hour-event-timestamp</c> (Unix seconds from the emulator's clock) and <c>magic-hour-event-signature</c>
/// (lower-case hex HMAC-SHA256 with the webhook secret as key over <c>"{timestamp}.{body}"</c>).
/// Each event is tried up to 3 times (non-2xx or no answer), then dropped.
/// </para>
/// <para>
/// Status is computed from the clock, with no timers, so a background loop looks for changes every
/// <see cref="SweepInterval"/>; <see cref="MagicHourEmulator.FlushWebhooksAsync"/> does one sweep on demand.
/// </para>
/// </summary>
internal sealed class WebhookDispatcher : IAsyncDisposable
{
    public const string SignatureHeader = "magic-hour-event-signature";
    public const string TimestampHeader = "magic-hour-event-timestamp";
    public static readonly TimeSpan SweepInterval = TimeSpan.FromMilliseconds(50);
    private const int MaxAttempts = 3;

    private readonly EmulatorState _state;
    private readonly Uri _url;
    private readonly byte[] _secret;
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(10) };
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _sweepLock = new(1, 1);
    private readonly List<Pending> _pending = [];
    private readonly Task _loop;
    private int _seen;

    /// <summary>A project still owed events: <see cref="Started"/> once the started event went out.</summary>
    private sealed class Pending(ProjectRecord project)
    {
        public ProjectRecord Project { get; } = project;
        public bool Started { get; set; }
    }

    public WebhookDispatcher(EmulatorState state, Uri url, string secret)
    {
        _state = state;
        _url = url;
        _secret = Encoding.UTF8.GetBytes(secret);
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Signs a body the way the vendor documents: HMAC-SHA256(secret, "{timestamp}.{body}") as lower-case hex.</summary>
    public static string Sign(byte[] secret, long timestamp, byte[] body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message, prefix.Length);
        return Convert.ToHexStringLower(HMACSHA256.HashData(secret, message));
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await SweepAsync(_stop.Token).ConfigureAwait(false);
                await Task.Delay(SweepInterval, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception)
            {
                // A failing sweep must not stop later ones; failed deliveries are counted in the stats.
            }
        }
    }

    /// <summary>Sends every event that is due now, in order, and returns when they were delivered or given up.</summary>
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        await _sweepLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var added = _state.ProjectsFrom(_seen);
            _seen += added.Count;
            _pending.AddRange(added.Where(p => p.Endpoint is not null).Select(p => new Pending(p)));

            for (var i = 0; i < _pending.Count; i++)
            {
                var item = _pending[i];
                var project = item.Project;
                if (_state.FindProject(project.Id) is null)
                {
                    _pending.RemoveAt(i--); // deleted: no more events
                    continue;
                }
                var status = _state.StatusOf(project);
                if (status is "queued" or "draft")
                {
                    continue;
                }
                if (!item.Started && status is "rendering" or "complete" or "error")
                {
                    await DeliverAsync(project, "started", "rendering", cancellationToken).ConfigureAwait(false);
                    item.Started = true;
                }
                if (status is "complete" or "error")
                {
                    await DeliverAsync(project, status == "complete" ? "completed" : "errored", status, cancellationToken).ConfigureAwait(false);
                }
                if (status is "complete" or "error" or "canceled")
                {
                    _pending.RemoveAt(i--);
                }
            }
        }
        finally
        {
            _sweepLock.Release();
        }
    }

    private async Task DeliverAsync(ProjectRecord project, string action, string status, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["type"] = $"{project.KindName}.{action}",
            ["payload"] = EmulatorEndpoints.ProjectJson(_state, project, status),
        };
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var timestamp = _state.Now.ToUnixTimeSeconds();
            using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = new ByteArrayContent(bytes) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.TryAddWithoutValidation(TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
            request.Headers.TryAddWithoutValidation(SignatureHeader, Sign(_secret, timestamp, bytes));
            try
            {
                using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    _state.CountWebhookDelivered();
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
            }
            _state.CountWebhookAttemptFailed();
            if (attempt < MaxAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        _http.Dispose();
        _stop.Dispose();
    }
}
