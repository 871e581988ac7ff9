using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using MagicHour.Cli.Output;
using MagicHour.Emulator;

namespace MagicHour.Cli.Commands;

/// <summary><c>magichour emulator [--port N]</c>: a local API that stays up until stopped, for trying commands across processes.</summary>
internal static class EmulatorCommand
{
    /// <summary>The command.</summary>
    public static Command Create(CliRoot app)
    {
        var port = new Option<int>("--port") { Description = "Port to listen on (default 5080; 0 picks a free one).", DefaultValueFactory = _ => 5080 };
        var key = new Option<string>("--key") { Description = "The API key it accepts.", DefaultValueFactory = _ => "mh_emulator_demo_key" };
        var renderSeconds = new Option<double>("--render-seconds") { Description = "How long each project takes.", DefaultValueFactory = _ => 3 };
        var command = new Command("emulator", "Run the Magic Hour emulator until Ctrl+C; prints its --base-url and --api-key for other commands (nothing is charged).") { port, key, renderSeconds };
        CommandRunner.SetBody(command, app, async run =>
        {
            var requested = run.Parse.GetValue(port);
            if (requested is < 0 or > 65535) throw new CliUsageException($"--port takes 0 to 65535 (got {requested}).");
            if (requested != 0 && !IsFree(requested))
            {
                throw new CliFailureException(new CliError("port_in_use", $"Port {requested} is already in use; pick another with --port N (0 picks a free one).", ExitCodes.PortInUse));
            }
            var options = new MagicHourEmulatorOptions
            {
                Port = requested,
                ApiKey = run.Parse.GetValue(key)!,
                RenderTime = TimeSpan.FromSeconds(Math.Max(0, run.Parse.GetValue(renderSeconds))),
            };
            MagicHourEmulator emulator;
            try
            {
                emulator = await MagicHourEmulator.StartAsync(options, run.CancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                // Lost a race for the port between the check above and the bind.
                throw new CliFailureException(new CliError("port_in_use", $"Could not listen on port {requested}: {ex.Message.Split(Environment.NewLine)[0]} Pick another with --port N.", ExitCodes.PortInUse));
            }
            await using (emulator.ConfigureAwait(false))
            {
                var url = emulator.BaseUrl.ToString().TrimEnd('/');
                run.Out.Result(new JsonObject { ["base_url"] = url, ["api_key"] = emulator.ApiKey, ["storage_dir"] = emulator.StorageDirectory },
                    $"Magic Hour emulator on {url} (nothing is charged). In another terminal:",
                    $"  export MAGIC_HOUR_BASE_URL={url} MAGIC_HOUR_API_KEY={emulator.ApiKey}",
                    $"  magichour headshot tools/samples/portrait.png --out outputs",
                    "Press Ctrl+C to stop.");
                run.Out.Stdout.Flush();
                try
                {
                    await Task.Delay(Timeout.Infinite, run.CancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    run.Out.Note("Emulator stopped.");
                }
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
