using MagicHour.Generated;

namespace MagicHour.Cli.Batch;

/// <summary>
/// A batch item's progress as plain lines prefixed with its input (one display for the whole batch: lines
/// from concurrent items interleave but never overwrite each other); also hands the project id to the state
/// file the moment it is known.
/// </summary>
internal sealed class BatchProgress(TextWriter error, string input, Action<string> projectCreated) : IProgress<GenerateProgress>
{
    private static readonly object Gate = new();
    private string? _projectId;
    private string? _last;

    /// <inheritdoc />
    public void Report(GenerateProgress value)
    {
        if (value.Stage == GenerateStage.Waiting && value.ProjectId is { } id && _projectId is null)
        {
            _projectId = id;
            projectCreated(id);
        }
        var line = value.Stage switch
        {
            GenerateStage.Uploading when value.BytesTransferred == 0 => "uploading",
            GenerateStage.Creating => "creating",
            GenerateStage.Waiting => $"project {value.ProjectId}: {value.Status ?? "created"}",
            GenerateStage.Downloading when value.BytesTransferred == 0 => $"downloading {value.FileName}",
            GenerateStage.Completed => "done",
            _ => null,
        };
        if (line is null || line == _last) return;
        _last = line;
        lock (Gate) error.WriteLine($"{input}: {line}");
    }
}
