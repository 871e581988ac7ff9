namespace MagicHour.Cli;

/// <summary>What the process gives the CLI; tests build their own.</summary>
public sealed class CliSettings
{
    /// <summary>Results.</summary>
    public required TextWriter Output { get; init; }

    /// <summary>Progress, notes and errors.</summary>
    public required TextWriter Error { get; init; }

    /// <summary>Standard input (for <c>--key-stdin</c>, <c>--body-json -</c>).</summary>
    public TextReader Input { get; init; } = TextReader.Null;

    /// <summary>True when stderr is a terminal: progress is a bar redrawn in place.</summary>
    public bool Interactive { get; init; }

    /// <summary>
    /// How long projects take on the <c>--emulator</c> started in-process (3 s shows the progress display). Waits on it
    /// are told to expect this time, so the first poll comes when the render is about to end, not at a real tool's median.
    /// </summary>
    public TimeSpan EmulatorRenderTime { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The clock of the SDK's waits: status polls, retry backoff, <c>--timeout</c> (tests pass a fake, so no run waits
    /// in real time). The progress display's elapsed time stays on the wall clock.
    /// </summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Set by the signal handler before it cancels: which signal stopped the run.</summary>
    public StopSignal Stop { get; init; } = new();

    /// <summary>The HTTP transport of API calls (not of <c>--emulator</c>); null for the SDK's own. Tests capture the CLI's requests with it.</summary>
    public HttpMessageHandler? Transport { get; init; }

    /// <summary>Environment variables (tests substitute their own).</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;
}

/// <summary>Which signal cancelled the run, for the message and exit code.</summary>
public sealed class StopSignal
{
    /// <summary><see cref="ExitCodes.Interrupted"/> (SIGINT) or <see cref="ExitCodes.Terminated"/> (SIGTERM).</summary>
    public int ExitCode { get; set; } = ExitCodes.Interrupted;
}
