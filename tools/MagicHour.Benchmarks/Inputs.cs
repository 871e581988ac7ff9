namespace MagicHour.Benchmarks;

/// <summary>Input files made on the fly (never committed): big uploads and padded PNG portraits.</summary>
internal static class Inputs
{
    /// <summary>A file of <paramref name="bytes"/> pseudo-random bytes (1 MiB block repeated), written once and reused.</summary>
    public static string Blob(string directory, string name, long bytes)
    {
        var path = Path.Combine(directory, name);
        if (File.Exists(path) && new FileInfo(path).Length == bytes) return path;
        var block = new byte[1024 * 1024];
        new Random(42).NextBytes(block);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        for (long left = bytes; left > 0; left -= block.Length)
        {
            file.Write(block, 0, (int)Math.Min(block.Length, left));
        }
        return path;
    }

    /// <summary>
    /// The sample portrait grown to exactly <paramref name="bytes"/> by bytes after its IEND chunk: PNG decoders
    /// stop at IEND, so the emulator's per-project image work stays that of a small image while the SDK moves
    /// a file of the size asked for. (Padding with a big ancillary chunk instead makes SkiaSharp's decoder in
    /// the emulator spin for minutes on a 50 MiB file.)
    /// </summary>
    public static string PaddedPng(string directory, string portrait, long bytes)
    {
        var path = Path.Combine(directory, $"portrait-{bytes / 1048576}mib.png");
        var png = File.ReadAllBytes(portrait);
        var padding = new byte[bytes - png.Length];
        new Random(7).NextBytes(padding);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
        file.Write(png);
        file.Write(padding);
        return path;
    }
}
