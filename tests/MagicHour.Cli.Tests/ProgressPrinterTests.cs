using MagicHour.Cli.Output;
using MagicHour.Generated;

namespace MagicHour.Cli.Tests;

/// <summary>The waiting line's clock keeps running between status changes.</summary>
public class ProgressPrinterTests
{
    private sealed class ManualTime : TimeProvider
    {
        private long _ticks;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => _ticks;
        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }

    [Test]
    public void Terminal_ClockAdvancesWithoutStatusReports()
    {
        var time = new ManualTime();
        using var error = new StringWriter();
        using var printer = new ProgressPrinter(error, interactive: true, time, runClock: false);
        printer.Report(new GenerateProgress(GenerateStage.Waiting, "p1", "queued"));
        time.Advance(TimeSpan.FromSeconds(14));
        printer.Tick();
        printer.Report(new GenerateProgress(GenerateStage.Waiting, "p1", "rendering", TimeSpan.FromSeconds(15.4)));
        time.Advance(TimeSpan.FromSeconds(110));
        printer.Tick();
        var text = error.ToString();
        Assert.That(text, Does.Contain("p1: queued (0 s)").And.Contain("p1: queued (14 s)").And.Contain("p1: rendering (14 s)").And.Contain("p1: rendering (2 min 04 s)"));
        Assert.That(text, Does.Contain("\r"));
    }

    [Test]
    public void Redirected_PlainLines_WithAHeartbeat()
    {
        var time = new ManualTime();
        using var error = new StringWriter();
        using var printer = new ProgressPrinter(error, interactive: false, time, runClock: false);
        printer.Report(new GenerateProgress(GenerateStage.Waiting, "p1", "rendering"));
        time.Advance(TimeSpan.FromSeconds(5));
        printer.Tick();
        time.Advance(ProgressPrinter.HeartbeatEvery);
        printer.Tick();
        var lines = error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Is.EqualTo(new[] { "Project p1: rendering (0 s)", "Project p1: still rendering (20 s)" }));
        Assert.That(error.ToString(), Does.Not.Contain("\r"));
    }

    [Test]
    public async Task Interactive_Cli_DrawsABarOnStderr()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var dir = new TempDir();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var run = await Cli.Run(emulator.With("headshot", dir.Portrait(), "--out", dir.Sub("o")), new CliEnv(), default, error, output, interactive: true);
        Assert.That(run.Code, Is.EqualTo(ExitCodes.Ok), run.ToString());
        Assert.That(run.Err, Does.Contain("\r").And.Contain("[####################] 100%"));
        Assert.That(run.Out, Does.Not.Contain("\r"));
    }
}
