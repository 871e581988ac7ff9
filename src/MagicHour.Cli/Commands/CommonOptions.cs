using System.CommandLine;
using System.Globalization;

namespace MagicHour.Cli.Commands;

/// <summary>Options shared by the commands that wait for or download projects.</summary>
internal static class CommonOptions
{
    /// <summary><c>--output PATH</c> (also <c>--out</c>, <c>-o</c>): a directory, or a file name; see <see cref="OutputTarget"/>.</summary>
    public static Option<string> Out() => new("--output", "--out", "-o")
    {
        Description = "Where outputs go: a directory (created if needed), or a file name with an extension (e.g. me.png; further outputs become me-2.png, ...). Existing files are never overwritten.",
        DefaultValueFactory = _ => ".",
        HelpName = "dir|file",
    };

    /// <summary><c>--timeout SECONDS</c>, with a message that names the flag.</summary>
    public static Option<double> Timeout() => new("--timeout")
    {
        Description = "Seconds to wait for the project to finish (it goes on afterwards; resume it later).",
        DefaultValueFactory = _ => 1800,
        HelpName = "seconds",
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 0 ? "" : result.Tokens[0].Value;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && double.IsFinite(seconds)) return seconds;
            result.AddError($"--timeout takes a positive number of seconds (got '{text}').");
            return 0;
        },
    };

    /// <summary>A positive whole number option, e.g. <c>--concurrency</c>.</summary>
    public static Option<int?> PositiveInt(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "n",
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 0 ? "" : result.Tokens[0].Value;
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0) return n;
            result.AddError($"{name} takes a positive whole number (got '{text}').");
            return null;
        },
    };
}
