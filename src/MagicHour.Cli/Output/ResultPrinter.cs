using System.Text.Json;
using System.Text.Json.Nodes;
using MagicHour.Cli.Commands;
using MagicHour.Cli.Tools;
using MagicHour.Generated;

namespace MagicHour.Cli.Output;

/// <summary>Prints what a generation, resume or download produced.</summary>
internal static class ResultPrinter
{
    /// <summary>Text: the saved files, then one line about the project; JSON: one object.</summary>
    public static void Print(Invocation run, string kind, GenerationOutcome outcome, bool emulated, GenerateOptions options)
    {
        var credits = Credits(outcome.CreditsCharged, emulated);
        var lines = new List<string>();
        foreach (var path in outcome.DownloadedPaths) lines.Add($"Saved {path}");
        if (!options.WaitForCompletion)
        {
            lines.Add($"Project {outcome.ProjectId} created ({credits}); not waiting. Follow it with: magichour {kind} wait {outcome.ProjectId}{run.ConnectionFlags}");
        }
        else
        {
            lines.Add($"Project {outcome.ProjectId} {outcome.Project?.Status.ToString() ?? "created"}, {credits}.");
        }
        run.Out.Result(ToJson(kind, outcome, emulated), [.. lines]);
    }

    /// <summary>The JSON form of an outcome (also the batch summary's rows).</summary>
    public static JsonObject ToJson(string kind, GenerationOutcome outcome, bool emulated) => new()
    {
        ["project_id"] = outcome.ProjectId,
        ["kind"] = kind,
        ["status"] = outcome.Project?.Status.ToString() ?? "created",
        ["credits_charged"] = outcome.CreditsCharged,
        ["emulated"] = emulated,
        ["downloaded_paths"] = new JsonArray([.. outcome.DownloadedPaths.Select(p => (JsonNode?)JsonValue.Create(p))]),
        ["project"] = outcome.Project is null ? null : ProjectJson(outcome.Project),
    };

    /// <summary>A project model as JSON, through its source-generated metadata.</summary>
    public static JsonNode? ProjectJson(object project)
        => JsonSerializer.SerializeToNode(project, MagicHourJsonContext.Default.GetTypeInfo(project.GetType())!);

    /// <summary>"50 credits charged", or on the emulator "50 credits (emulator: nothing was charged)".</summary>
    public static string Credits(int credits, bool emulated)
        => emulated ? $"{credits} credits on the emulator (nothing real was charged)" : $"{credits} credits charged";
}
