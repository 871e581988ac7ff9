namespace MagicHour.Cli;

/// <summary>Process exit codes of <c>magichour</c> (listed in <c>--help</c> and the README).</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;
    /// <summary>An unexpected failure (a bug): the message says what happened.</summary>
    public const int Internal = 1;
    /// <summary>Usage: unknown command or option, bad flag value, missing or unusable input file, invalid request. Nothing was charged.</summary>
    public const int Usage = 2;
    /// <summary>The API refused a request (validation, not found, rate limit, server error).</summary>
    public const int ApiError = 3;
    /// <summary>The project ended in error or was canceled.</summary>
    public const int ProjectFailed = 4;
    /// <summary>The project did not finish within <c>--timeout</c>; it goes on, and can be resumed.</summary>
    public const int Timeout = 5;
    /// <summary>No API key, or the API rejected it (401).</summary>
    public const int Auth = 6;
    /// <summary>Not enough credits (402), or a batch stopped at <c>--max-credits</c>.</summary>
    public const int Credits = 7;
    /// <summary>The API could not be reached (connection refused, DNS, TLS, broken connection).</summary>
    public const int Network = 8;
    /// <summary><c>magichour emulator</c>: the port is already in use.</summary>
    public const int PortInUse = 9;
    /// <summary>A batch finished with some inputs failed (see the summary).</summary>
    public const int BatchIncomplete = 10;
    /// <summary>Interrupted by Ctrl+C (SIGINT).</summary>
    public const int Interrupted = 130;
    /// <summary>Stopped by SIGTERM.</summary>
    public const int Terminated = 143;

    /// <summary>The table printed by <c>--help</c> and copied into the README.</summary>
    public const string HelpText =
        "Exit codes: 0 ok, 1 unexpected error, 2 usage (bad command, flag, value or input file; nothing charged), " +
        "3 API error, 4 project failed or canceled, 5 timeout (resume later), 6 auth (no or wrong API key), " +
        "7 not enough credits or --max-credits reached, 8 network (API unreachable), 9 emulator port in use, " +
        "10 batch finished with failures, 130 interrupted (Ctrl+C), 143 terminated (SIGTERM).";
}
