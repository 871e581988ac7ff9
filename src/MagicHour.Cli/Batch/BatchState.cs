using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace MagicHour.Cli.Batch;

/// <summary>
/// <c>.magichour-batch.json</c> in the output directory: for each input (keyed by tool, input and request),
/// its project id and whether its outputs are saved. Rewritten atomically on every change, so a crash or
/// <c>kill -9</c> at any point leaves a file that names every project created so far.
/// </summary>
internal sealed class BatchState
{
    /// <summary>The project exists; outputs not saved yet.</summary>
    public const string Created = "created";

    /// <summary>Outputs saved: a rerun skips the input.</summary>
    public const string Done = "done";

    private readonly object _gate = new();
    private readonly Dictionary<string, Entry> _entries;

    private BatchState(string filePath, Dictionary<string, Entry> entries)
    {
        FilePath = filePath;
        _entries = entries;
    }

    /// <summary>One input's record.</summary>
    public sealed record Entry(string ProjectId, string Outcome, string? Outputs);

    /// <summary>The state file.</summary>
    public string FilePath { get; }

    /// <summary>A snapshot of the records.</summary>
    public IReadOnlyDictionary<string, Entry> Entries
    {
        get
        {
            lock (_gate) return new Dictionary<string, Entry>(_entries);
        }
    }

    /// <summary>Reads the state file of <paramref name="directory"/> (empty when there is none).</summary>
    public static BatchState Load(string directory, string tool)
    {
        var path = Path.Combine(directory, ".magichour-batch.json");
        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        if (File.Exists(path) && JsonNode.Parse(File.ReadAllText(path))?["items"] is JsonObject items)
        {
            foreach (var (key, value) in items)
            {
                if (value?["project_id"]?.GetValue<string>() is { } id)
                {
                    entries[key] = new Entry(id, value["outcome"]?.GetValue<string>() ?? Created, value["outputs"]?.GetValue<string>());
                }
            }
        }
        return new BatchState(path, entries);
    }

    /// <summary>The key of one input: the request (which holds the input) hashed, so a changed flag is a new item.</summary>
    public static string KeyOf(string input, JsonObject request)
        => input + "#" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(request.ToJsonString())))[..12].ToLowerInvariant();

    /// <summary>Records <paramref name="entry"/> and rewrites the file at once.</summary>
    public void Record(string key, Entry entry)
    {
        lock (_gate)
        {
            _entries[key] = entry;
            var items = new JsonObject();
            foreach (var (k, e) in _entries) items[k] = new JsonObject { ["project_id"] = e.ProjectId, ["outcome"] = e.Outcome, ["outputs"] = e.Outputs };
            var temp = FilePath + ".tmp";
            File.WriteAllText(temp, new JsonObject { ["version"] = 1, ["items"] = items }.ToJsonString());
            File.Move(temp, FilePath, overwrite: true);
        }
    }
}
