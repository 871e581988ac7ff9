using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MagicHour.Generated;

/// <summary>
/// What an incomplete download of one project left in its directory, so that a later resume into the same
/// directory does not download it again: a hidden sidecar <c>.magichour-{projectId}.json</c> listing, per output,
/// the download URL's path (the query is a signature that changes with every GET of the project), the file it was
/// saved as and its length. It is written only when some outputs landed and others did not (a failure or a
/// cancellation), and deleted once every output of the project is in place, so a finished directory holds the
/// outputs alone. An entry counts only while its file still exists with the recorded length.
/// </summary>
internal sealed class DownloadManifest
{
    private const string Prefix = ".magichour-";
    private readonly string _path;
    private readonly Dictionary<string, (string File, long Bytes)> _saved;

    private DownloadManifest(string path, Dictionary<string, (string File, long Bytes)> saved)
    {
        _path = path;
        _saved = saved;
    }

    /// <summary>The sidecar of <paramref name="projectId"/> in <paramref name="directory"/>; empty when there is none or it cannot be read.</summary>
    public static DownloadManifest Load(string directory, string projectId)
    {
        var path = Path.Combine(directory, Prefix + FileSafe(projectId) + ".json");
        var saved = new Dictionary<string, (string File, long Bytes)>(StringComparer.Ordinal);
        try
        {
            if (File.Exists(path))
            {
                using var document = JsonDocument.Parse(File.ReadAllBytes(path));
                if (document.RootElement.TryGetProperty("project", out var project) && project.ValueKind == JsonValueKind.String && project.GetString() == projectId
                    && document.RootElement.TryGetProperty("outputs", out var outputs) && outputs.ValueKind == JsonValueKind.Array)
                {
                    foreach (var output in outputs.EnumerateArray())
                    {
                        if (output.ValueKind == JsonValueKind.Object
                            && output.TryGetProperty("url_path", out var key) && key.ValueKind == JsonValueKind.String
                            && output.TryGetProperty("file", out var file) && file.ValueKind == JsonValueKind.String
                            && output.TryGetProperty("bytes", out var bytes) && bytes.TryGetInt64(out var length))
                        {
                            saved[key.GetString()!] = (file.GetString()!, length);
                        }
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            // An unreadable sidecar only costs a second download.
        }
        return new DownloadManifest(path, saved);
    }

    /// <summary>
    /// The key of each output: its URL's path, without the changing signature; a path that repeats within the
    /// project gets <c>#2</c>, <c>#3</c> in order, so two outputs never share an entry. Null for an output without a URL.
    /// </summary>
    public static string?[] KeysOf(IReadOnlyList<ProjectDownload?> downloads)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        return downloads.Select(d =>
        {
            if (d?.Url is not { IsAbsoluteUri: true } url) return null;
            var n = seen[url.AbsolutePath] = seen.GetValueOrDefault(url.AbsolutePath) + 1;
            return n == 1 ? url.AbsolutePath : $"{url.AbsolutePath}#{n}";
        }).ToArray();
    }

    /// <summary>The path the output with <paramref name="key"/> was saved to earlier, when that file is still there, whole.</summary>
    public string? Find(string? key, string directory)
    {
        if (key is null || !_saved.TryGetValue(key, out var entry) || entry.File.Length == 0 || Path.GetFileName(entry.File) != entry.File) return null;
        var path = Path.Combine(directory, entry.File);
        try
        {
            var info = new FileInfo(path);
            return info.Exists && info.Length == entry.Bytes ? path : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Records the outputs saved so far (<paramref name="saved"/>: key and path) when <paramref name="keep"/>, else
    /// deletes the sidecar (every output landed, or none did). Written to a temp file and renamed over, so a reader never sees half of it.
    /// Best effort: failing to write it only means a resume downloads those outputs again.
    /// </summary>
    public void Update(string projectId, IEnumerable<(string Key, string Path)> saved, bool keep)
    {
        try
        {
            if (!keep)
            {
                if (File.Exists(_path)) File.Delete(_path);
                return;
            }
            var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("project", projectId);
                writer.WriteStartArray("outputs");
                foreach (var (key, path) in saved)
                {
                    writer.WriteStartObject();
                    writer.WriteString("url_path", key);
                    writer.WriteString("file", Path.GetFileName(path));
                    writer.WriteNumber("bytes", new FileInfo(path).Length);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            var temp = _path + "." + Guid.NewGuid().ToString("N") + ".part";
            File.WriteAllBytes(temp, buffer.ToArray());
            try
            {
                File.Move(temp, _path, overwrite: true);
            }
            catch
            {
                File.Delete(temp);
                throw;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>A project id as part of a file name: as is when it is plain (ids are cuids), else a hash of it.</summary>
    private static string FileSafe(string projectId)
        => projectId.Length is > 0 and <= 100 && projectId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? projectId
            : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(projectId)))[..32].ToLowerInvariant();
}
