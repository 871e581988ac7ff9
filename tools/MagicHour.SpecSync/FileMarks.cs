using System.Text.Json.Nodes;
using MagicHour.SpecDrift;

namespace MagicHour.SpecSync;

/// <summary>
/// Which new properties get <c>x-magichour-file: true</c>, the mark the SDK's Generate workflow uploads
/// local files for. The rule the spec follows: string properties named <c>*_file_path</c>, array
/// properties named <c>*_file_paths</c>, and a face mapping's <c>new_face</c>.
/// </summary>
public static class FileMarks
{
    /// <summary>The extension key.</summary>
    public const string Key = "x-magichour-file";

    /// <summary>Whether the property described by <paramref name="context"/> with schema <paramref name="schema"/> is a file input.</summary>
    public static bool IsFileInput(SyncContext context, JsonObject schema)
    {
        if (context.Role != SlotRole.Property || context.Property is not { } name)
        {
            return false;
        }

        return JsonValues.AsString(schema["type"]) switch
        {
            "string" => name.EndsWith("_file_path", StringComparison.Ordinal) || name == "new_face",
            "array" => name.EndsWith("_file_paths", StringComparison.Ordinal),
            _ => false,
        };
    }
}
