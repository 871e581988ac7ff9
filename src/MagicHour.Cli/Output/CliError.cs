namespace MagicHour.Cli.Output;

/// <summary>A failure as the CLI reports it: text on stderr, or <c>{"error": {...}}</c> with <c>--json</c>.</summary>
/// <param name="Kind">A stable word for scripts: <c>usage</c>, <c>auth</c>, <c>credits</c>, <c>api</c>, <c>network</c>, <c>project_failed</c>, <c>timeout</c>, <c>interrupted</c>, <c>terminated</c>, <c>port_in_use</c>, <c>internal</c>.</param>
/// <param name="Message">What happened and what to do, in CLI terms (flags, env vars, commands).</param>
/// <param name="ExitCode">The process exit code.</param>
/// <param name="Status">The HTTP status, when the API answered.</param>
/// <param name="ProjectId">The project concerned, once one exists.</param>
/// <param name="Hint">A follow-up line, e.g. the command that resumes.</param>
internal sealed record CliError(string Kind, string Message, int ExitCode, int? Status = null, string? ProjectId = null, string? Hint = null);

/// <summary>A mistake in the command line or its inputs, found before anything was sent (exit code 2).</summary>
internal sealed class CliUsageException(string message) : Exception(message);

/// <summary>A failure the CLI has already described in its own terms.</summary>
internal sealed class CliFailureException(CliError error) : Exception(error.Message)
{
    /// <summary>The report.</summary>
    public CliError Error { get; } = error;
}
