using MagicHour.Generated;

namespace MagicHour.Cli.Output;

/// <summary>
/// Shows Generate progress on stderr. On a terminal: one line redrawn in place, with a bar for transfers and a
/// clock that keeps running while the project renders (redrawn every second, not only on status changes).
/// Redirected: plain lines, one per stage or status change, transfers at 25% steps, and a "still …" line
/// every <see cref="HeartbeatEvery"/> so a long render never looks hung.
/// </summary>
internal sealed class ProgressPrinter : IProgress<GenerateProgress>, IDisposable
{
    /// <summary>How often a redirected display says the project is still going.</summary>
    public static readonly TimeSpan HeartbeatEvery = TimeSpan.FromSeconds(15);

    private readonly object _gate = new();
    private readonly TextWriter _error;
    private readonly bool _interactive;
    private readonly TimeProvider _time;
    private readonly ITimer? _clock;
    private string? _lastLine;
    private int _lastQuarter = -1;
    private bool _dirty;
    private string? _projectId;
    private string? _status;
    private long _waitStarted;
    private TimeSpan _lastHeartbeat;

    /// <param name="error">Where to draw (stderr).</param>
    /// <param name="interactive">A terminal: redraw in place.</param>
    /// <param name="time">The clock; tests pass their own and call <see cref="Tick"/>.</param>
    /// <param name="runClock">Start a 1 s timer that calls <see cref="Tick"/> (off in tests).</param>
    public ProgressPrinter(TextWriter error, bool interactive, TimeProvider? time = null, bool runClock = true)
    {
        _error = error;
        _interactive = interactive;
        _time = time ?? TimeProvider.System;
        if (runClock) _clock = _time.CreateTimer(_ => Tick(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <inheritdoc />
    public void Report(GenerateProgress value)
    {
        lock (_gate)
        {
            if (value.Stage == GenerateStage.Waiting)
            {
                if (_projectId != value.ProjectId) _waitStarted = _time.GetTimestamp();
                _projectId = value.ProjectId;
                _status = value.Status;
            }
            else
            {
                _projectId = null;
            }
            if (value.Stage is GenerateStage.Uploading or GenerateStage.Downloading && !_interactive && value.TotalBytes is > 0)
            {
                var quarter = (int)(4 * value.BytesTransferred / value.TotalBytes.Value);
                if (quarter == _lastQuarter) return;
                _lastQuarter = quarter == 4 ? -1 : quarter;
            }
            var line = Describe(value);
            if (line is not null) Draw(line);
        }
    }

    /// <summary>Redraws the waiting line with the time elapsed now (called every second by the clock).</summary>
    public void Tick()
    {
        lock (_gate)
        {
            if (_projectId is null) return;
            var elapsed = _time.GetElapsedTime(_waitStarted);
            if (_interactive)
            {
                Draw(WaitingLine(elapsed));
            }
            else if (elapsed - _lastHeartbeat >= HeartbeatEvery)
            {
                _lastHeartbeat = elapsed;
                Draw($"Project {_projectId}: still {_status ?? "waiting"} ({Clock(elapsed)})");
            }
        }
    }

    /// <summary>Ends the redrawn line, so what follows starts on a line of its own.</summary>
    public void Finish()
    {
        lock (_gate)
        {
            _projectId = null;
            if (_dirty) _error.WriteLine();
            _dirty = false;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _clock?.Dispose();
        Finish();
    }

    private void Draw(string line)
    {
        if (line == _lastLine) return;
        if (_interactive)
        {
            _error.Write("\r" + line.PadRight(Math.Max(line.Length, _lastLine?.Length ?? 0)));
            _dirty = true;
        }
        else
        {
            _error.WriteLine(line);
        }
        _lastLine = line;
    }

    private string? Describe(GenerateProgress p) => p.Stage switch
    {
        GenerateStage.Uploading => $"Uploading {p.FileName} {Bar(p.BytesTransferred, p.TotalBytes)}",
        GenerateStage.Creating => "Creating project…",
        GenerateStage.Waiting => WaitingLine(_time.GetElapsedTime(_waitStarted)),
        GenerateStage.Downloading => $"Downloading {p.FileName} {Bar(p.BytesTransferred, p.TotalBytes)}",
        _ => null,
    };

    private string WaitingLine(TimeSpan elapsed) => _status is null
        ? $"Project {_projectId} created; waiting… ({Clock(elapsed)})"
        : $"Project {_projectId}: {_status} ({Clock(elapsed)})";

    /// <summary><c>4 s</c>, <c>2 min 05 s</c>: whole seconds, so the line changes once a second.</summary>
    public static string Clock(TimeSpan elapsed) => elapsed.TotalMinutes >= 1
        ? $"{(int)elapsed.TotalMinutes} min {elapsed.Seconds:00} s"
        : $"{(int)elapsed.TotalSeconds} s";

    private static string Bar(long done, long? total)
    {
        if (total is not > 0) return Size(done);
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
