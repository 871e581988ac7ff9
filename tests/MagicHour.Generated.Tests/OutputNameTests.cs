using System.Net;
using System.Text;

namespace MagicHour.Generated.Tests;

/// <summary>Issue 11 rows 6 and 11: output names that fit the file system in bytes, and that show what they are.</summary>
public class OutputNameTests
{
    private static bool HasLoneSurrogate(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { i++; continue; }
            if (char.IsSurrogate(s[i])) return true;
        }
        return false;
    }

    // Row 6: 160 × é is 320 bytes; 149 CJK characters 447 bytes; 80 emoji 320 bytes (160 UTF-16 units): all over 255.
    [TestCase("é", 160)]
    [TestCase("漢", 149)]
    [TestCase("😀", 80)]
    [TestCase("e\u0301", 160)] // e + combining acute: one grapheme of two chars, never split
    public async Task LongNonAsciiName_IsSavedWithinTheByteLimit_AtACharacterBoundary_ExtensionKept(string unit, int count)
    {
        using var api = new FakeApi();
        using var dir = new TempDir();
        var name = string.Concat(Enumerable.Repeat(unit, count)) + ".png";
        var url = "https://storage.test/o/" + Uri.EscapeDataString(name);
        api.On(HttpMethod.Get, "https://api.test/v1/image-projects/p1", (HttpStatusCode.OK, FakeApi.Project("p1", "complete", FakeApi.Downloads(url))));
        api.On(HttpMethod.Get, "https://storage.test/o/*", () => FakeApi.Bytes([7, 7, 7]));
        dir.File("taken.png", [1]);

        var result = await api.CreateClient().V1.AiHeadshotGenerator.ResumeAsync("p1", new GenerateOptions { DownloadDirectory = dir.Path });

        var saved = Path.GetFileName(result.DownloadedPaths.Single());
        Assert.That(File.ReadAllBytes(result.DownloadedPaths.Single()), Is.EqualTo(new byte[] { 7, 7, 7 }));
        Assert.That(Encoding.UTF8.GetByteCount(saved), Is.LessThanOrEqualTo(200), "room left for -n and the temp name within 255 bytes");
        Assert.That(saved, Does.EndWith(".png"));
        Assert.That(HasLoneSurrogate(saved), Is.False);
        var stem = saved[..^4];
        Assert.That(stem.Length % unit.Length, Is.Zero, "cut between whole characters (graphemes), not inside one");
        Assert.That(stem, Is.EqualTo(string.Concat(Enumerable.Repeat(unit, stem.Length / unit.Length))));
    }

    [Test]
    public async Task LongNonAsciiName_ThatIsTaken_GetsASuffix_StillWithinTheLimit()
    {
        using var api = new FakeApi();
        using var dir = new TempDir();
        var url = "https://storage.test/o/" + Uri.EscapeDataString(new string('é', 160) + ".png");
        api.On(HttpMethod.Get, "https://api.test/v1/image-projects/p1", (HttpStatusCode.OK, FakeApi.Project("p1", "complete", FakeApi.Downloads(url, url + "?copy=2"))));
        api.On(HttpMethod.Get, "https://storage.test/o/*", () => FakeApi.Bytes([7]));

        var result = await api.CreateClient().V1.AiHeadshotGenerator.ResumeAsync("p1", new GenerateOptions { DownloadDirectory = dir.Path });

        Assert.That(result.DownloadedPaths, Has.Count.EqualTo(2));
        Assert.That(result.DownloadedPaths.Select(p => Encoding.UTF8.GetByteCount(Path.GetFileName(p))), Has.All.LessThanOrEqualTo(255));
        Assert.That(result.DownloadedPaths[1], Does.EndWith("-1.png"));
    }

    // Row 11: format (Cf) characters and line/paragraph separators are removed, not kept invisible.
    [TestCase("invoice%E2%80%AEgnp.exe", "invoicegnp.exe")]
    [TestCase("a%E2%80%8Bb.png", "ab.png")]
    [TestCase("%EF%BB%BFbom.png", "bom.png")]
    [TestCase("line%E2%80%A8sep.png", "linesep.png")]
    [TestCase("para%E2%80%A9sep.png", "parasep.png")]
    [TestCase("%E2%81%A6isolate%E2%81%A9.png", "isolate.png")]
    [TestCase("caf%C3%A9.png", "café.png")]
    public void FormatAndSeparatorCharacters_AreRemoved(string segment, string expected)
    {
        Assert.That(FileNameSanitizer.FromUrl(new Uri("https://s.test/o/" + segment)), Is.EqualTo(expected));
    }

    // Row 11: every form Windows treats as a device: any extension, trailing spaces or dots, CONIN$, COM0, superscripts.
    [TestCase("CON.tar.gz", "_CON.tar.gz")]
    [TestCase("NUL..png", "_NUL..png")]
    [TestCase("AUX .png", "_AUX .png")]
    [TestCase("CONIN$", "_CONIN$")]
    [TestCase("conout$.txt", "_conout$.txt")]
    [TestCase("COM0", "_COM0")]
    [TestCase("LPT0.log", "_LPT0.log")]
    [TestCase("COM¹", "_COM¹")]
    [TestCase("lpt³.png", "_lpt³.png")]
    [TestCase("prn", "_prn")]
    [TestCase("CONSOLE.png", "CONSOLE.png")]
    [TestCase("COM10.png", "COM10.png")]
    public void WindowsDeviceNames_InEveryForm_AreMadeSafe(string name, string expected)
    {
        Assert.That(FileNameSanitizer.Sanitize(name), Is.EqualTo(expected));
    }

    [Test]
    public async Task BidiOverrideName_IsSavedWithoutTheOverride()
    {
        using var api = new FakeApi();
        using var dir = new TempDir();
        api.On(HttpMethod.Get, "https://api.test/v1/image-projects/p1",
            (HttpStatusCode.OK, FakeApi.Project("p1", "complete", FakeApi.Downloads("https://storage.test/o/invoice%E2%80%AEgnp.exe"))));
        api.On(HttpMethod.Get, "https://storage.test/o/*", () => FakeApi.Bytes([1]));

        var result = await api.CreateClient().V1.AiHeadshotGenerator.ResumeAsync("p1", new GenerateOptions { DownloadDirectory = dir.Path });

        Assert.That(dir.Entries(), Is.EqualTo(new[] { "invoicegnp.exe" }));
        Assert.That(result.DownloadedPaths.Single().IndexOf('\u202E', StringComparison.Ordinal), Is.EqualTo(-1));
    }
}
