using System.Text.Encodings.Web;
using System.Text.Json;

namespace MagicHour.SpecSync;

/// <summary>Serializer options shared by the tool: keep non-ASCII text as written.</summary>
internal static class SpecSyncJson
{
    /// <summary>Relaxed escaping, so strings read back the same without <c>\uXXXX</c> noise.</summary>
    public static JsonSerializerOptions Options { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
