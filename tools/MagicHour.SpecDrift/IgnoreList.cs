using System.Text.RegularExpressions;

namespace MagicHour.SpecDrift;

/// <summary>
/// Accepted differences: a text file with one difference line per entry, exactly as the tool prints
/// it, so a deliberate deviation from the vendor's spec can be kept and explained. Blank lines and
/// lines starting with <c>#</c> (the explanation) are skipped. Runs of whitespace compare as one space.
/// </summary>
public sealed partial class IgnoreList
{
    private readonly Dictionary<string, string> _entries;

    private IgnoreList(Dictionary<string, string> entries) => _entries = entries;

    /// <summary>An ignore list without entries.</summary>
    public static IgnoreList Empty { get; } = new(new Dictionary<string, string>(StringComparer.Ordinal));

    /// <summary>The entries, as written.</summary>
    public IReadOnlyCollection<string> Entries => _entries.Values;

    /// <summary>Parses ignore-file text.</summary>
    public static IgnoreList Parse(string text)
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            // An entry copied with the "(ours: Schema)" annotation matches the same difference.
            entries.TryAdd(Normalize(OurSchemaSuffix().Replace(line, string.Empty)), line);
        }

        return new IgnoreList(entries);
    }

    /// <summary>Reads an ignore file.</summary>
    /// <exception cref="SpecLoadException">The file cannot be read.</exception>
    public static IgnoreList Load(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var reason = e is FileNotFoundException or DirectoryNotFoundException ? "file not found" : e.Message;
            throw new SpecLoadException($"{path}: cannot read ignore file: {reason}", e);
        }
    }

    /// <summary>Splits differences into those still reported and those accepted, and lists entries that matched nothing.</summary>
    public IgnoreResult Apply(IEnumerable<Difference> differences)
    {
        var reported = new List<Difference>();
        var accepted = new List<Difference>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var difference in differences)
        {
            var key = Normalize(difference.ToString());
            if (_entries.ContainsKey(key))
            {
                accepted.Add(difference);
                used.Add(key);
            }
            else
            {
                reported.Add(difference);
            }
        }

        var unused = _entries.Where(pair => !used.Contains(pair.Key)).Select(pair => pair.Value).Order(StringComparer.Ordinal).ToList();
        return new IgnoreResult(reported, accepted, unused);
    }

    private static string Normalize(string line) => Whitespace().Replace(line.Trim(), " ");

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\s+\(ours: [^()]*\)$", RegexOptions.CultureInvariant)]
    private static partial Regex OurSchemaSuffix();
}

/// <summary>The outcome of applying an <see cref="IgnoreList"/>.</summary>
/// <param name="Reported">Differences not accepted: these count.</param>
/// <param name="Accepted">Differences matched by an entry.</param>
/// <param name="UnusedEntries">Entries that matched no difference (stale: the deviation is gone or has changed).</param>
public sealed record IgnoreResult(IReadOnlyList<Difference> Reported, IReadOnlyList<Difference> Accepted, IReadOnlyList<string> UnusedEntries);
