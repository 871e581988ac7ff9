using System.Text.Json.Nodes;

namespace MagicHour.Emulator;

/// <summary>
/// Validation of create bodies: first everything the spec's request schema says (<see cref="SchemaValidator"/>),
/// then that every file input names a file this emulator has or an http(s) URL. Failures are 422, as the vendor answers.
/// </summary>
internal static partial class EmulatorEndpoints
{
    /// <summary>An error message, or null with the body's file inputs added to <paramref name="inputs"/>.</summary>
    internal static string? ValidateBody(EmulatorState state, JsonObject body, JsonObject schema, List<string> inputs)
    {
        var files = new List<FileInput>();
        var error = state.Validator.Validate(body, schema, files);
        if (error is not null)
        {
            return error;
        }
        foreach (var file in files.Concat(FaceMappingOriginals(body)))
        {
            if (CheckFilePath(state, file.Field, file.Value, inputs) is { } fileError)
            {
                return fileError;
            }
        }
        return null;
    }

    /// <summary>
    /// A face mapping's original_face is the path of a face-detection crop. The spec does not mark it as a file input
    /// (an SDK must not upload it), but it still has to name a file the emulator knows.
    /// </summary>
    private static IEnumerable<FileInput> FaceMappingOriginals(JsonObject body)
    {
        if (CreateEndpointCatalog.Get(body, "assets.face_mappings") is not JsonArray mappings)
        {
            yield break;
        }
        for (var i = 0; i < mappings.Count; i++)
        {
            if (mappings[i] is JsonObject mapping && mapping["original_face"] is JsonValue v && JsonKinds.Of(v) == "string")
            {
                yield return new FileInput($"assets.face_mappings[{i}].original_face", v.GetValue<string>());
            }
        }
    }

    private static string? CheckFilePath(EmulatorState state, string field, string value, List<string> inputs)
    {
        if (value.Length == 0)
        {
            return $"Field '{field}' must not be empty: use a file_path from POST /v1/files/upload-urls or an http(s) URL.";
        }
        if (EmulatorState.IsUrl(value))
        {
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
            {
                return $"Field '{field}' is not a valid URL: '{value}'.";
            }
            inputs.Add(value);
            return null;
        }
        if (!value.StartsWith("api-assets/", StringComparison.Ordinal) && !value.StartsWith(SavedItemStore.PathPrefix, StringComparison.Ordinal))
        {
            return $"Field '{field}' has value '{value}', which is neither an http(s) URL, an api-assets/ file_path from POST /v1/files/upload-urls nor a saved item's file_path.";
        }
        var asset = state.FindAsset(value);
        if (asset is null)
        {
            return $"Field '{field}' has value '{value}', which is not a file uploaded to this account (get an upload URL from POST /v1/files/upload-urls).";
        }
        if (!asset.Uploaded)
        {
            return $"Field '{field}' has value '{value}', whose upload URL was issued but no file was uploaded to it (PUT the bytes to upload_url first).";
        }
        inputs.Add(value);
        return null;
    }
}
