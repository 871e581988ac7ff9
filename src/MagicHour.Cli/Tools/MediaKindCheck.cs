using System.Text.Json.Nodes;
using MagicHour.Cli.Output;

namespace MagicHour.Cli.Tools;

/// <summary>
/// Refuses a local file that is not the kind of media its field takes (a video for an image field, a text
/// file named <c>.png</c>), before anything is uploaded or charged. The field's kind comes from its name
/// (<c>image_file_path</c>, <c>video_file_path</c>, <c>audio_file_path</c>); fields that say neither are not checked.
/// </summary>
internal static class MediaKindCheck
{
    private static readonly Dictionary<string, string> KindByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        ["png"] = "image", ["jpg"] = "image", ["jpeg"] = "image", ["jfif"] = "image", ["heic"] = "image", ["heif"] = "image",
        ["webp"] = "image", ["avif"] = "image", ["jp2"] = "image", ["tiff"] = "image", ["tif"] = "image", ["bmp"] = "image",
        ["mp4"] = "video", ["m4v"] = "video", ["mov"] = "video",
        ["mp3"] = "audio", ["wav"] = "audio", ["aac"] = "audio", ["flac"] = "audio", ["weba"] = "audio", ["m4a"] = "audio",
        ["opus"] = "audio", ["ogg"] = "audio", ["oga"] = "audio", ["aiff"] = "audio", ["amr"] = "audio",
    };

    /// <summary>Checks every local file input of <paramref name="request"/>; throws <see cref="CliUsageException"/> on a mismatch.</summary>
    public static void Check(GenerationTool tool, JsonObject request)
    {
        foreach (var field in tool.Fields.Where(f => f.FileInput))
        {
            var wanted = KindOfField(field.JsonPath);
            if (wanted is null) continue;
            foreach (var path in Commands.RequestOptions.FileValues(request, field))
            {
                if (Commands.RequestOptions.IsLocal(path) && File.Exists(path)) CheckFile(path, wanted, field.JsonPath);
            }
        }
    }

    private static void CheckFile(string path, string wanted, string jsonPath)
    {
        var extension = Path.GetExtension(path).TrimStart('.');
        if (KindByExtension.TryGetValue(extension, out var byName) && byName != wanted)
        {
            throw new CliUsageException($"{path} is {Article(byName)} {byName} file (.{extension}), but $.{jsonPath} takes {Article(wanted)} {wanted}.");
        }
        var sniffed = Sniff(path);
        if (sniffed is not null && sniffed != wanted && !(sniffed == "video" && wanted == "audio"))
        {
            throw new CliUsageException($"{path} holds {(sniffed == "text" ? "text" : Article(sniffed) + " " + sniffed)}, not {Article(wanted)} {wanted} as $.{jsonPath} takes.");
        }
    }

    /// <summary><c>image</c>, <c>video</c>, <c>audio</c> or null, from the field's name.</summary>
    public static string? KindOfField(string jsonPath)
    {
        var leaf = jsonPath[(jsonPath.LastIndexOf('.') + 1)..];
        return leaf.Contains("audio") ? "audio" : leaf.Contains("video") ? "video" : leaf.Contains("image") ? "image" : null;
    }

    /// <summary>The kind the file's first bytes say, <c>text</c> for plain text, or null when unknown.</summary>
    public static string? Sniff(string path)
    {
        Span<byte> head = stackalloc byte[16];
        int read;
        using (var stream = File.OpenRead(path)) read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..read];
        if (read == 0) return null;
        if (head.StartsWith((byte[])[0x89, (byte)'P', (byte)'N', (byte)'G']) || head.StartsWith((byte[])[0xFF, 0xD8, 0xFF]) || head.StartsWith("GIF8"u8) || head.StartsWith("BM"u8)
            || head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8) || (read >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))) return "image";
        if (read >= 12 && head[4..8].SequenceEqual("ftyp"u8))
        {
            var brand = System.Text.Encoding.ASCII.GetString(head[8..12]);
            return brand is "heic" or "heix" or "heif" or "mif1" or "avif" or "msf1" ? "image" : brand.StartsWith("M4A") ? "audio" : "video";
        }
        if (head.StartsWith((byte[])[0x1A, 0x45, 0xDF, 0xA3])) return "video";
        if (head.StartsWith("ID3"u8) || head.StartsWith("OggS"u8) || head.StartsWith("fLaC"u8) || (read >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WAVE"u8))
            || (head[0] == 0xFF && (head[1] & 0xE0) == 0xE0)) return "audio";
        foreach (var b in head)
        {
            if (b < 0x09 || (b > 0x0D && b < 0x20)) return null;
        }
        return "text";
    }

    private static string Article(string kind) => kind is "image" or "audio" ? "an" : "a";
}
