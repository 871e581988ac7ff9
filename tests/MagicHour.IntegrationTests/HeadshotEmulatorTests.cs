using MagicHour.Emulator;
using MagicHour.Generated;
using SkiaSharp;

namespace MagicHour.IntegrationTests;

/// <summary>The SDK against the real HTTP emulator on loopback.</summary>
public class HeadshotEmulatorTests
{
    [Test]
    public async Task FullWorkflow_WritesADecodableHeadshot()
    {
        await using var emu = await Env.StartAsync();
        using var client = Env.Client(emu);
        using var dir = new TempDir();

        var result = await client.V1.AiHeadshotGenerator.GenerateAsync(Env.Headshot(dir.Portrait()), new GenerateOptions { DownloadDirectory = dir.Sub("out") });

        Assert.That(result.Project!.Status, Is.EqualTo(ProjectStatus.Complete));
        Assert.That(result.CreditsCharged, Is.EqualTo(50));
        Assert.That(Env.PngSize(result.DownloadedPaths.Single()), Is.EqualTo((1024, 1024)));
        var stats = emu.GetStats();
        Assert.That(stats.ProjectsCreated, Is.EqualTo(1));
        Assert.That(stats.CreditsCharged, Is.EqualTo(50));
        Assert.That(stats.UploadsCompleted, Is.EqualTo(1));
        Assert.That(stats.StorageRequestsWithAuthorization, Is.EqualTo(0));
    }

    [Test]
    public async Task Output_KeepsTheSamplePortraitsColours_TheBlueShirtStaysBlue()
    {
        await using var emu = await Env.StartAsync();
        using var client = Env.Client(emu);
        using var dir = new TempDir();
        var portrait = dir.File("portrait.png", File.ReadAllBytes(SamplePortraitPath()));

        var result = await client.V1.AiHeadshotGenerator.GenerateAsync(Env.Headshot(portrait), new GenerateOptions { DownloadDirectory = dir.Sub("out") });

        using var output = SKBitmap.Decode(result.DownloadedPaths.Single());
        Assert.That(output, Is.Not.Null, "the output decodes as an image");
        Assert.That((output.Width, output.Height), Is.EqualTo((1024, 1024)));
        // The shirt of tools/samples/portrait.png is #3F6E9E. The emulator's "slight warm tone" must keep it blue;
        // colour-matrix offsets given in 0-255 units instead of Skia's 0-1 saturate red and green (a yellow image).
        var shirt = output.GetPixel(output.Width / 2, output.Height * 93 / 100);
        Assert.That((int)shirt.Blue, Is.GreaterThan(shirt.Red + 40), $"shirt pixel {shirt} should still be blue");
    }

    /// <summary>tools/samples/portrait.png, found by walking up from the test's output directory.</summary>
    private static string SamplePortraitPath()
    {
        for (var d = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); d is not null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, "tools", "samples", "portrait.png");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException("tools/samples/portrait.png not found above " + TestContext.CurrentContext.TestDirectory);
    }

    [Test]
    public async Task StorageOnAnotherHost_NeverSeesTheKey()
    {
        await using var emu = await Env.StartAsync(o => o.StorageHost = "localhost");
        using var client = Env.Client(emu);
        using var dir = new TempDir();
        var result = await client.V1.AiHeadshotGenerator.GenerateAsync(Env.Headshot(dir.Portrait()), new GenerateOptions { DownloadDirectory = dir.Sub("out") });
        Assert.That(File.Exists(result.DownloadedPaths.Single()), Is.True);
        var stats = emu.GetStats();
        Assert.That(stats.UploadsCompleted + stats.DownloadsServed, Is.GreaterThanOrEqualTo(2));
        Assert.That(stats.StorageRequestsWithAuthorization, Is.EqualTo(0));
    }

    [Test]
    public async Task WrongKey_Is401_AndNothingIsCreated()
    {
        await using var emu = await Env.StartAsync();
        using var client = Env.Client(emu, o => o.ApiKey = "wrong");
        using var dir = new TempDir();
        var ex = Assert.CatchAsync<MagicHourException>(() => client.V1.AiHeadshotGenerator.GenerateAsync(Env.Headshot(dir.Portrait())));
        Assert.That(ex!.Kind, Is.EqualTo(MagicHourErrorKind.Unauthorized));
        Assert.That(ex.ApiMessage, Is.EqualTo("Unauthorized"));
        Assert.That(ex.Message, Does.Not.Contain("wrong"));
        Assert.That(emu.GetStats().ProjectsCreated, Is.EqualTo(0));
    }

    [Test]
    public async Task NotEnoughCredits_Is402()
    {
        await using var emu = await Env.StartAsync(o => o.StartingCredits = 10);
        using var client = Env.Client(emu);
        var ex = Assert.CatchAsync<MagicHourException>(() => client.V1.AiHeadshotGenerator.CreateAsync(Env.Headshot("https://example.com/me.png")));
        Assert.That(ex!.Kind, Is.EqualTo(MagicHourErrorKind.PaymentRequired));
        Assert.That(emu.GetStats().ProjectsCreated, Is.EqualTo(0));
    }

    [Test]
    public async Task UnknownStoragePath_Is422()
    {
        await using var emu = await Env.StartAsync();
        using var client = Env.Client(emu);
        var ex = Assert.CatchAsync<MagicHourException>(() => client.V1.AiHeadshotGenerator.CreateAsync(Env.Headshot("api-assets/never/uploaded.png")));
        Assert.That(ex!.Kind, Is.EqualTo(MagicHourErrorKind.UnprocessableEntity));
        Assert.That(ex.ApiMessage, Is.Not.Empty);
    }

    [Test]
    public async Task FacelessInput_EndsInError_WithRefund()
    {
        await using var emu = await Env.StartAsync();
        using var client = Env.Client(emu);
        using var dir = new TempDir();
        var blank = dir.File("blank.png", SampleImages.SingleColourPng());

        var ex = Assert.ThrowsAsync<MagicHourProjectFailedException>(() => client.V1.AiHeadshotGenerator.GenerateAsync(Env.Headshot(blank), new GenerateOptions { DownloadDirectory = dir.Sub("out") }));

        Assert.That(ex!.ErrorCode, Is.EqualTo("no_source_face"));
        Assert.That(ex.ProjectId, Is.Not.Null);
        Assert.That(emu.GetStats().CreditsRefunded, Is.EqualTo(50));
        Assert.That(dir.Entries("out"), Is.Empty);
    }

    [Test]
    public async Task Delete_ThenGet_Is404()
    {
        await using var emu = await Env.StartAsync();
        using var client = Env.Client(emu);
        var created = await client.V1.AiHeadshotGenerator.CreateAsync(Env.Headshot("https://example.com/me.png"));
        await client.V1.ImageProjects.DeleteAsync(created.Id);
        var ex = Assert.CatchAsync<MagicHourException>(() => client.V1.ImageProjects.GetAsync(created.Id));
        Assert.That(ex!.Kind, Is.EqualTo(MagicHourErrorKind.NotFound));
    }
}
