using MagicHour.Cli.Output;
using MagicHour.Cli.Tools;

namespace MagicHour.Cli.Commands;

/// <summary>
/// Where <c>--output PATH</c> puts the outputs: an existing directory, a path ending in a separator, or a name without an
/// extension is a directory (created if needed); a name with an extension (<c>me.png</c>) is the file itself, the
/// second and later outputs of the project next to it as <c>me-2.png</c>, … Nothing existing is ever overwritten.
/// </summary>
internal sealed record OutputTarget(string Directory, string? FileName)
{
    /// <summary>Reads the flag's value.</summary>
    public static OutputTarget Parse(string? path)
    {
        path = string.IsNullOrEmpty(path) ? "." : path;
        var isDirectory = System.IO.Directory.Exists(path)
            || path.EndsWith(Path.DirectorySeparatorChar) || path.EndsWith(Path.AltDirectorySeparatorChar)
            || !Path.HasExtension(path);
        if (isDirectory) return new OutputTarget(path, null);
        var full = Path.GetFullPath(path);
        return new OutputTarget(Path.GetDirectoryName(full)!, Path.GetFileName(full));
    }

    /// <summary>Fails before anything is created or charged when the named file is already there.</summary>
    public void EnsureFree()
    {
        if (FileName is not null && File.Exists(Path.Combine(Directory, FileName)))
        {
            throw new CliUsageException($"--output {Path.Combine(Directory, FileName)} already exists and is never overwritten: pick another file name, or a directory.");
        }
    }

    /// <summary>Fails when a batch (many projects) was given one file name.</summary>
    public void EnsureDirectory(int inputs)
    {
        if (FileName is not null) throw new CliUsageException($"--output {FileName} names one file, but {inputs} inputs make {inputs} projects: give a directory.");
    }

    /// <summary>Moves the downloaded files to the requested name (never over an existing file).</summary>
    public GenerationOutcome Apply(GenerationOutcome outcome)
    {
        if (FileName is null || outcome.DownloadedPaths.Count == 0) return outcome;
        var stem = Path.GetFileNameWithoutExtension(FileName);
        var extension = Path.GetExtension(FileName);
        var moved = new List<string>();
        for (var i = 0; i < outcome.DownloadedPaths.Count; i++)
        {
            var source = outcome.DownloadedPaths[i];
            var target = Path.Combine(Directory, i == 0 ? FileName : $"{stem}-{i + 1}{extension}");
            try
            {
                File.Move(source, target, overwrite: false);
                moved.Add(target);
            }
            catch (IOException)
            {
                // Appeared meanwhile: keep the download under its own (unique) name rather than overwrite.
                moved.Add(source);
            }
        }
        return outcome with { DownloadedPaths = moved };
    }
}
