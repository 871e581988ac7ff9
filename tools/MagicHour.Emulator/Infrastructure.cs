using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace MagicHour.Emulator;

/// <summary>Writes JSON responses without reflection (JsonNode or a source-generated context).</summary>
internal static class JsonResponses
{
    public const string ContentType = "application/json; charset=utf-8";

    public static Task WriteMessageAsync(HttpContext ctx, int status, string message)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("message", message);
            writer.WriteEndObject();
        }
        return WriteBytesAsync(ctx, status, buffer.WrittenMemory);
    }

    public static Task WriteNodeAsync(HttpContext ctx, int status, JsonNode node)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            node.WriteTo(writer);
        }
        return WriteBytesAsync(ctx, status, buffer.WrittenMemory);
    }

    public static Task WriteStatsAsync(HttpContext ctx, EmulatorStats stats)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(stats, EmulatorJsonContext.Default.EmulatorStats);
        return WriteBytesAsync(ctx, 200, bytes);
    }

    public static Task WriteProjectInfoAsync(HttpContext ctx, EmulatorProjectInfo info)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(info, EmulatorJsonContext.Default.EmulatorProjectInfo);
        return WriteBytesAsync(ctx, 200, bytes);
    }

    private static async Task WriteBytesAsync(HttpContext ctx, int status, ReadOnlyMemory<byte> body)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = ContentType;
        ctx.Response.ContentLength = body.Length;
        await ctx.Response.Body.WriteAsync(body, ctx.RequestAborted);
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = false)]
[JsonSerializable(typeof(EmulatorStats))]
[JsonSerializable(typeof(EmulatorProjectInfo))]
internal sealed partial class EmulatorJsonContext : JsonSerializerContext;

/// <summary>Random identifiers shaped like the real service's (cuid-like project ids, uuid-like task ids).</summary>
internal static class Ids
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static string Random(int length)
    {
        return string.Create(length, 0, static (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
            }
        });
    }

    /// <summary>25 characters starting with 'c', like a cuid.</summary>
    public static string ProjectId() => "cm" + Random(23);

    public static string TaskId() => Guid.NewGuid().ToString("D");
}

/// <summary>HMAC-SHA256 signatures for storage URLs, with a secret that lives only as long as the instance.</summary>
internal sealed class UrlSigner
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public string Sign(string path, long expiresUnix)
    {
        var mac = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(path + "\n" + expiresUnix.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return Base64Url(mac);
    }

    /// <summary>Returns null when valid, else the reason for a 403.</summary>
    public string? Verify(string path, string? expires, string? sig, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(expires) || string.IsNullOrEmpty(sig))
        {
            return "Missing signature: storage URLs must carry the expires and sig query parameters they were issued with.";
        }
        if (!long.TryParse(expires, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var expiresUnix))
        {
            return "Invalid signature: expires is not a Unix time.";
        }
        var expected = Encoding.ASCII.GetBytes(Sign(path, expiresUnix));
        var actual = Encoding.ASCII.GetBytes(sig);
        if (!CryptographicOperations.FixedTimeEquals(expected, actual))
        {
            return "Invalid signature for this URL.";
        }
        if (now.ToUnixTimeSeconds() >= expiresUnix)
        {
            return "The signed URL has expired.";
        }
        return null;
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>Endpoint metadata: the route key used by fault rules and stats.</summary>
internal sealed record RouteKey(string Key, RouteGroup Group);

internal enum RouteGroup
{
    Api,
    Create,
    UploadUrls,
    Upload,
    Download,
    Control,
}

internal static class MediaTypes
{
    public static readonly string[] ImageExtensions = ["png", "jpg", "jpeg", "jfif", "heic", "heif", "webp", "avif", "jp2", "tiff", "tif", "bmp"];
    public static readonly string[] VideoExtensions = ["mp4", "m4v", "mov", "webm"];
    public static readonly string[] AudioExtensions = ["mp3", "wav", "aac", "flac", "webm", "weba", "m4a", "opus", "ogg", "oga", "aiff", "amr"];

    public static string[]? ExtensionsFor(string type) => type switch
    {
        "image" => ImageExtensions,
        "video" => VideoExtensions,
        "audio" => AudioExtensions,
        _ => null,
    };

    public static string ContentTypeFor(string path)
    {
        var ext = Path.GetExtension(path).TrimStart('.').ToLowerInvariant();
        return ext switch
        {
            "png" => "image/png",
            "jpg" or "jpeg" or "jfif" => "image/jpeg",
            "gif" => "image/gif",
            "webp" => "image/webp",
            "heic" => "image/heic",
            "heif" => "image/heif",
            "avif" => "image/avif",
            "jp2" => "image/jp2",
            "tif" or "tiff" => "image/tiff",
            "bmp" => "image/bmp",
            "mp4" or "m4v" => "video/mp4",
            "mov" => "video/quicktime",
            "webm" => "video/webm",
            "mp3" => "audio/mpeg",
            "wav" => "audio/wav",
            "aac" => "audio/aac",
            "flac" => "audio/flac",
            "weba" => "audio/webm",
            "m4a" => "audio/mp4",
            "opus" or "ogg" or "oga" => "audio/ogg",
            "aiff" => "audio/aiff",
            "amr" => "audio/amr",
            _ => "application/octet-stream",
        };
    }
}
