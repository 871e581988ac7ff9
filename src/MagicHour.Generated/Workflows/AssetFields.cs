using System.Text.Json.Nodes;

namespace MagicHour.Generated;

/// <summary>
/// Finds the file inputs of a create request: every JSON field whose model property carries
/// <see cref="FileInputAttribute"/> (emitted from the spec's <c>x-magichour-file</c> marks, as is the list of their
/// names, <see cref="GeneratedModelMetadata.FileInputJsonNames"/>), at any depth,
/// including inside arrays (face mappings) and string arrays (<c>image_file_paths</c>). The set of names comes
/// from the generated models, so a new file field in the spec is uploaded with no new hand-written code.
/// </summary>
internal static class AssetFields
{
    /// <summary>A string slot holding a file reference, and where it sits in the request.</summary>
    public sealed record Field(JsonNode Container, string? Name, int Index, string Value, string JsonPath)
    {
        /// <summary>The JSON name of the file field (for arrays, the array's name).</summary>
        public required string FieldName { get; init; }

        public void Replace(string value)
        {
            if (Container is JsonObject obj) obj[Name!] = value;
            else ((JsonArray)Container)[Index] = value;
        }
    }

    /// <summary>
    /// JSON names of every file-input property in the generated models: a list the generator writes next to them
    /// (openapi/templates/File.Footer.liquid), so no reflection over the models (trimming- and NativeAOT-safe).
    /// </summary>
    public static IReadOnlySet<string> Names { get; } = GeneratedModelMetadata.FileInputJsonNames.ToHashSet(StringComparer.Ordinal);

    public static List<Field> Find(JsonNode? root)
    {
        var found = new List<Field>();
        Walk(root, "$", found);
        return found;
    }

    private static void Walk(JsonNode? node, string path, List<Field> found)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToList())
                {
                    var childPath = $"{path}.{name}";
                    if (Names.Contains(name) && child is JsonValue value && value.TryGetValue<string>(out var text))
                    {
                        found.Add(new Field(obj, name, -1, text, childPath) { FieldName = name });
                    }
                    else if (Names.Contains(name) && child is JsonArray items)
                    {
                        for (var i = 0; i < items.Count; i++)
                        {
                            if (items[i] is JsonValue item && item.TryGetValue<string>(out var itemText))
                            {
                                found.Add(new Field(items, null, i, itemText, $"{childPath}[{i}]") { FieldName = name });
                            }
                        }
                    }
                    else
                    {
                        Walk(child, childPath, found);
                    }
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++) Walk(array[i], $"{path}[{i}]", found);
                break;
        }
    }
}
