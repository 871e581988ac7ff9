using System.Collections.Concurrent;
using System.Text.Json;

namespace MagicHour.Generated;

/// <summary>
/// The API keys this process's clients use, so that text the server sends back (an error body that echoes
/// <c>Invalid API key: Bearer mh_live_...</c>, a header) never carries one into a <see cref="MagicHourException"/>'s
/// Message, ToString(), RawBody, ApiMessage or Headers, nor through them into logs or the CLI's output. Every
/// client's key is registered when the client is built; each exception redacts all of them (a process may hold
/// several clients, and an exception may travel between them). The key is matched as sent and in the forms a
/// server may echo it: JSON-escaped (upper or lower-case hex, with or without <c>\/</c>) and URL-escaped.
/// </summary>
internal static class KeyRedaction
{
    internal const string Mask = "***";

    // Bounded: a process that builds clients with ever new keys keeps at most this many (the oldest are kept).
    private const int MaxKeys = 256;
    private static readonly ConcurrentDictionary<string, byte> Forms = new(StringComparer.Ordinal);
    private static volatile string[] _sorted = [];

    public static void Register(string apiKey)
    {
        if (string.IsNullOrEmpty(apiKey) || Forms.ContainsKey(apiKey) || Forms.Count >= MaxKeys * 6) return;
        var json = JsonEncodedText.Encode(apiKey).ToString();
        var lowerHex = System.Text.RegularExpressions.Regex.Replace(json, @"\\u([0-9A-F]{4})", m => m.Value.ToLowerInvariant());
        foreach (var form in new[] { apiKey, json, json.Replace("/", "\\/", StringComparison.Ordinal), lowerHex, lowerHex.Replace("/", "\\/", StringComparison.Ordinal), Uri.EscapeDataString(apiKey) })
        {
            if (form.Length >= 8) Forms.TryAdd(form, 0); // a short test key ("k") must not mask ordinary text
        }
        // Longest first, so a form that contains another is masked whole.
        _sorted = Forms.Keys.OrderByDescending(k => k.Length).ToArray();
    }

    /// <summary><paramref name="text"/> with every registered key masked.</summary>
    public static string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text;
        foreach (var form in _sorted)
        {
            if (text.Contains(form, StringComparison.Ordinal)) text = text.Replace(form, Mask, StringComparison.Ordinal);
        }
        return text;
    }

    /// <summary>Header values with every registered key masked (the dictionary itself when none is there).</summary>
    public static IReadOnlyDictionary<string, IEnumerable<string>> Redact(IReadOnlyDictionary<string, IEnumerable<string>> headers)
    {
        if (_sorted.Length == 0 || !headers.Values.Any(values => values.Any(v => !ReferenceEquals(Redact(v), v)))) return headers;
        return headers.ToDictionary(h => h.Key, h => (IEnumerable<string>)h.Value.Select(v => Redact(v)!).ToArray(), StringComparer.OrdinalIgnoreCase);
    }
}
