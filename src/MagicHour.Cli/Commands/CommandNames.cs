using MagicHour.Cli.Tools;

namespace MagicHour.Cli.Commands;

/// <summary>Short names for generation commands, derived from the resource name.</summary>
internal static class CommandNames
{
    /// <summary>The tool behind the top-level <c>magichour headshot</c>.</summary>
    public const string HeadshotTool = "ai-headshot-generator";

    /// <summary>Names people know from the vendor's CLI, where the rule below does not give them.</summary>
    private static readonly Dictionary<string, string> Familiar = new(StringComparer.Ordinal)
    {
        ["image-to-video"] = "from-image",
        ["text-to-video"] = "from-text",
        ["ai-voice-generator"] = "speech",
    };

    /// <summary>
    /// <c>ai-headshot-generator</c> → <c>headshot</c>: the resource name without <c>ai-</c> and <c>-generator</c>,
    /// when that differs and is not a word the group already uses.
    /// </summary>
    public static IEnumerable<string> Aliases(GenerationTool tool)
    {
        var names = new List<string>();
        var name = tool.Name;
        if (name.StartsWith("ai-", StringComparison.Ordinal)) name = name[3..];
        if (name.EndsWith("-generator", StringComparison.Ordinal)) name = name[..^"-generator".Length];
        if (name != tool.Name && name != tool.Kind && !Reserved.Contains(name) && ToolCatalog.All.All(t => t.Name != name)) names.Add(name);
        if (Familiar.TryGetValue(tool.Name, out var familiar)) names.Add(familiar);
        return names;
    }

    private static readonly HashSet<string> Reserved = ["get", "wait", "download", "delete", "resume"];
}
