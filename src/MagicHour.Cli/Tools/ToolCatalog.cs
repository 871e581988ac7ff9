namespace MagicHour.Cli.Tools;

/// <summary>
/// The generation tools; <see cref="All"/> is emitted at compile time by CommandGenerator from the SDK's
/// resources, which are generated from openapi/magic-hour.v1.yaml.
/// </summary>
internal static partial class ToolCatalog
{
    /// <summary>The tools creating projects of <paramref name="kind"/>.</summary>
    public static IEnumerable<GenerationTool> OfKind(string kind) => All.Where(t => t.Kind == kind);

    /// <summary>The project kinds, in a fixed order.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["image", "video", "audio"];
}
