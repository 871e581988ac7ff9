using MagicHour.Cli.Tools;

namespace MagicHour.Cli.Tests;

/// <summary>A command line that fills every required field of a tool with a plausible value.</summary>
internal static class ToolArgs
{
    public static string[] For(GenerationTool tool, TempDir dir)
    {
        var args = new List<string> { tool.Kind, tool.Name };
        var positional = tool.Fields.FirstOrDefault(f => f.FileInput && f.Required);
        // Every file input too: some are required only together with another field's value.
        foreach (var field in tool.Fields.Where(f => (f.Required || f.FileInput) && !f.Deprecated))
        {
            var value = Value(field, dir);
            if (field == positional) args.Insert(2, value);
            else args.AddRange(["--" + field.JsonPath.Replace('_', '-'), value]);
        }
        return [.. args];
    }

    private static string Value(RequestField field, TempDir dir) => field switch
    {
        { FileInput: true } => MediaKindCheck.KindOfField(field.JsonPath) switch
        {
            "video" => dir.Video(),
            "audio" => dir.Audio(),
            _ => dir.Portrait(),
        },
        { KnownValues: [var first, ..] } => first,
        { Type: RequestFieldType.Integer } => field.JsonPath.EndsWith("width") || field.JsonPath.EndsWith("height") ? "512" : "1",
        { Type: RequestFieldType.Number } => field.JsonPath.EndsWith("start_seconds") ? "0" : "2",
        { Type: RequestFieldType.Boolean } => "true",
        { Type: RequestFieldType.Json } => "[]",
        _ => "a cat on a skateboard",
    };
}
