using System.CommandLine;
using MagicHour.Cli.Output;

namespace MagicHour.Cli.Commands;

/// <summary>Runs a command's body and turns whatever it throws into one report and an exit code.</summary>
internal static class CommandRunner
{
    /// <summary>Sets <paramref name="command"/>'s action to <paramref name="body"/>, with error reporting.</summary>
    /// <param name="command">The command.</param>
    /// <param name="app">Globals and settings.</param>
    /// <param name="body">The work; returns the exit code.</param>
    /// <param name="context">What error messages need to know (resume hints, flag names); defaults to none.</param>
    public static void SetBody(Command command, CliRoot app, Func<Invocation, Task<int>> body, Func<Invocation, ErrorReporter.Context>? context = null)
        => command.SetAction(async (parse, cancellationToken) =>
        {
            var invocation = new Invocation(parse, app.Globals, app.Settings, cancellationToken);
            try
            {
                return await body(invocation).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                var error = ErrorReporter.Describe(ex, context?.Invoke(invocation) ?? new ErrorReporter.Context(null, null, null, invocation.Emulated, app.Settings.Stop));
                invocation.Out.Error(error);
                return error.ExitCode;
            }
        });
}

/// <summary>What every command factory needs: the global options and the process settings.</summary>
/// <param name="Globals">The recursive options.</param>
/// <param name="Settings">Streams, environment, signals.</param>
internal sealed record CliRoot(GlobalOptions Globals, CliSettings Settings);
