namespace MagicHour.Generated;

/// <summary>The file extensions the API accepts, by media type (the vendor's documented lists).</summary>
public static class MediaTypes
{
    /// <summary>Image extensions.</summary>
    public static IReadOnlySet<string> Image { get; } = Set("png", "jpg", "jpeg", "jfif", "heic", "heif", "webp", "avif", "jp2", "tiff", "tif", "bmp");
    /// <summary>Video extensions.</summary>
    public static IReadOnlySet<string> Video { get; } = Set("mp4", "m4v", "mov", "webm");
    /// <summary>Audio extensions.</summary>
    public static IReadOnlySet<string> Audio { get; } = Set("mp3", "wav", "aac", "flac", "webm", "weba", "m4a", "opus", "ogg", "oga", "aiff", "amr");

    /// <summary>
    /// The media type for an extension (without dot, any case), or null if the API accepts it for none.
    /// <c>webm</c> is both video and audio: <paramref name="hint"/> (from the field name) decides, else video.
    /// </summary>
    public static FileType? Classify(string extension, FileType? hint = null)
    {
        var ext = extension.TrimStart('.').ToLowerInvariant();
        if (hint is { } h && SetFor(h).Contains(ext)) return h;
        if (Image.Contains(ext)) return FileType.Image;
        if (Video.Contains(ext)) return FileType.Video;
        if (Audio.Contains(ext)) return FileType.Audio;
        return null;
    }

    /// <summary>A media type suggested by a <c>*_file_path</c> field name (<c>audio_file_path</c> → audio).</summary>
    public static FileType? HintFromFieldName(string fieldName)
        => fieldName.Contains("audio", StringComparison.OrdinalIgnoreCase) ? FileType.Audio
        : fieldName.Contains("video", StringComparison.OrdinalIgnoreCase) ? FileType.Video
        : fieldName.Contains("image", StringComparison.OrdinalIgnoreCase) ? FileType.Image
        : (FileType?)null;

    internal static string Describe()
        => $"image: {string.Join(' ', Image)}; video: {string.Join(' ', Video)}; audio: {string.Join(' ', Audio)}";

    private static IReadOnlySet<string> SetFor(FileType type)
        => type == FileType.Image ? Image : type == FileType.Video ? Video : Audio;

    private static HashSet<string> Set(params string[] values) => new(values, StringComparer.Ordinal);
}
