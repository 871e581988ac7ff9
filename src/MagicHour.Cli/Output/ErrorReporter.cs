using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using MagicHour.Generated;

namespace MagicHour.Cli.Output;

/// <summary>Turns any exception into a <see cref="CliError"/> that speaks CLI (flags, env vars, commands), with its exit code.</summary>
internal static partial class ErrorReporter
{
    /// <summary>What the reporter needs to know about the command that failed.</summary>
    /// <param name="Kind">The project kind, for resume hints (null when the command has none).</param>
    /// <param name="ResumeHint">Builds the runnable resume command for a project id.</param>
    /// <param name="FlagForPath">Maps a request JSON path (<c>style.prompt</c>) to the flag that sets it.</param>
    /// <param name="Emulated">The run used the in-process <c>--emulator</c>, which stops with the process.</param>
    /// <param name="Stop">Which signal cancelled the run.</param>
    /// <param name="Subject">What a 404 means here, e.g. <c>image project abc</c>.</param>
    public sealed record Context(string? Kind, Func<string, string>? ResumeHint, Func<string, string?>? FlagForPath, bool Emulated, StopSignal Stop, string? Subject = null);

    /// <summary>Describes <paramref name="exception"/>.</summary>
    public static CliError Describe(Exception exception, Context context)
    {
        switch (exception)
        {
            case CliFailureException failure:
                return failure.Error;
            case CliUsageException usage:
                return new CliError("usage", Flags(usage.Message, context), ExitCodes.Usage);
            case MagicHourCanceledException canceled:
                return Stopped(context, canceled.ProjectId);
            case OperationCanceledException:
                return Stopped(context, null);
            case MagicHourProjectFailedException failed:
                return new CliError("project_failed", failed.Message, ExitCodes.ProjectFailed, null, failed.ProjectId);
            case MagicHourException { Kind: MagicHourErrorKind.Timeout } timeout:
                // The SDK's sentence after the first names ResumeAsync; the hint below is the CLI's resume command instead.
                return new CliError("timeout", $"{timeout.Message.Split(". ")[0].TrimEnd('.')} (--timeout). The project goes on.", ExitCodes.Timeout, null, timeout.ProjectId, Resume(context, timeout.ProjectId));
            case MagicHourException { Kind: MagicHourErrorKind.Unauthorized } auth:
                return new CliError("auth", $"The API rejected the API key (HTTP 401): {auth.ApiMessage ?? "unauthorized"}.", ExitCodes.Auth, 401, auth.ProjectId,
                    "Pass --api-key KEY, set MAGIC_HOUR_API_KEY, save one with `magichour login --key-stdin`, or try everything offline with --emulator.");
            case MagicHourException { Kind: MagicHourErrorKind.PaymentRequired } credits:
                return new CliError("credits", $"Not enough credits (HTTP 402): {credits.ApiMessage ?? "payment required"}. Nothing was created.", ExitCodes.Credits, 402, credits.ProjectId,
                    "Check your balance with `magichour account`.");
            case MagicHourException { StatusCode: 404 } missing when context.Subject is not null:
                return new CliError("not_found", $"Not found (HTTP 404): there is no {context.Subject}{(context.Emulated ? " on this --emulator, which starts empty for every command (run `magichour emulator` for one that keeps projects)" : "")}.", ExitCodes.ApiError, 404);
            case MagicHourException api when api.StatusCode == 0 && IsNetwork(api.InnerException, wrapped: true):
                return new CliError("network", Flags(api.Message, context), ExitCodes.Network, null, api.ProjectId, Resume(context, api.ProjectId));
            case MagicHourException api:
                return new CliError("api", Flags(ApiMessage(api), context), ExitCodes.ApiError, api.StatusCode == 0 ? null : api.StatusCode, api.ProjectId,
                    api.ProjectId is null ? null : Resume(context, api.ProjectId));
            case Exception network when IsNetwork(network, wrapped: false):
                return new CliError("network", $"Could not reach the API: {Root(network).Message}. Check --base-url / MAGIC_HOUR_BASE_URL and your connection.", ExitCodes.Network);
            case JsonException json:
                return new CliError("usage", $"Bad JSON{(json.Path is { Length: > 1 } p ? $" at {Flag(p, context)}" : "")}: {Clean(json.Message.Split(" Path:")[0])}", ExitCodes.Usage);
            case ArgumentException or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException:
                return new CliError("usage", Flags(Clean(exception), context), ExitCodes.Usage);
            default:
                return new CliError("internal", $"{exception.GetType().Name}: {exception.Message}", ExitCodes.Internal);
        }
    }

    private static CliError Stopped(Context context, string? projectId)
    {
        var (kind, what) = context.Stop.ExitCode == ExitCodes.Terminated ? ("terminated", "Terminated (SIGTERM)") : ("interrupted", "Interrupted (Ctrl+C)");
        var message = projectId is null ? $"{what}; no project was created." : $"{what}. Project {projectId} was created and goes on.";
        return new CliError(kind, message, context.Stop.ExitCode, null, projectId, projectId is null ? null : Resume(context, projectId));
    }

    private static string? Resume(Context context, string? projectId)
    {
        if (projectId is null || context.ResumeHint is null) return null;
        if (context.Emulated)
        {
            return $"The in-process --emulator stopped with this command, and the project with it. Start one that stays up with `magichour emulator`, then pass its --base-url and --api-key to resume: {context.ResumeHint(projectId)}";
        }
        return "Resume with: " + context.ResumeHint(projectId);
    }

    private static string ApiMessage(MagicHourException api)
        => api.StatusCode == 404 ? $"Not found (HTTP 404): {api.ApiMessage ?? "no such resource"}." : api.Message;

    /// <summary>A transport failure; an <see cref="IOException"/> counts only inside the SDK's own wrapper (a bare one is a local file problem).</summary>
    private static bool IsNetwork(Exception? exception, bool wrapped)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException or SocketException || (wrapped && e is IOException and not FileNotFoundException and not DirectoryNotFoundException)) return true;
        }
        return false;
    }

    private static Exception Root(Exception exception)
    {
        var e = exception;
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }

    /// <summary>The message without .NET's <c>(Parameter 'x')</c> suffix.</summary>
    private static string Clean(Exception exception)
        => exception is ArgumentException { ParamName: { } name } ? exception.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : exception.Message;

    private static string Clean(string message) => ParameterSuffix().Replace(message, "");

    /// <summary>Replaces request JSON paths (<c>$.style.prompt</c>) with the flags that set them.</summary>
    private static string Flags(string message, Context context) => JsonPath().Replace(Clean(message), m => Flag(m.Value, context)).Replace(".; ", "; ").Replace(".. ", ". ").TrimEnd('.') + ".";

    private static string Flag(string jsonPath, Context context)
    {
        var path = jsonPath.TrimStart('$').TrimStart('.');
        return context.FlagForPath?.Invoke(path) ?? "--" + path.Replace('_', '-');
    }

    [GeneratedRegex(@" \(Parameter '[^']*'\)")]
    private static partial Regex ParameterSuffix();

    [GeneratedRegex(@"\$\.[A-Za-z0-9_.\[\]]*[A-Za-z0-9_\]]")]
    private static partial Regex JsonPath();
}
