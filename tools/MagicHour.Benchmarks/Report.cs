using System.Globalization;
using System.Text;

namespace MagicHour.Benchmarks;

/// <summary>docs/benchmarks.md: machine, date, command, one table row per figure (with its baseline and ratio), details.</summary>
internal sealed class Report(string path, string command, string machine, int repeat)
{
    private static readonly string[] Titles =
    [
        "", "1. Per-call overhead", "2. Upload of a large file", "3. Downloads", "4. Many workflows at once",
        "5. Polling", "6. Start-up (NativeAOT)", "7. Peer comparison with the vendor's Node SDK",
    ];

    private readonly DateTime _started = DateTime.UtcNow;
    private readonly List<(string Target, string Row)> _rows = [];
    private readonly List<(string Target, string Text)> _details = [];

    private static string F(double v) => double.IsNaN(v) ? "n/a" : Math.Abs(v) >= 100 ? v.ToString("N0", CultureInfo.InvariantCulture) : v.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>A figure with its baseline from the same run; <paramref name="limit"/> is the target ratio (null: reported only).</summary>
    public void Figure(string target, string name, double ours, double baseline, string unit, double? limit, bool higherIsBetter, string note)
    {
        var ratio = ours / baseline;
        string targetText = limit is null ? "—" : (higherIsBetter ? "≥ " : limit == 0.999 ? "< " : "≤ ") + (limit == 0.999 ? "1" : F(limit.Value)) + "×";
        var met = limit is null || double.IsNaN(ratio) ? "—"
            : (higherIsBetter ? ratio >= limit : ratio <= limit) ? "**met**"
            : $"**missed** by {Math.Abs(ratio / limit.Value - 1) * 100:0.#} %";
        _rows.Add((target, $"| {target} | {name} | {F(ours)} {unit} | {F(baseline)} {unit} | {F(ratio)}× | {targetText} | {met} | {note} |"));
    }

    /// <summary>An absolute figure (a limit in its own unit); a baseline, when there is one, is shown with its ratio.</summary>
    public void Absolute(string target, string name, double value, string unit, double? limit, double? baseline, string baselineName = "raw baseline", double? exact = null)
    {
        var targetText = exact is not null ? $"= {F(exact.Value)}" : limit is null ? "—" : $"≤ {F(limit.Value)} {unit}";
        var met = exact is not null ? (value == exact ? "**met**" : "**missed**")
            : limit is null ? "—"
            : value <= limit ? "**met**"
            : $"**missed** by {F(value - limit.Value)} {unit}";
        var baseText = baseline is null ? "—" : $"{F(baseline.Value)} {unit} ({baselineName})";
        var ratio = baseline is null or 0 ? "—" : $"{F(value / baseline.Value)}×";
        _rows.Add((target, $"| {target} | {name} | {F(value)} {unit} | {baseText} | {ratio} | {targetText} | {met} | |"));
    }

    private readonly List<string> _loads = [];

    public void Load(string section, string before, string after) => _loads.Add($"{section} {before}→{after}");

    public void Detail(string target, string text) => _details.Add((target, text));

    public void Note(string target, string text) => _details.Add((target, "**Note:** " + text));

    public void Write()
    {
        var sb = new StringBuilder();
        sb.AppendLine("# Benchmarks");
        sb.AppendLine();
        sb.AppendLine("Written by `tools/bench.sh` (do not edit by hand: rerun the script). Every figure below comes from one run of it,");
        sb.AppendLine("and every ratio compares the SDK with a baseline measured in that same run, against the same emulator.");
        sb.AppendLine();
        sb.AppendLine($"- **Date:** {_started:yyyy-MM-dd HH:mm} UTC (run took {(DateTime.UtcNow - _started).TotalMinutes:0} min)");
        sb.AppendLine($"- **Machine:** {machine}");
        sb.AppendLine($"- **Command:** `{command}`");
        sb.AppendLine($"- **Conditions:** a shared 2-core virtual machine on which other builds and tests may run at the same time, so expect noise of several percent; client and emulator share the two cores. Whole-workflow scenarios ran {repeat} times, alternating SDK and baseline; medians are shown. Each scenario ran in a child process of its own, and the emulator in another process (so memory figures are the client's only).");
        if (_loads.Count > 0)
        {
            sb.AppendLine($"- **Machine load** (1-minute load average at the start→end of each section; 2 would mean both cores busy): {string.Join(", ", _loads)}");
        }
        sb.AppendLine();
        sb.AppendLine("## Results");
        sb.AppendLine();
        sb.AppendLine("Ratio = SDK ÷ baseline. Memory growth = peak resident set during the operation minus the resident set just before it (Linux VmHWM after resetting it through /proc/self/clear_refs).");
        sb.AppendLine();
        sb.AppendLine("| # | Figure | SDK | Baseline | Ratio | Target | Met | Notes |");
        sb.AppendLine("| --- | --- | ---: | ---: | ---: | --- | --- | --- |");
        foreach (var (_, row) in _rows.OrderBy(r => r.Target, StringComparer.Ordinal)) sb.AppendLine(row);
        sb.AppendLine();
        sb.AppendLine("## Details");
        foreach (var group in _details.GroupBy(d => d.Target).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            sb.AppendLine();
            var title = int.TryParse(group.Key, out var i) && i < Titles.Length ? Titles[i] : group.Key;
            sb.AppendLine($"### {title}");
            sb.AppendLine();
            foreach (var (_, text) in group) sb.AppendLine(text).AppendLine();
        }
        // Hand-written reading of the figures (why a target is missed), kept next to the code that measures them.
        var analysis = Path.GetFullPath("tools/MagicHour.Benchmarks/ANALYSIS.md");
        if (File.Exists(analysis))
        {
            sb.AppendLine();
            sb.Append(File.ReadAllText(analysis));
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, sb.ToString());
    }
}
