using System.Net;
using System.Text;
using MagicHour.Cli;
using MagicHour.Emulator;
using MagicHour.Testing;

namespace MagicHour.IntegrationTests;

/// <summary>
/// The CLI never prints the key: issue 11 row 7 end to end (a server that echoes the key in its error body; the CLI's
/// stderr masks it), and every outcome of a run against the emulator.
/// </summary>
public class CliKeyEchoTests
{
    private const string Key = "mh_live_cli_echo_key_9876";

    [Test]
    public async Task Cli_ServerEchoingTheKey_StderrShowsItMasked()
    {
        using var listener = new HttpListener();
        var port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var requests = 0;
        var server = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await listener.GetContextAsync(); } catch (Exception) { return; }
                Interlocked.Increment(ref requests);
                var echoed = context.Request.Headers["Authorization"] ?? "";
                var body = Encoding.UTF8.GetBytes($$"""{"message":"Invalid API key: {{echoed}}"}""");
                context.Response.StatusCode = 401;
                context.Response.ContentType = "application/json";
                context.Response.AddHeader("X-Echo", echoed);
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
        });

        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(["projects", "get", "p1", "--api-key", Key, "--base-url", $"http://127.0.0.1:{port}"], output, error, interactive: false, CancellationToken.None);
        listener.Stop();
        await server;

        Assert.That(requests, Is.GreaterThanOrEqualTo(1), "the request reached the server, with the key");
        Assert.That(code, Is.EqualTo(ExitCodes.Auth), error.ToString()); // a 401 is the CLI's authentication exit code
        Assert.That(error.ToString(), Does.Contain("Invalid API key: Bearer ***"));
        Assert.That(output.ToString() + error.ToString(), Does.Not.Contain(Key));
    }

    /// <summary>
    /// Success, --json, a wrong key, a refused base URL, a missing file, a 404, an upload and a failed project: the key
    /// is in none of their outputs. The runs wait on the jump clock (tests/Shared/ManualTime), and the emulator renders
    /// at once and serves placeholder outputs, so no run waits out a poll schedule in real time.
    /// </summary>
    [Test]
    public async Task Cli_NeverPrintsTheKey_OnSuccessOrFailure()
    {
        await using var h = await Harness.StartAsync(emulator: o => { o.RenderTime = TimeSpan.Zero; o.SyntheticOutputBytes = 2048; });
        using var dir = new TempDir();
        var portrait = dir.Portrait();
        var url = h.Emu.BaseUrl.ToString();

        var runs = new List<(int Code, string Out, string Err)>
        {
            await RunCli("headshot", portrait, "--api-key", Harness.Key, "--base-url", url, "--out", dir.Sub("out")),
            await RunCli("headshot", portrait, "--api-key", Harness.Key, "--base-url", url, "--out", dir.Sub("out"), "--json"),
            await RunCli("headshot", portrait, "--api-key", "mh_WRONG_" + Harness.Key, "--base-url", url),
            await RunCli("headshot", portrait, "--api-key", Harness.Key, "--base-url", "http://api.example.com"),
            await RunCli("headshot", dir.Sub("missing.png"), "--api-key", Harness.Key, "--base-url", url),
            await RunCli("projects", "get", "nope", "--api-key", Harness.Key, "--base-url", url),
            await RunCli("upload", portrait, "--api-key", Harness.Key, "--base-url", url, "--json"),
        };
        h.Emu.InjectFault(new EmulatorFault { Route = Harness.CreateRoute, Kind = EmulatorFaultKind.EndInError });
        runs.Add(await RunCli("headshot", portrait, "--api-key", Harness.Key, "--base-url", url, "--out", dir.Sub("out")));

        Assert.That(runs.Select(r => r.Code), Is.EqualTo(new[] { ExitCodes.Ok, ExitCodes.Ok, ExitCodes.Auth, ExitCodes.Usage, ExitCodes.Usage, ExitCodes.ApiError, ExitCodes.Ok, ExitCodes.ProjectFailed }),
            string.Join("\n---\n", runs.Select(r => r.Out + r.Err)));
        Assert.That(dir.Entries("out"), Has.Length.EqualTo(2), "both successful runs saved their output");
        foreach (var (_, output, error) in runs)
        {
            Assert.That(output + error, Does.Not.Contain(Harness.Key));
            Assert.That(output + error, Does.Not.Contain("SECRET"));
        }
    }

    private static async Task<(int Code, string Out, string Err)> RunCli(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var settings = new CliSettings { Output = output, Error = error, TimeProvider = new ManualTime() };
        var code = await CliApp.RunAsync(args, settings, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    private static int FreePort()
    {
        var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        var port = ((IPEndPoint)socket.LocalEndpoint).Port;
        socket.Stop();
        return port;
    }
}
