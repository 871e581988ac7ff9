using MagicHour.Cli;

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl+C cancels cleanly (the project id is printed if one was created); a second one kills.
    if (!cts.IsCancellationRequested) { e.Cancel = true; cts.Cancel(); }
};
return await CliApp.RunAsync(args, Console.Out, Console.Error, !Console.IsOutputRedirected, cts.Token);
