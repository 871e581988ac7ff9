using System.Text.Json.Nodes;

namespace MagicHour.Generated;

/// <summary>
/// Finds the file inputs of a create request by the API's naming rule: every string field whose JSON name
/// ends in <c>_file_path</c>, at any depth, including inside arrays (face mappings, for example). Deriving
/// them from the wire format, not a hand-kept list, means a new asset field in the spec is uploaded with no new code.
/// </summary>
internal static class AssetFields
{
    public const string Suffix = "_file_path";

    /// <summary>A field holding a file reference, and where it sits in the request.</summary>
    public sealed record Field(JsonObject Parent, string Name, string Value, string JsonPath);

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
                foreach (var (name, child) in obj)
                {
                    var childPath = $"{path}.{name}";
                    if (name.EndsWith(Suffix, StringComparison.Ordinal) && child is JsonValue value && value.TryGetValue<string>(out var text))
                    {
                        found.Add(new Field(obj, name, text, childPath));
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
