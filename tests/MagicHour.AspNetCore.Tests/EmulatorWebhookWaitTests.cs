using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MagicHour.Emulator;
using MagicHour.Generated;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace MagicHour.AspNetCore.Tests;

/// <summary>
/// End to end on the emulator, which signs and delivers webhooks as the vendor does, all on one fake clock: the DI
/// client's GenerateAsync in the receiving app ends on the project's webhook, and on its sparse fallback poll when
/// no event can come (receiver down, deliveries that do not verify, a canceled project, which sends none).
/// Status requests are counted on the client's wire.
/// </summary>
[Parallelizable(ParallelScope.All)] // each test has its own clock, receiver, emulator and directory
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public class EmulatorWebhookWaitTests
{
    private static readonly TimeSpan Render = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Fallback = MagicHour.Generated.Webhooks.MagicHourProjectEvents.DefaultFallbackPollInterval;

    private readonly DateTimeOffset _start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private FakeTimeProvider _time = null!;
    private CountingTransport _wire = null!;
    private string _out = null!;
    private long _noticedComplete; // Stopwatch timestamp of the wait's "complete" progress report

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider(_start);
        _wire = new CountingTransport();
        _out = Path.Combine(Path.GetTempPath(), "mh-aspnetcore-tests-" + Guid.NewGuid().ToString("N"));
    }

    [TearDown]
    public void TearDown()
    {
        _wire.Dispose();
        if (Directory.Exists(_out)) Directory.Delete(_out, recursive: true);
    }

    [Test]
    public async Task Generate_60sRender_EndsOnTheWebhook_WithTwoStatusRequests()
    {
        await using var host = await ReceiverAsync();
        await using var emu = await EmulatorAsync(o => o.WebhookUrl = host.Url);
        var started = _time.GetUtcNow();
        var run = await GenerateAsync(host, emu);

        await AdvanceQuietlyAsync(Render - TimeSpan.FromSeconds(1), run); // the fallback poll at 45 s sees it rendering
        Assert.That(run.IsCompleted, Is.False);
        _time.Advance(TimeSpan.FromSeconds(1)); // the render ends at 60 s
        var flushed = Stopwatch.GetTimestamp();
        await emu.FlushWebhooksAsync(); // returns once the completed event was answered
        var result = await run.WaitAsync(TimeSpan.FromSeconds(30));
        var noticed = Stopwatch.GetElapsedTime(flushed, Volatile.Read(ref _noticedComplete));
        var afterArrival = Stopwatch.GetElapsedTime(Volatile.Read(ref host.Handled.LastDeliveryArrived), Volatile.Read(ref _noticedComplete));

        Assert.That(result.Project!.Status, Is.EqualTo(ProjectStatus.Complete));
        Assert.That(File.Exists(result.DownloadedPaths.Single()), Is.True);
        Assert.That(_time.GetUtcNow() - started, Is.EqualTo(Render), "ended with no clock time passing after the event");
        Assert.That(_wire.StatusGets, Is.EqualTo(2), "one when the wait starts, the fallback at 45 s; none after the event");
        Assert.That(emu.GetStats().WebhooksDelivered, Is.EqualTo(2), "started, completed");
        Assert.That(host.Handled.Events.Select(e => e.Type), Is.EquivalentTo(new[] { "image.started", "image.completed" }));
        // Real time, reported, not asserted (the fake clock above is the assertion): from the emulator starting the
        // delivery to the wait reporting the project complete.
        TestContext.Out.WriteLine($"emulator began the delivery -> wait noticed completion: {noticed.TotalMilliseconds:0.0} ms; delivery reached the receiver -> noticed: {afterArrival.TotalMilliseconds:0.0} ms");
    }

    [Test]
    public async Task ReceiverDown_TheFallbackPollEndsTheWait()
    {
        await using var host = await ReceiverAsync();
        await using var emu = await EmulatorAsync(o => o.WebhookUrl = new Uri($"http://127.0.0.1:{ClosedPort()}/webhooks/magic-hour"));
        var started = _time.GetUtcNow();
        var run = await GenerateAsync(host, emu);

        await AdvanceQuietlyAsync(Render + TimeSpan.FromSeconds(1), run);
        await emu.FlushWebhooksAsync();
        Assert.That(run.IsCompleted, Is.False, "no event can end it: the next fallback poll does");
        await AdvanceQuietlyAsync(TimeSpan.FromSeconds(60), run);
        var result = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(result.Project!.Status, Is.EqualTo(ProjectStatus.Complete));
        Assert.That(_wire.StatusGets, Is.EqualTo(3), "at 0, 45 and 90 s");
        Assert.That(_time.GetUtcNow() - started, Is.GreaterThanOrEqualTo(2 * Fallback).And.LessThan(3 * Fallback));
        Assert.That(emu.GetStats().WebhooksDelivered, Is.Zero);
        Assert.That(emu.GetStats().WebhookAttemptsFailed, Is.GreaterThan(0));
    }

    [Test]
    public async Task DeliveriesSignedWithAnotherSecret_AreRefused_AndTheFallbackPollEndsTheWait()
    {
        await using var host = await ReceiverAsync();
        await using var emu = await EmulatorAsync(o => { o.WebhookUrl = host.Url; o.WebhookSecret = "whsec_not_the_receivers"; });
        var run = await GenerateAsync(host, emu);

        await AdvanceQuietlyAsync(Render + TimeSpan.FromSeconds(1), run);
        await emu.FlushWebhooksAsync();
        Assert.That(run.IsCompleted, Is.False);
        await AdvanceQuietlyAsync(TimeSpan.FromSeconds(60), run);
        var result = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(result.Project!.Status, Is.EqualTo(ProjectStatus.Complete));
        Assert.That(_wire.StatusGets, Is.EqualTo(3));
        Assert.That(emu.GetStats().WebhooksDelivered, Is.Zero, "every attempt answered 401");
        Assert.That(host.Handled.Events, Is.Empty);
    }

    [Test]
    public async Task CanceledProject_SendsNoEvent_TheFallbackPollEndsTheWait()
    {
        await using var host = await ReceiverAsync();
        await using var emu = await EmulatorAsync(o =>
        {
            o.WebhookUrl = host.Url;
            o.Faults.Add(new EmulatorFault { Route = "POST /v1/ai-headshot-generator", Kind = EmulatorFaultKind.EndCanceled });
        });
        var run = await GenerateAsync(host, emu);

        await AdvanceQuietlyAsync(Render + TimeSpan.FromSeconds(1), run);
        await emu.FlushWebhooksAsync();
        Assert.That(run.IsCompleted, Is.False);
        await AdvanceQuietlyAsync(TimeSpan.FromSeconds(60), run);

        var ex = Assert.ThrowsAsync<MagicHourProjectFailedException>(() => run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.That(ex!.Kind, Is.EqualTo(MagicHourErrorKind.ProjectCanceled));
        Assert.That(_wire.StatusGets, Is.EqualTo(3));
        Assert.That(host.Handled.Events.Select(e => e.Type), Is.EqualTo(new[] { "image.started" }), "nothing for canceled");
    }

    private Task<ReceiverHost> ReceiverAsync()
        => ReceiverHost.StartAsync(client: o =>
        {
            o.TimeProvider = _time;
            o.Transport = _wire;
        });

    private Task<MagicHourEmulator> EmulatorAsync(Action<MagicHourEmulatorOptions> configure)
    {
        var options = new MagicHourEmulatorOptions
        {
            ApiKey = "mh_receiver_tests_key",
            RenderTime = Render,
            TimeProvider = _time,
            WebhookSecret = ReceiverHost.Secret,
        };
        configure(options);
        return MagicHourEmulator.StartAsync(options);
    }

    /// <summary>
    /// Starts GenerateAsync through the receiving app's DI client (its options pointed at the emulator), and returns
    /// once the project was created and polled once, all at the clock's start (the clock stands still until then).
    /// </summary>
    private async Task<Task<GenerateResult<ImageProject>>> GenerateAsync(ReceiverHost host, MagicHourEmulator emu)
    {
        // The receiver had to start first (the emulator needs its URL); the client is made from the options
        // monitor's current value on first use, so pointing that at the emulator now is enough.
        host.Services.GetRequiredService<IOptionsMonitor<MagicHourClientOptions>>().CurrentValue.BaseUrl = emu.BaseUrl;
        var request = new AiHeadshotGeneratorCreateRequest { Name = "webhook wait", Assets = new() { ImageFilePath = Samples.Portrait } };
        var run = Task.Run(() => host.Client.V1.AiHeadshotGenerator.GenerateAsync(request, new GenerateOptions
        {
            DownloadDirectory = _out,
            Timeout = TimeSpan.FromMinutes(10),
            Progress = new SyncProgress(p => { if (p.Status == "complete") Interlocked.CompareExchange(ref _noticedComplete, Stopwatch.GetTimestamp(), 0); }),
        }));
        await _wire.FirstStatusGetAsync(run);
        return run;
    }

    /// <summary>
    /// Moves the fake clock on by <paramref name="by"/> in steps of at most <see cref="Step"/> that stop exactly at
    /// every fallback poll time (multiples of <see cref="Fallback"/> after the wait's first poll, at the clock's start),
    /// each time letting the client's requests finish first (waiting on the wire, not on time): each poll sees the
    /// status of the moment it was due, and a client polling more often than the fallback makes extra requests.
    /// </summary>
    private async Task AdvanceQuietlyAsync(TimeSpan by, Task run)
    {
        var end = _time.GetUtcNow() + by;
        while (_time.GetUtcNow() < end)
        {
            await _wire.QuietAsync(run);
            if (run.IsCompleted) return;
            var now = _time.GetUtcNow();
            var sinceStart = now - _start;
            var nextPoll = _start + Fallback * (Math.Floor(sinceStart / Fallback) + 1);
            var next = new[] { end, now + Step, nextPoll }.Min();
            _time.Advance(next - now);
        }
        await _wire.QuietAsync(run);
    }

    private static readonly TimeSpan Step = TimeSpan.FromSeconds(5);

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Progress reported on the reporting thread (Progress&lt;T&gt; would post it elsewhere, later).</summary>
internal sealed class SyncProgress(Action<GenerateProgress> report) : IProgress<GenerateProgress>
{
    public void Report(GenerateProgress value) => report(value);
}

/// <summary>The client's transport: counts project status GETs and knows when no request is in flight.</summary>
public sealed class CountingTransport() : DelegatingHandler(new SocketsHttpHandler { AllowAutoRedirect = false })
{
    private int _statusGets;
    private int _inFlight;

    public int StatusGets => Volatile.Read(ref _statusGets);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Get && request.RequestUri!.AbsolutePath.StartsWith("/v1/image-projects/", StringComparison.Ordinal)) Interlocked.Increment(ref _statusGets);
        Interlocked.Increment(ref _inFlight);
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            await response.Content.LoadIntoBufferAsync(); // "done" includes the body
            return response;
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>Returns once the first status GET was answered (or <paramref name="run"/> ended). Bounded by 30 s of real time: a guard against a hang.</summary>
    public async Task FirstStatusGetAsync(Task run)
    {
        var deadline = Stopwatch.StartNew();
        while (StatusGets == 0 && !run.IsCompleted && deadline.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(5);
        await QuietAsync(run);
    }

    /// <summary>
    /// Returns once no request has been in flight for a few consecutive checks (the client is waiting on the clock),
    /// or <paramref name="run"/> ended. Bounded by 10 s of real time: a guard against a hang, not a measurement.
    /// </summary>
    public async Task QuietAsync(Task run)
    {
        var deadline = Stopwatch.StartNew();
        var quiet = 0;
        while (quiet < 3 && !run.IsCompleted && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(5);
            quiet = Volatile.Read(ref _inFlight) == 0 ? quiet + 1 : 0;
        }
    }
}

internal static class Samples
{
    public static string Portrait { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tools", "samples", "portrait.png");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("tools/samples/portrait.png not found above " + AppContext.BaseDirectory);
    }
}
