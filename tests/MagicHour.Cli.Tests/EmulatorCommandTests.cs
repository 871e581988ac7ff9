using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace MagicHour.Cli.Tests;

/// <summary><c>magichour emulator</c>: stays up, prints its URL and key, and other runs use it.</summary>
public class EmulatorCommandTests
{
    [Test]
    public async Task Emulator_ServesOtherRuns_UntilStopped()
    {
        using var dir = new TempDir();
        using var stop = new CancellationTokenSource();
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var outputText = new LineSignal(ready);
        var server = Cli.Run(["emulator", "--port", "0", "--render-seconds", "0"], new CliEnv(), stop.Token, output: outputText);
        var exportLine = await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var match = Regex.Match(exportLine, @"MAGIC_HOUR_BASE_URL=(\S+) MAGIC_HOUR_API_KEY=(\S+)");
        Assert.That(match.Success, exportLine);
        var env = new CliEnv();
        env.Variables["MAGIC_HOUR_BASE_URL"] = match.Groups[1].Value;
        env.Variables["MAGIC_HOUR_API_KEY"] = match.Groups[2].Value;

        var created = await Cli.Run(["headshot", dir.Portrait(), "--no-wait", "--json"], env);
        Assert.That(created.Code, Is.EqualTo(ExitCodes.Ok), created.ToString());
        var id = created.Json.GetProperty("project_id").GetString()!;
        var resumed = await Cli.Run(["image", "resume", id, "--out", dir.Sub("o")], env);
        Assert.That(resumed.Code, Is.EqualTo(ExitCodes.Ok), resumed.ToString());
        Assert.That(dir.Files("o"), Has.Length.EqualTo(1));

        stop.Cancel();
        var finished = await server.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That(finished.Code, Is.EqualTo(ExitCodes.Ok), finished.ToString());
        Assert.That(finished.Err, Does.Contain("Emulator stopped."));
    }

    [Test]
    public async Task BusyPort_OneClearLine_AndItsExitCode()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var run = await Cli.Run("emulator", "--port", port.ToString());
        Assert.That(run.Code, Is.EqualTo(ExitCodes.PortInUse), run.ToString());
        Assert.That(run.Err.Trim().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(run.Err, Does.Contain($"Port {port} is already in use").And.Not.Contain("   at "));
    }

    /// <summary>Completes <paramref name="ready"/> with the first line that has the export command.</summary>
    private sealed class LineSignal(TaskCompletionSource<string> ready) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value?.Contains("export ", StringComparison.Ordinal) == true) ready.TrySetResult(value);
        }
    }
}
