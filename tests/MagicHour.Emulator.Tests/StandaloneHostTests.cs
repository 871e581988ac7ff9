using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MagicHour.Emulator.Tests;

/// <summary>The standalone server (dotnet MagicHour.Emulator.dll), run as its own process as users run it.</summary>
public class StandaloneHostTests
{
    [Test]
    public async Task A_busy_port_gives_one_clear_line_and_exit_code_9()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;
        var emulatorDll = typeof(MagicHourEmulator).Assembly.Location;

        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { emulatorDll, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture) }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);

        var error = (await stderr).Trim();
        Assert.That(process.ExitCode, Is.EqualTo(9), error);
        Assert.That(error.Split('\n'), Has.Length.EqualTo(1), "one line, no stack trace");
        Assert.That(error, Does.Contain($"port {port}").And.Contain("--port"));
        Assert.That(await stdout, Does.Not.Contain("listening"));
    }
}
