using System.Globalization;
using System.Text;

namespace MagicHour.Generated;

/// <summary>
/// Turns a download URL into a safe file name inside the download directory: the last path segment,
/// percent-decoded, with separators, traversal, control, format and line-separator characters, lone
/// surrogates, reserved device names and excess length removed. The query string never takes part.
/// </summary>
/// <remarks>
/// Length: at most 150 UTF-16 characters and 200 bytes of UTF-8 (Linux and macOS limit a
/// name to 255 bytes, not characters), cut at a character (grapheme) boundary, extension kept. The margin below
/// 255 bytes leaves room for the <c>-n</c> suffix of a taken name and for the hidden temp file
/// (<c>.{name}.{32 hex}.part</c>) the download is written to first.
/// </remarks>
internal static class FileNameSanitizer
{
    private const int MaxLength = 150;

    /// <summary>The longest name returned, in bytes of UTF-8.</summary>
    internal const int MaxNameBytes = 200;

    private const int MaxExtensionLength = 16;

    // Windows device names, reserved with any extension (CON.tar.gz) and with trailing spaces or dots (AUX .png).
    // COM0/LPT0 and the superscript digits are reserved too (Windows' own list), CONIN$/CONOUT$ are the console.
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
        "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "COM\u00B9", "COM\u00B2", "COM\u00B3",
        "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT\u00B9", "LPT\u00B2", "LPT\u00B3",
    };

    /// <summary>A safe file name for the output at <paramref name="url"/>; <paramref name="fallback"/> when nothing usable remains.</summary>
    public static string FromUrl(Uri url, string fallback = "output")
    {
        ArgumentNullException.ThrowIfNull(url);
        var path = url.IsAbsoluteUri ? url.AbsolutePath : url.OriginalString.Split('?', '#')[0];
        return Sanitize(Uri.UnescapeDataString(path), fallback);
    }

    /// <summary>Sanitizes a name that may contain separators or traversal.</summary>
    public static string Sanitize(string name, string fallback = "output")
    {
        ArgumentNullException.ThrowIfNull(name);
        // Decode first, then keep only what follows the last separator of either kind.
        var last = name.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? string.Empty;
        var invalid = Path.GetInvalidFileNameChars();
        var builder = new StringBuilder(last.Length);
        for (var i = 0; i < last.Length; i++)
        {
            var c = last[i];
            if (char.IsHighSurrogate(c) && i + 1 < last.Length && char.IsLowSurrogate(last[i + 1]))
            {
                builder.Append(c).Append(last[++i]);
                continue;
            }
            switch (char.GetUnicodeCategory(c))
            {
                // Invisible or reordering characters (U+202E RIGHT-TO-LEFT OVERRIDE shows "invoice\u202Egnp.exe" as
                // "invoiceexe.png"; U+200B, U+FEFF) and line or paragraph separators (U+2028, U+2029): dropped.
                case UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator:
                    continue;
                case UnicodeCategory.Surrogate: // a lone half of a pair: not text, not encodable as UTF-8
                    builder.Append('_');
                    continue;
            }
            builder.Append(char.IsControl(c) || invalid.Contains(c) || c is ':' or '*' or '?' or '"' or '<' or '>' or '|' ? '_' : c);
        }
        var clean = builder.ToString().Trim().Trim('.').Trim();
        if (clean.Length == 0 || clean.All(c => c == '_')) clean = fallback;

        var stem = Path.GetFileNameWithoutExtension(clean);
        var extension = Path.GetExtension(clean);
        if (extension.Length > MaxExtensionLength) extension = Fit(extension, MaxExtensionLength, int.MaxValue);
        if (IsReserved(stem)) stem = "_" + stem;
        var extensionBytes = Encoding.UTF8.GetByteCount(extension);
        stem = Fit(stem, MaxLength - extension.Length, MaxNameBytes - extensionBytes);
        if (extension.Length == 0) stem = stem.TrimEnd(' ', '.'); // a cut may end in a dot or space, which Windows drops
        if (stem.Length == 0) stem = "_";
        return stem + extension;
    }

    /// <summary>Windows treats a name as the device when the part before the first dot, less trailing spaces and dots, is a device name.</summary>
    private static bool IsReserved(string stem)
    {
        var dot = stem.IndexOf('.');
        var device = (dot < 0 ? stem : stem[..dot]).TrimEnd(' ', '.');
        return Reserved.Contains(device);
    }

    /// <summary>The longest prefix of whole text elements (graphemes) within both limits.</summary>
    private static string Fit(string text, int maxChars, int maxBytes)
    {
        if (text.Length <= maxChars && Encoding.UTF8.GetByteCount(text) <= maxBytes) return text;
        var chars = 0;
        var bytes = 0;
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            var elementBytes = Encoding.UTF8.GetByteCount(element);
            if (chars + element.Length > maxChars || bytes + elementBytes > maxBytes) break;
            chars += element.Length;
            bytes += elementBytes;
        }
        return text[..chars];
    }
}
