using System.Text.Json;

namespace MagicHour.Generated;

/// <summary>
/// The vendor's median processing time of each create operation, from openapi/processing-times.json (embedded at
/// build time, read once on first use). Keyed by the spec's operationId, e.g. <c>AiHeadshotGenerator_Create</c>.
/// </summary>
internal static class ProcessingTimes
{
    internal const string ResourceName = "MagicHour.Generated.ProcessingTimes.json";

    private static readonly Lazy<IReadOnlyDictionary<string, TimeSpan>> Table = new(Load);

    /// <summary>Every operation in the file and its median.</summary>
    public static IReadOnlyDictionary<string, TimeSpan> All => Table.Value;

    /// <summary>The median for <paramref name="operationId"/>, or null when the file has none.</summary>
    public static TimeSpan? Median(string? operationId)
        => operationId is not null && Table.Value.TryGetValue(operationId, out var median) ? median : null;

    private static Dictionary<string, TimeSpan> Load()
    {
        using var stream = typeof(ProcessingTimes).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded processing times ({ResourceName}) are missing from the assembly.");
        using var document = JsonDocument.Parse(stream);
        var table = new Dictionary<string, TimeSpan>(StringComparer.OrdinalIgnoreCase);
        foreach (var operation in document.RootElement.GetProperty("operations").EnumerateObject())
        {
            table[operation.Name] = TimeSpan.FromSeconds(operation.Value.GetProperty("median_seconds").GetDouble());
        }
        return table;
    }
}
