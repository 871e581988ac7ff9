using System.Globalization;

namespace MagicHour.Generated.Tests;

/// <summary>Reads facts from openapi/magic-hour.v1.yaml by its keys' indentation (the spec is block-style YAML).</summary>
internal static class SpecFile
{
    public static string Path => System.IO.Path.Combine(RepoPaths.Root, "openapi", "magic-hour.v1.yaml");

    /// <summary>Every key with the keys above it, e.g. [components, schemas, FaceSwapAssets, properties, face_mappings, maxItems], and its value.</summary>
    public static IEnumerable<(IReadOnlyList<string> Keys, string Value)> Keys()
    {
        var stack = new List<(int Indent, string Key)>();
        foreach (var raw in File.ReadLines(Path))
        {
            var line = raw.TrimEnd();
            var text = line.TrimStart();
            if (text.Length == 0 || text.StartsWith('#')) continue;
            var indent = line.Length - text.Length;
            if (text.StartsWith("- ", StringComparison.Ordinal))
            {
                text = text[2..];
                indent += 2;
            }
            var colon = text.IndexOf(": ", StringComparison.Ordinal);
            if (colon < 0 && text.EndsWith(':')) colon = text.Length - 1;
            if (colon <= 0 || text[0] is '\'' or '"' or '{' or '[') continue;
            stack.RemoveAll(e => e.Indent >= indent);
            stack.Add((indent, text[..colon]));
            yield return (stack.Select(e => e.Key).ToList(), text[(colon + 1)..].Trim());
        }
    }

    /// <summary>The properties marked <c>x-magichour-file: true</c> (their JSON names).</summary>
    public static HashSet<string> FileInputNames()
        => Keys().Where(k => k.Keys[^1] == "x-magichour-file" && k.Value == "true").Select(k => k.Keys[^2]).ToHashSet(StringComparer.Ordinal);

    /// <summary>minItems/maxItems of the properties of named schemas.</summary>
    public static Dictionary<(string Schema, string Property), (int? Min, int? Max)> ItemCounts()
    {
        var counts = new Dictionary<(string, string), (int?, int?)>();
        foreach (var (keys, value) in Keys())
        {
            if (keys.Count != 6 || keys[0] != "components" || keys[1] != "schemas" || keys[3] != "properties") continue;
            if (keys[5] is not ("minItems" or "maxItems")) continue;
            var key = (keys[2], keys[4]);
            counts.TryGetValue(key, out var current);
            var n = int.Parse(value, CultureInfo.InvariantCulture);
            counts[key] = keys[5] == "minItems" ? (n, current.Item2) : (current.Item1, n);
        }
        return counts;
    }
}
