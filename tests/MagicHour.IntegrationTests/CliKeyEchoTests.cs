using System.Net;
using System.Text;
using MagicHour.Cli;

namespace MagicHour.IntegrationTests;

/// <summary>Issue 11 row 7, end to end: a server that echoes the key in its error body; the CLI's stderr masks it.</summary>
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

    private static int FreePort()
    {
        var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        var port = ((IPEndPoint)socket.LocalEndpoint).Port;
        socket.Stop();
        return port;
    }
}
