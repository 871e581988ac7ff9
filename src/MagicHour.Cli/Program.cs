using System.Runtime.InteropServices;
using MagicHour.Cli;

using var cts = new CancellationTokenSource();
var stop = new StopSignal();
// The first Ctrl+C or SIGTERM cancels cleanly (the project id and a resume command are printed); a second Ctrl+C kills.
Console.CancelKeyPress += (_, e) =>
{
    if (cts.IsCancellationRequested) return;
    e.Cancel = true;
    stop.ExitCode = ExitCodes.Interrupted;
    cts.Cancel();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.ExitCode = ExitCodes.Terminated;
    cts.Cancel();
});
var settings = new CliSettings
{
    Output = Console.Out,
    Error = Console.Error,
    Input = Console.In,
    Interactive = !Console.IsErrorRedirected,
    Stop = stop,
};
return await CliApp.RunAsync(args, settings, cts.Token);
