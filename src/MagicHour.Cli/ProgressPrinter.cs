using MagicHour.Generated;

namespace MagicHour.Cli;

/// <summary>
/// Shows Generate progress: on a terminal, one line redrawn in place with a bar; when output is
/// redirected, plain lines (one per stage or status change, and transfers at 25% steps).
/// </summary>
internal sealed class ProgressPrinter(TextWriter output, bool interactive) : IProgress<GenerateProgress>
{
    private readonly object _gate = new();
    private string? _lastLine;
    private int _lastQuarter = -1;
    private bool _dirty;

    public void Report(GenerateProgress value)
    {
        lock (_gate)
        {
            var line = Describe(value);
            if (line is null || line == _lastLine) return;
            if (interactive)
            {
                output.Write("\r" + line.PadRight(Math.Max(line.Length, _lastLine?.Length ?? 0)));
                _dirty = true;
            }
            else
            {
                if (value.Stage is GenerateStage.Uploading or GenerateStage.Downloading && value.TotalBytes is > 0)
                {
                    var quarter = (int)(4 * value.BytesTransferred / value.TotalBytes.Value);
                    if (quarter == _lastQuarter) return;
                    _lastQuarter = quarter == 4 ? -1 : quarter;
                }
                output.WriteLine(line);
            }
            _lastLine = line;
        }
    }

    public void Finish()
    {
        lock (_gate)
        {
            if (_dirty) output.WriteLine();
            _dirty = false;
        }
    }

    private static string? Describe(GenerateProgress p) => p.Stage switch
    {
        GenerateStage.Uploading => $"Uploading {p.FileName} {Bar(p.BytesTransferred, p.TotalBytes)}",
        GenerateStage.Creating => "Creating project…",
        GenerateStage.Waiting when p.Status is null => $"Project {p.ProjectId} created; waiting…",
        GenerateStage.Waiting => $"Project {p.ProjectId}: {p.Status} ({p.Elapsed.TotalSeconds:0.0} s)",
        GenerateStage.Downloading => $"Downloading {p.FileName} {Bar(p.BytesTransferred, p.TotalBytes)}",
        GenerateStage.Completed => null,
        _ => null,
    };

    private static string Bar(long done, long? total)
    {
        if (total is not > 0) return $"{Size(done)}";
        var fraction = Math.Clamp((double)done / total.Value, 0, 1);
        var filled = (int)(fraction * 20);
        return $"[{new string('#', filled)}{new string('-', 20 - filled)}] {(int)(fraction * 100),3}% {Size(done)}/{Size(total.Value)}";
    }

    private static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.0} KiB",
        _ => $"{bytes / (1024.0 * 1024):0.0} MiB",
    };
}
