using System.Collections.Concurrent;
using SkiaSharp;

namespace MagicHour.Emulator;

/// <summary>Generates project outputs on first download and keeps them on disk under outputs/{projectId}/.</summary>
internal sealed class OutputStore(EmulatorState state)
{
    public const int VideoWidth = 128;
    public const int VideoHeight = 96;
    public const int VideoFps = 12;
    public const int VideoFrames = 12;
    public const int GifSize = 200;
    public const int FaceCropSize = 256;

    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _files = new(StringComparer.Ordinal);

    public static string RelativePath(ProjectRecord p, string fileName) => $"outputs/{p.Id}/{fileName}";

    /// <summary>Disk path of one output file of a complete project, generating it the first time.</summary>
    public Task<string> EnsureAsync(ProjectRecord p, string fileName)
    {
        var relative = RelativePath(p, fileName);
        var lazy = _files.GetOrAdd(relative, _ => new Lazy<Task<string>>(() => Task.Run(() => Generate(p, fileName, relative))));
        return lazy.Value;
    }

    public void Delete(ProjectRecord p)
    {
        foreach (var key in _files.Keys.Where(k => k.StartsWith($"outputs/{p.Id}/", StringComparison.Ordinal)))
        {
            _files.TryRemove(key, out _);
        }
        var dir = state.DiskPath($"outputs/{p.Id}");
        try
        {
            if (dir is not null && Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
        catch (IOException)
        {
            // A download may still hold a file open; the directory goes with the storage root later.
        }
    }

    private string Generate(ProjectRecord p, string fileName, string relative)
    {
        var disk = state.DiskPath(relative) ?? throw new InvalidOperationException("Bad output path.");
        if (state.Options.SyntheticOutputBytes is { } syntheticBytes)
        {
            WriteSynthetic(disk, syntheticBytes);
            return disk;
        }
        var variant = p.OutputFileNames().ToList().IndexOf(fileName);
        var source = p.SourceImage is null ? null : state.DiskPath(p.SourceImage);
        byte[] bytes = p.OutputExtension switch
        {
            "png" => ImageTools.RenderPng(source, p.Id, Math.Max(0, variant)),
            "gif" => WithFrames(source, p.Id, GifSize, GifSize, 6, f => GifWriter.Write(f, GifSize, GifSize, 12)),
            "mp4" => WithFrames(source, p.Id, VideoWidth, VideoHeight, VideoFrames, f => Mp4Writer.Write(f, VideoWidth, VideoHeight, VideoFps)),
            "wav" => WavWriter.Sine(1.0, 330 + Math.Abs(p.Id.GetHashCode() % 5) * 55),
            _ => throw new InvalidOperationException($"No generator for .{p.OutputExtension}"),
        };
        WriteAtomically(disk, bytes);
        return disk;
    }

    private static byte[] WithFrames(string? source, string seed, int width, int height, int count, Func<IReadOnlyList<byte[]>, byte[]> encode)
    {
        var frames = ImageTools.RenderFrames(source, seed, width, height, count);
        try
        {
            return encode(frames.Select(f => f.Bytes).ToList());
        }
        finally
        {
            foreach (var f in frames)
            {
                f.Dispose();
            }
        }
    }

    /// <summary>
    /// Face detection: one face crop (the centre square of the target) unless the target is a faceless
    /// uploaded image. URL and video targets get one crop of a generated pattern. Crops are stored as
    /// api-assets/{taskId}/0-0.png and can be used as face_mappings paths.
    /// </summary>
    public List<string> DetectFaces(ProjectRecord task)
    {
        var target = task.FaceInput;
        string? imageDisk = null;
        if (target is not null && !EmulatorState.IsUrl(target))
        {
            var asset = state.FindAsset(target);
            if (asset?.Type == "image")
            {
                if (state.IsFaceless(target))
                {
                    return [];
                }
                imageDisk = state.DiskPath(target);
            }
        }
        var relative = $"api-assets/{task.Id}/0-0.png";
        var disk = state.DiskPath(relative)!;
        using (var bitmap = ImageTools.Render(imageDisk, task.Id, 0, FaceCropSize, FaceCropSize))
        {
            var bytes = ImageTools.EncodePng(bitmap);
            WriteAtomically(disk, bytes);
            state.RegisterGeneratedAsset(relative, "image", bytes.Length);
        }
        return [relative];
    }

    /// <summary>A file of <paramref name="length"/> zero bytes; SetLength makes it sparse, so even 1 GiB costs no time or disk.</summary>
    private static void WriteSynthetic(string disk, long length)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(disk)!);
        var temp = disk + ".tmp-" + Ids.Random(8);
        using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
        {
            file.SetLength(length);
        }
        File.Move(temp, disk, overwrite: true);
    }

    private static void WriteAtomically(string disk, byte[] bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(disk)!);
        var temp = disk + ".tmp-" + Ids.Random(8);
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, disk, overwrite: true);
    }
}
