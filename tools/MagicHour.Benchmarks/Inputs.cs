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
    /// The sample portrait grown to exactly <paramref name="bytes"/> with a private ancillary chunk ("bnCh")
    /// before IEND: still a valid PNG that decodes to the same small image, so the emulator's per-project
    /// image work stays small while the SDK moves a file of the size asked for.
    /// </summary>
    public static string PaddedPng(string directory, string portrait, long bytes)
    {
        var path = Path.Combine(directory, $"portrait-{bytes / 1048576}mib.png");
        var png = File.ReadAllBytes(portrait);
        var iend = png.Length - 12;
        var dataLength = bytes - png.Length - 12;
        if (dataLength < 0) throw new ArgumentException("The portrait is larger than the size asked for.");
        var data = new byte[dataLength];
        new Random(7).NextBytes(data);
        var type = "bnCh"u8.ToArray();
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
        file.Write(png, 0, iend);
        file.Write(BigEndian((uint)dataLength));
        file.Write(type);
        file.Write(data);
        file.Write(BigEndian(Crc32([.. type, .. data])));
        file.Write(png, iend, 12);
        return path;
    }

    private static byte[] BigEndian(uint value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];

    private static uint Crc32(byte[] bytes)
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes) crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc ^ 0xFFFFFFFFu;
    }
}
