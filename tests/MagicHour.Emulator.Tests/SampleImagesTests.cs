using SkiaSharp;

namespace MagicHour.Emulator.Tests;

[TestFixture]
public sealed class SampleImagesTests
{
    private static string RepoFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        Assert.Fail($"{relative} not found above {AppContext.BaseDirectory}");
        return null!;
    }

    [Test]
    public void The_committed_portrait_is_a_small_512_png_with_a_face()
    {
        var path = RepoFile("tools/samples/portrait.png");
        Assert.That(new FileInfo(path).Length, Is.LessThan(100 * 1024));
        using var bitmap = SKBitmap.Decode(path);
        Assert.That(bitmap.Width, Is.EqualTo(512));
        Assert.That(bitmap.Height, Is.EqualTo(512));
        Assert.That(ImageTools.IsSingleColour(path), Is.False);
        // Background corner is plain, the middle of the face is skin tone.
        Assert.That(bitmap.GetPixel(5, 5), Is.EqualTo(new SKColor(0xFFCFE3F2)));
        var skin = bitmap.GetPixel(256, 300);
        Assert.That(skin.Red, Is.GreaterThan(skin.Blue));
    }

    [Test]
    public void Generated_portrait_matches_the_committed_drawing_in_size()
    {
        using var fresh = SKBitmap.Decode(SampleImages.PortraitPng());
        using var committed = SKBitmap.Decode(RepoFile("tools/samples/portrait.png"));
        Assert.That(fresh.Width, Is.EqualTo(committed.Width));
        var differing = 0;
        for (var y = 0; y < 512; y += 8)
        {
            for (var x = 0; x < 512; x += 8)
            {
                if (fresh.GetPixel(x, y) != committed.GetPixel(x, y))
                {
                    differing++;
                }
            }
        }
        Assert.That(differing, Is.LessThan(40), "the committed file is the generator's output (regenerate it after drawing changes)");
    }

    [Test]
    public void Single_colour_images_are_faceless_within_the_documented_tolerance()
    {
        var dir = Directory.CreateTempSubdirectory("mh-faceless-");
        try
        {
            var flat = Path.Combine(dir.FullName, "flat.png");
            File.WriteAllBytes(flat, SampleImages.SingleColourPng(40, 30, 10, 20, 30));
            Assert.That(ImageTools.IsSingleColour(flat), Is.True);

            // A pixel 8 away on one channel is still "one colour"; 9 away is not.
            foreach (var (delta, faceless) in new[] { (ImageTools.FacelessTolerance, true), (ImageTools.FacelessTolerance + 1, false) })
            {
                using var bitmap = new SKBitmap(new SKImageInfo(20, 20, SKColorType.Rgba8888, SKAlphaType.Unpremul));
                bitmap.Erase(new SKColor(100, 100, 100));
                bitmap.SetPixel(7, 7, new SKColor((byte)(100 + delta), 100, 100));
                var file = Path.Combine(dir.FullName, $"d{delta}.png");
                File.WriteAllBytes(file, ImageTools.EncodePng(bitmap));
                Assert.That(ImageTools.IsSingleColour(file), Is.EqualTo(faceless), $"delta {delta}");
            }

            var notAnImage = Path.Combine(dir.FullName, "x.png");
            File.WriteAllText(notAnImage, "hello");
            Assert.That(ImageTools.IsSingleColour(notAnImage), Is.False, "undecodable files count as having a face");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
