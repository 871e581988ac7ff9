using System.Text.Json.Serialization;

namespace MagicHour.Generated.Models;

/// <summary>
/// System.Text.Json source-generated metadata for every request and response model, so the SDK
/// serializes without reflection (trimming- and NativeAOT-safe, faster start-up). The
/// <c>[JsonSerializable]</c> attributes are emitted by the code generator (openapi/templates/File.Footer.liquid)
/// for every class it generates, so this list follows the spec. Also usable directly, e.g.
/// <c>JsonSerializer.Serialize(project, MagicHourJsonContext.Default.ImageProject)</c>.
/// </summary>
public partial class MagicHourJsonContext : JsonSerializerContext;
