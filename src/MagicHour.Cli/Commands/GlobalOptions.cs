using System.CommandLine;

namespace MagicHour.Cli.Commands;

/// <summary>The options every command takes (declared once on the root, recursive).</summary>
internal sealed class GlobalOptions
{
    /// <summary><c>--api-key</c>.</summary>
    public Option<string?> ApiKey { get; } = new("--api-key") { Description = "API key (default: MAGIC_HOUR_API_KEY, else the key saved by `magichour login`).", Recursive = true };

    /// <summary><c>--base-url</c>.</summary>
    public Option<string?> BaseUrl { get; } = new("--base-url") { Description = "API base URL (default: MAGIC_HOUR_BASE_URL, else https://api.magichour.ai).", Recursive = true };

    /// <summary><c>--emulator</c>.</summary>
    public Option<bool> Emulator { get; } = new("--emulator") { Description = "Run against a built-in emulator started for this command (no account, nothing charged; it stops when the command ends).", Recursive = true };

    /// <summary><c>--json</c>.</summary>
    public Option<bool> Json { get; } = new("--json") { Description = "Print the result, or the error, as one JSON document on stdout.", Recursive = true };

    /// <summary><c>--dry-run</c>.</summary>
    public Option<bool> DryRun { get; } = new("--dry-run") { Description = "Print the request (method, path, body) instead of sending it; nothing is uploaded or charged.", Recursive = true };

    /// <summary>All of them, to add to the root command.</summary>
    public IEnumerable<Option> All => [ApiKey, BaseUrl, Emulator, Json, DryRun];
}
