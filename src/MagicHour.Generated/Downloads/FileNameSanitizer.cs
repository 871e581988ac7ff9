using System.Text;

namespace MagicHour.Generated;

/// <summary>
/// Turns a download URL into a safe file name inside the download directory: the last path segment,
/// percent-decoded, with separators, traversal, control characters, reserved device names and excess
/// length removed. The query string never takes part.
/// </summary>
public static class FileNameSanitizer
{
    private const int MaxLength = 150;
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL",
        "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    /// <summary>A safe file name for the output at <paramref name="url"/>; <paramref name="fallback"/> when nothing usable remains.</summary>
    public static string FromUrl(Uri url, string fallback = "output")
    {
        var path = url.IsAbsoluteUri ? url.AbsolutePath : url.OriginalString.Split('?', '#')[0];
        return Sanitize(Uri.UnescapeDataString(path), fallback);
    }

    /// <summary>Sanitizes a name that may contain separators or traversal.</summary>
    public static string Sanitize(string name, string fallback = "output")
    {
        // Decode first, then keep only what follows the last separator of either kind.
        var last = name.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? string.Empty;
        var invalid = Path.GetInvalidFileNameChars();
        var builder = new StringBuilder(last.Length);
        foreach (var c in last)
        {
            builder.Append(char.IsControl(c) || invalid.Contains(c) || c is ':' or '*' or '?' or '"' or '<' or '>' or '|' ? '_' : c);
        }
        var clean = builder.ToString().Trim().Trim('.').Trim();
        if (clean.Length == 0 || clean.All(c => c == '_')) clean = fallback;

        var stem = Path.GetFileNameWithoutExtension(clean);
        var extension = Path.GetExtension(clean);
        if (Reserved.Contains(stem)) stem = "_" + stem;
        if (extension.Length > 16) extension = extension[..16];
        if (stem.Length + extension.Length > MaxLength) stem = stem[..(MaxLength - extension.Length)];
        return stem + extension;
    }
}
