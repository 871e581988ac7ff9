using SkiaSharp;

namespace MagicHour.Emulator;

/// <summary>Image decoding, the faceless check and output rendering (SkiaSharp).</summary>
internal static class ImageTools
{
    /// <summary>
    /// Largest per-channel difference (R, G, B and A, 0–255) from the first pixel that still counts as
    /// "the same colour" for the faceless rule.
    /// </summary>
    public const int FacelessTolerance = 8;

    public const int OutputSize = 1024;

    /// <summary>
    /// True when the file decodes as an image and every pixel is within <see cref="FacelessTolerance"/>
    /// of the first one on every channel. Undecodable files return false (treated as having a face).
    /// </summary>
    public static bool IsSingleColour(string diskPath)
    {
        using var bitmap = DecodeRgba(diskPath);
        if (bitmap is null)
        {
            return false;
        }
        var pixels = bitmap.GetPixelSpan();
        if (pixels.Length < 4)
        {
            return false;
        }
        int r0 = pixels[0], g0 = pixels[1], b0 = pixels[2], a0 = pixels[3];
        var rowBytes = bitmap.RowBytes;
        for (var y = 0; y < bitmap.Height; y++)
        {
            var row = pixels.Slice(y * rowBytes, bitmap.Width * 4);
            for (var i = 0; i < row.Length; i += 4)
            {
                if (Math.Abs(row[i] - r0) > FacelessTolerance || Math.Abs(row[i + 1] - g0) > FacelessTolerance ||
                    Math.Abs(row[i + 2] - b0) > FacelessTolerance || Math.Abs(row[i + 3] - a0) > FacelessTolerance)
                {
                    return false;
                }
            }
        }
        return true;
    }

    /// <summary>Decodes to unpremultiplied RGBA 8888, or null when the file is not a decodable image.</summary>
    public static SKBitmap? DecodeRgba(string diskPath)
    {
        if (!File.Exists(diskPath))
        {
            return null;
        }
        using var codec = SKCodec.Create(diskPath);
        if (codec is null)
        {
            return null;
        }
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            bitmap.Dispose();
            return null;
        }
        return bitmap;
    }

    /// <summary>
    /// An RGBA image of the given size: the centred region of the source (if given and decodable)
    /// with a slight warm tone, else a generated pattern seeded by <paramref name="seed"/>.
    /// </summary>
    public static SKBitmap Render(string? sourceDiskPath, string seed, int variant, int width, int height)
    {
        var target = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(target);
        using var source = sourceDiskPath is null ? null : DecodeRgba(sourceDiskPath);
        if (source is not null)
        {
            using var image = SKImage.FromBitmap(source);
            // Cover-fit: the largest centred region of the source with the target's aspect ratio.
            var scale = Math.Min(source.Width / (float)width, source.Height / (float)height);
            var cw = width * scale;
            var ch = height * scale;
            var src = SKRect.Create((source.Width - cw) / 2, (source.Height - ch) / 2, cw, ch);
            using var paint = new SKPaint { ColorFilter = WarmTone(variant) };
            canvas.DrawImage(image, src, SKRect.Create(0, 0, width, height), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear), paint);
        }
        else
        {
            DrawPattern(canvas, width, height, seed, variant);
        }
        canvas.Flush();
        return target;
    }

    public static byte[] EncodePng(SKBitmap bitmap)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>Output PNG of an image project: 1024×1024.</summary>
    /// <remarks>
    /// Rendering and encoding one costs about 0.3 s of CPU, and test suites render the same few inputs hundreds of
    /// times, so outputs drawn from a source image are kept per process, keyed by the source's bytes and the variant
    /// (the seed only matters for the pattern drawn when there is no source). The bytes are the same either way.
    /// </remarks>
    public static byte[] RenderPng(string? sourceDiskPath, string seed, int variant)
    {
        string? key = null;
        if (sourceDiskPath is not null && File.Exists(sourceDiskPath))
        {
            key = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(sourceDiskPath))) + "/" + variant.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (RenderedPngs.TryGetValue(key, out var cached)) return cached;
        }
        byte[] png;
        using (var bitmap = Render(sourceDiskPath, seed, variant, OutputSize, OutputSize))
        {
            png = EncodePng(bitmap);
        }
        if (key is not null)
        {
            if (RenderedPngs.Count >= MaxRenderedPngs) RenderedPngs.Clear();
            RenderedPngs.TryAdd(key, png);
        }
        return png;
    }

    private const int MaxRenderedPngs = 32;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte[]> RenderedPngs = new(StringComparer.Ordinal);

    /// <summary>Frames of an animation: the rendered base image with a bright disc moving left to right.</summary>
    public static List<SKBitmap> RenderFrames(string? sourceDiskPath, string seed, int width, int height, int count)
    {
        using var baseImage = Render(sourceDiskPath, seed, 0, width, height);
        var frames = new List<SKBitmap>(count);
        for (var i = 0; i < count; i++)
        {
            var frame = baseImage.Copy();
            using var canvas = new SKCanvas(frame);
            var t = count <= 1 ? 0.5f : i / (float)(count - 1);
            using var paint = new SKPaint { Color = new SKColor(255, 255, 255, 200), IsAntialias = true };
            var r = height / 8f;
            canvas.DrawCircle(r + t * (width - 2 * r), height - r * 1.5f, r, paint);
            canvas.Flush();
            frames.Add(frame);
        }
        return frames;
    }

    private static SKColorFilter WarmTone(int variant)
    {
        // Slightly more red, slightly less blue; later variants get a little warmer each.
        // Skia's colour-matrix offsets (5th column) are in 0..1 units, not 0..255: +6 and +2 levels are 6/255 and 2/255.
        var warm = 1.06f + 0.02f * variant;
        var cool = 0.90f - 0.03f * variant;
        float[] matrix =
        [
            warm, 0, 0, 0, 6 / 255f,
            0, 1.0f, 0, 0, 2 / 255f,
            0, 0, cool, 0, 0,
            0, 0, 0, 1, 0,
        ];
        return SKColorFilter.CreateColorMatrix(matrix);
    }

    private static void DrawPattern(SKCanvas canvas, int width, int height, string seed, int variant)
    {
        var hash = (uint)StableHash(seed) ^ (uint)(variant * 0x9E3779B9);
        var hue = hash % 360;
        var c1 = SKColor.FromHsl(hue, 60, 55);
        var c2 = SKColor.FromHsl((hue + 140) % 360, 55, 35);
        using (var shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(width, height), [c1, c2], SKShaderTileMode.Clamp))
        using (var paint = new SKPaint { Shader = shader })
        {
            canvas.DrawRect(0, 0, width, height, paint);
        }
        using var ring = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = Math.Max(2, width / 64f) };
        for (var i = 0; i < 6; i++)
        {
            ring.Color = SKColor.FromHsl((hue + 40 * i) % 360, 70, 75).WithAlpha(180);
            canvas.DrawCircle(width / 2f, height / 2f, (i + 1) * Math.Min(width, height) / 14f, ring);
        }
    }

    private static int StableHash(string s)
    {
        unchecked
        {
            var h = (int)2166136261;
            foreach (var ch in s)
            {
                h = (h ^ ch) * 16777619;
            }
            return h;
        }
    }
}
