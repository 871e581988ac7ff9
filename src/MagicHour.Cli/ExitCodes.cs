namespace MagicHour.Cli;

/// <summary>Process exit codes of <c>magichour</c> (documented in the README).</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>Bad arguments or input (missing file, unsupported type, no API key), found before any credit was spent.</summary>
    public const int BadInput = 2;
    /// <summary>The API refused a request (auth, credits, validation, server error).</summary>
    public const int ApiError = 3;
    /// <summary>The project ended in error or was canceled.</summary>
    public const int ProjectFailed = 4;
    /// <summary>The project did not finish within --timeout.</summary>
    public const int Timeout = 5;
    /// <summary>Cancelled by the user (Ctrl+C).</summary>
    public const int Cancelled = 130;
}
