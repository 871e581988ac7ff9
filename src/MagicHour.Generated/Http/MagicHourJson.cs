using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace MagicHour.Generated.Http;

/// <summary>The JSON settings every generated client shares.</summary>
internal static class MagicHourJson
{
    /// <summary>
    /// Web defaults are not used: every property carries its wire name, and null optional fields are
    /// omitted by the generated attributes, so the plain defaults send exactly what the spec says.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        options.MakeReadOnly();
        return options;
    }
}
