using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MagicHour.Cli.Output;

/// <summary>
/// Where a command writes: its result on stdout (text, or one JSON document with <c>--json</c>); progress,
/// notes and text errors on stderr, so <c>stdout</c> can be piped or parsed.
/// </summary>
internal sealed class CliOutput(TextWriter stdout, TextWriter stderr, bool json)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>True with <c>--json</c>.</summary>
    public bool Json => json;

    /// <summary>Results.</summary>
    public TextWriter Stdout => stdout;

    /// <summary>Progress and notes.</summary>
    public TextWriter Stderr => stderr;

    /// <summary>Writes the result: <paramref name="node"/> with <c>--json</c>, else the text lines.</summary>
    public void Result(JsonNode? node, params string[] text)
    {
        if (json) stdout.WriteLine(Format(node));
        else foreach (var line in text) stdout.WriteLine(line);
    }

    /// <summary>A note for people (stderr), never part of the result.</summary>
    public void Note(string line) => stderr.WriteLine(line);

    /// <summary>Reports a failure: <c>{"error": {...}}</c> on stdout with <c>--json</c>, else <c>error: ...</c> on stderr.</summary>
    public void Error(CliError error)
    {
        if (json)
        {
            stdout.WriteLine(Format(new JsonObject
            {
                ["error"] = new JsonObject
                {
                    ["kind"] = error.Kind,
                    ["message"] = error.Message,
                    ["status"] = error.Status,
                    ["project_id"] = error.ProjectId,
                    ["exit_code"] = error.ExitCode,
                    ["hint"] = error.Hint,
                },
            }));
            return;
        }
        stderr.WriteLine($"error: {error.Message}");
        if (error.Hint is not null) stderr.WriteLine(error.Hint);
    }

    /// <summary>Indented JSON without escaping of non-ASCII characters.</summary>
    public static string Format(JsonNode? node) => node?.ToJsonString(Indented) ?? "null";
}
