using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace MagicHour.Generated.Http;

/// <summary>The JSON settings every generated client shares.</summary>
internal static class MagicHourJson
{
    /// <summary>
    /// Web defaults are not used: every property carries its wire name, and null optional fields are
    /// omitted by the generated attributes, so the plain defaults send exactly what the spec says.
    /// Metadata comes only from the source-generated <see cref="MagicHourJsonContext"/> (no reflection
    /// fallback): a type missing from it fails loudly, in tests, instead of silently using reflection.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            // Required properties are C# `required` members (so code that builds a model must set them), which
            // System.Text.Json would also enforce on read. Reading stays as lenient as before: an answer missing a
            // required field still deserializes, and the SDK's own checks (IValidatedModel, the workflow's id and
            // status checks) decide what a missing field means, with the project id and raw body in the error.
            TypeInfoResolver = MagicHourJsonContext.Default.WithAddedModifier(static typeInfo =>
            {
                foreach (var property in typeInfo.Properties)
                    property.IsRequired = false;
            }),
        };
        options.MakeReadOnly();
        return options;
    }

    /// <summary>
    /// <typeparamref name="T"/>'s source-generated metadata from <paramref name="options"/>: what every JsonSerializer
    /// call in the SDK passes, because the options overloads are not trimming- or NativeAOT-safe. A cache lookup.
    /// </summary>
    public static JsonTypeInfo<T> TypeInfo<T>(this JsonSerializerOptions options) => (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
}
