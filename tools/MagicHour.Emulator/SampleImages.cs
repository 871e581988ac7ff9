using SkiaSharp;

namespace MagicHour.Emulator;

/// <summary>
/// Test inputs drawn in code: a cartoon portrait (has a "face" for the emulator) and single-colour
/// images (treated as faceless). The committed tools/samples/portrait.png is <see cref="PortraitPng"/> at 512.
/// </summary>
public static class SampleImages
{
    /// <summary>A simple stylised portrait (skin-tone oval, hair, eyes, brows, nose, smile) on a plain background, as PNG.</summary>
    public static byte[] PortraitPng(int size = 512) => (byte[])Portraits.GetOrAdd(size, DrawPortraitPng).Clone();

    // Drawn once per size and process (tests ask for it constantly); callers get their own copy of the bytes.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, byte[]> Portraits = new();

    private static byte[] DrawPortraitPng(int size)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Scale(size / 512f);
            DrawPortrait(canvas);
        }
        return ImageTools.EncodePng(bitmap);
    }

    /// <summary>A PNG whose pixels all have one colour: the emulator finds no face in it.</summary>
    public static byte[] SingleColourPng(int width = 256, int height = 256, byte red = 200, byte green = 200, byte blue = 200)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        bitmap.Erase(new SKColor(red, green, blue));
        return ImageTools.EncodePng(bitmap);
    }

    private static void DrawPortrait(SKCanvas c)
    {
        static SKPaint Fill(uint argb) => new() { Color = new SKColor(argb), IsAntialias = true, Style = SKPaintStyle.Fill };
        static SKPaint Stroke(uint argb, float width) => new()
        {
            Color = new SKColor(argb), IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = width, StrokeCap = SKStrokeCap.Round,
        };

        using var background = Fill(0xFFCFE3F2);
        using var shirt = Fill(0xFF3F6E9E);
        using var skin = Fill(0xFFF1C7A0);
        using var skinShade = Fill(0xFFE3B089);
        using var hair = Fill(0xFF4A2E1F);
        using var eyeWhite = Fill(0xFFFFFFFF);
        using var iris = Fill(0xFF3C6E47);
        using var pupil = Fill(0xFF1A1A1A);
        using var brow = Stroke(0xFF3B2418, 9);
        using var nose = Stroke(0xFFC9936B, 5);
        using var mouth = Stroke(0xFFA2413C, 8);
        using var cheek = Fill(0x40E86A6A);

        c.DrawRect(0, 0, 512, 512, background);
        // Shoulders and neck.
        c.DrawRoundRect(SKRect.Create(96, 400, 320, 200), 120, 120, shirt);
        c.DrawRect(SKRect.Create(216, 340, 80, 80), skinShade);
        // Hair behind the head.
        c.DrawOval(new SKPoint(256, 222), new SKSize(150, 170), hair);
        // Ears.
        c.DrawOval(new SKPoint(142, 250), new SKSize(22, 34), skinShade);
        c.DrawOval(new SKPoint(370, 250), new SKSize(22, 34), skinShade);
        // Face.
        c.DrawOval(new SKPoint(256, 250), new SKSize(118, 148), skin);
        // Fringe.
        using (var fringe = new SKPathBuilder())
        {
            fringe.MoveTo(132, 215);
            fringe.CubicTo(140, 40, 372, 40, 380, 215);
            fringe.CubicTo(330, 150, 240, 140, 170, 170);
            fringe.Close();
            using var path = fringe.Detach();
            c.DrawPath(path, hair);
        }
        // Eyes.
        foreach (var x in new[] { 208f, 304f })
        {
            c.DrawOval(new SKPoint(x, 248), new SKSize(28, 18), eyeWhite);
            c.DrawCircle(x, 249, 13, iris);
            c.DrawCircle(x, 249, 6, pupil);
            var inward = x < 256 ? 1 : -1; // brows dip slightly towards the nose
            c.DrawLine(x - 27 * inward, 204, x + 27 * inward, 210, brow);
        }
        // Nose and mouth.
        using (var nosePath = new SKPathBuilder())
        {
            nosePath.MoveTo(256, 262);
            nosePath.LineTo(244, 312);
            nosePath.LineTo(262, 316);
            using var path = nosePath.Detach();
            c.DrawPath(path, nose);
        }
        c.DrawOval(new SKPoint(182, 310), new SKSize(22, 14), cheek);
        c.DrawOval(new SKPoint(330, 310), new SKSize(22, 14), cheek);
        using (var smile = new SKPathBuilder())
        {
            smile.MoveTo(212, 344);
            smile.QuadTo(256, 380, 300, 344);
            using var path = smile.Detach();
            c.DrawPath(path, mouth);
        }
    }
}
