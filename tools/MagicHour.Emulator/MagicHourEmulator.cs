using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace MagicHour.Emulator;

/// <summary>
/// A running emulator of the Magic Hour v1 REST API on 127.0.0.1. Start one per test fixture with
/// <see cref="StartAsync"/> and dispose it to stop the server and delete its temporary storage.
/// </summary>
public sealed class MagicHourEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EmulatorState _state;
    private readonly bool _ownsStorage;
    private readonly WebhookDispatcher? _webhooks;
    private int _disposed;

    private MagicHourEmulator(WebApplication app, EmulatorState state, Uri baseUrl, bool ownsStorage, WebhookDispatcher? webhooks)
    {
        _app = app;
        _state = state;
        BaseUrl = baseUrl;
        _ownsStorage = ownsStorage;
        _webhooks = webhooks;
    }

    /// <summary>Base URL of the API, e.g. http://127.0.0.1:5080/ (paths start with /v1/).</summary>
    public Uri BaseUrl { get; }

    /// <summary>The API key the emulator accepts.</summary>
    public string ApiKey => _state.Options.ApiKey;

    /// <summary>How long a project takes from creation to its final status (<see cref="MagicHourEmulatorOptions.RenderTime"/>).</summary>
    public TimeSpan RenderTime => _state.Options.RenderTime;

    /// <summary>Directory holding uploads and generated outputs.</summary>
    public string StorageDirectory => _state.StorageRoot;

    /// <summary>Current credits balance (refunds of projects that ended in error or canceled included).</summary>
    public long CreditsBalance => _state.Balance;

    /// <summary>Starts an emulator; options may be null for all defaults.</summary>
    public static async Task<MagicHourEmulator> StartAsync(MagicHourEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new MagicHourEmulatorOptions();
        if (string.IsNullOrEmpty(options.ApiKey))
        {
            throw new ArgumentException("ApiKey must not be empty.", nameof(options));
        }
        if (options.RenderTime < TimeSpan.Zero)
        {
            throw new ArgumentException("RenderTime must not be negative.", nameof(options));
        }
        if (options.WebhookUrl is { } hook && (!hook.IsAbsoluteUri || (hook.Scheme != Uri.UriSchemeHttp && hook.Scheme != Uri.UriSchemeHttps)))
        {
            throw new ArgumentException("WebhookUrl must be an absolute http(s) URL.", nameof(options));
        }
        if (options.WebhookUrl is not null && string.IsNullOrEmpty(options.WebhookSecret))
        {
            throw new ArgumentException("WebhookSecret must not be empty when WebhookUrl is set.", nameof(options));
        }
        if (options.AccountTier is not ("free" or "creator" or "pro" or "business"))
        {
            throw new ArgumentException("AccountTier must be free, creator, pro or business.", nameof(options));
        }
        if (options.SavedItemCount < 0)
        {
            throw new ArgumentException("SavedItemCount must not be negative.", nameof(options));
        }
        var ownsStorage = options.StorageDirectory is null;
        var storage = options.StorageDirectory ?? Path.Combine(Path.GetTempPath(), "magichour-emulator-" + Ids.Random(12));
        Directory.CreateDirectory(storage);
        var state = new EmulatorState(options, Path.GetFullPath(storage));

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(MagicHourEmulator).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "Production",
        });
        builder.Logging.ClearProviders();
        if (options.EnableLogging)
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        }
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port);
            kestrel.AddServerHeader = false;
        });

        var app = builder.Build();
        EmulatorEndpoints.Map(app, state);

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            if (ownsStorage)
            {
                TryDeleteDirectory(storage);
            }
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        state.Port = port;
        state.StorageBase = $"http://{options.StorageHost ?? "127.0.0.1"}:{port}";
        var webhooks = options.WebhookUrl is { } url ? new WebhookDispatcher(state, url, options.WebhookSecret) : null;
        return new MagicHourEmulator(app, state, new Uri($"http://127.0.0.1:{port}/"), ownsStorage, webhooks);
    }

    /// <summary>A snapshot of the counters.</summary>
    public EmulatorStats GetStats() => _state.Snapshot();

    /// <summary>
    /// Completes once <see cref="EmulatorStats.RequestsByRoute"/> has counted <paramref name="routeAndOutcome"/>
    /// (e.g. <c>"GET /_storage/download aborted"</c>) at least <paramref name="count"/> times: for outcomes the
    /// emulator only learns after the client has moved on, such as a client that left mid-download.
    /// </summary>
    public Task WhenRequestCountedAsync(string routeAndOutcome, long count = 1, CancellationToken cancellationToken = default) =>
        _state.Requests.WhenCounted(routeAndOutcome, count).WaitAsync(cancellationToken);

    /// <summary>Adds a fault rule (thread-safe); it applies to the next <see cref="EmulatorFault.Count"/> matching requests.</summary>
    public void InjectFault(EmulatorFault fault) => _state.Faults.Add(fault);

    /// <summary>Removes every pending fault rule.</summary>
    public void ClearFaults() => _state.Faults.Clear();

    /// <summary>Adds (or with a negative amount, removes) credits.</summary>
    public void AddCredits(long credits) => _state.AddCredits(credits);

    /// <summary>What the emulator knows about a project or face detection task, or null for an unknown id.</summary>
    public EmulatorProjectInfo? GetProject(string id) => _state.Info(id);

    /// <summary>Every project and face detection task created so far (deleted ones included), in creation order.</summary>
    public IReadOnlyList<EmulatorProjectInfo> GetProjects() => _state.ProjectsFrom(0).Select(p => _state.Info(p.Id)!).ToList();

    /// <summary>
    /// Lets a project created with the <see cref="EmulatorFaultKind.StuckRendering"/> fault finish normally
    /// (complete on the next GET if its render time has passed). False for an unknown id or one that is not stuck.
    /// </summary>
    public bool ReleaseStuckProject(string id) => _state.ReleaseStuck(id);

    /// <summary>
    /// Sends every webhook event that is due now (a background loop also does this every 50 ms) and returns
    /// once they were delivered or given up. Does nothing without <see cref="MagicHourEmulatorOptions.WebhookUrl"/>.
    /// </summary>
    public Task FlushWebhooksAsync(CancellationToken cancellationToken = default)
        => _webhooks?.SweepAsync(cancellationToken) ?? Task.CompletedTask;

    /// <summary>Stops the server (open connections get 5 s to finish), stops webhook delivery and deletes the temporary storage it created.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        if (_webhooks is not null)
        {
            await _webhooks.DisposeAsync().ConfigureAwait(false);
        }
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Open connections past the grace period are cut.
        }
        await _app.DisposeAsync().ConfigureAwait(false);
        if (_ownsStorage)
        {
            TryDeleteDirectory(_state.StorageRoot);
        }
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
