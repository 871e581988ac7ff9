using System.Text;
using MagicHour.Generated;

namespace MagicHour.IntegrationTests;

/// <summary>Account, saved items and the video translator, end to end: SDK → HTTP → emulator → files on disk.</summary>
public class NewOperationsEmulatorTests
{
    [Test]
    public async Task Account_ShowsTheBalance_GoingDownWithEachCharge()
    {
        await using var emu = await Env.StartAsync(o => o.StartingCredits = 1_000);
        using var client = Env.Client(emu);
        using var dir = new TempDir();

        var before = await client.V1.Account.GetAsync();
        var result = await client.V1.AiHeadshotGenerator.GenerateAsync(Env.Headshot(dir.Portrait()), new GenerateOptions { DownloadOutputs = false });
        var after = await client.V1.Account.GetAsync();

        Assert.That(before.Credits, Is.EqualTo(1_000));
        Assert.That(after.Credits, Is.EqualTo(1_000 - result.CreditsCharged));
        Assert.That(after.Tier.IsKnown, Is.True);
        Assert.That(client.V1.Account.Get().Credits, Is.EqualTo(after.Credits), "the sync twin reads the same");
    }

    [Test]
    public async Task SavedItems_ListAll_ReturnsEverySeededItemOnce_AcrossPages()
    {
        await using var emu = await Env.StartAsync(o => o.SavedItemCount = 45);
        using var client = Env.Client(emu);

        var items = new List<SavedItem>();
        await foreach (var item in client.V1.SavedItems.ListAllAsync(limit: 10))
            items.Add(item);
        var firstPage = await client.V1.SavedItems.ListAsync(limit: 10);

        Assert.That(items, Has.Count.EqualTo(45));
        Assert.That(items.Select(i => i.Id).Distinct().Count(), Is.EqualTo(45));
        Assert.That(firstPage.Items.Select(i => i.Id), Is.EqualTo(items.Take(10).Select(i => i.Id)), "pages in list order");
        Assert.That(emu.GetStats().RequestsByRoute.Where(kv => kv.Key.StartsWith("GET /v1/saved-items")).Sum(kv => kv.Value), Is.EqualTo(5 + 1), "five pages of ten, then the single first page");
    }

    [Test]
    public async Task SavedItems_TypeFilter_ReachesTheServer()
    {
        await using var emu = await Env.StartAsync();
        using var client = Env.Client(emu);

        var voices = new List<SavedItem>();
        await foreach (var item in client.V1.SavedItems.ListAllAsync(SavedItemType.Voice))
            voices.Add(item);

        Assert.That(voices, Is.Not.Empty);
        Assert.That(voices.Select(v => v.Type), Has.All.EqualTo(SavedItemType.Voice));
    }

    [Test]
    public async Task SavedItem_FilePath_IsUsableAsAnInput_WithoutUploading()
    {
        await using var emu = await Env.StartAsync();
        using var client = Env.Client(emu);
        using var dir = new TempDir();
        var page = await client.V1.SavedItems.ListAsync(SavedItemType.Character, 1);
        var saved = page.Items.Single().Assets.First(a => a.MediaKind == SavedItemMediaKind.IMAGE);

        var result = await client.V1.AiHeadshotGenerator.GenerateAsync(Env.Headshot(saved.FilePath), new GenerateOptions { DownloadDirectory = dir.Sub("out") });

        Assert.That(Env.PngSize(result.DownloadedPaths.Single()), Is.EqualTo((1024, 1024)));
        Assert.That(result.UploadedFiles, Is.Empty, "a saved item's file_path is sent as-is");
    }

    [Test]
    public async Task VideoTranslator_UploadsTheLocalVideo_AndDownloadsAnMp4()
    {
        await using var emu = await Env.StartAsync();
        using var client = Env.Client(emu);
        using var dir = new TempDir();
        // A real MP4 to translate: the emulator's own image-to-video output.
        var clip = (await client.V1.ImageToVideo.GenerateAsync(
            new ImageToVideoCreateRequest { EndSeconds = 2, Assets = new() { ImageFilePath = dir.Portrait() } },
            new GenerateOptions { DownloadDirectory = dir.Sub("clip") })).DownloadedPaths.Single();
        var creditsBefore = emu.CreditsBalance;

        var result = await client.V1.AiVideoTranslator.GenerateAsync(
            new AiVideoTranslatorCreateRequest { EndSeconds = 2, TargetLanguage = AiVideoTranslatorTargetLanguage.Spanish, Assets = new() { VideoFilePath = clip } },
            new GenerateOptions { DownloadDirectory = dir.Sub("out") });

        Assert.That(result.Project!.Status, Is.EqualTo(ProjectStatus.Complete));
        Assert.That(result.UploadedFiles.Keys, Is.EqualTo(new[] { clip }));
        var bytes = File.ReadAllBytes(result.DownloadedPaths.Single());
        Assert.That(Encoding.ASCII.GetString(bytes, 4, 4), Is.EqualTo("ftyp"), "an MP4 file");
        Assert.That(emu.CreditsBalance, Is.EqualTo(creditsBefore - result.CreditsCharged));
        Assert.That(emu.GetStats().RequestsByRoute.Where(kv => kv.Key.StartsWith("POST /v1/ai-video-translator")).Sum(kv => kv.Value), Is.EqualTo(1));
    }

    [Test]
    public async Task VideoTranslator_Resume_FinishesWithoutASecondCreate()
    {
        await using var emu = await Env.StartAsync();
        using var client = Env.Client(emu);
        using var dir = new TempDir();
        var created = await client.V1.AiVideoTranslator.CreateAsync(new AiVideoTranslatorCreateRequest
        {
            EndSeconds = 3, TargetLanguage = AiVideoTranslatorTargetLanguage.French, Assets = new() { VideoFilePath = "https://example.invalid/talk.mp4" },
        });

        var result = await client.V1.AiVideoTranslator.ResumeAsync(created.Id, new GenerateOptions { DownloadDirectory = dir.Sub("out") });

        Assert.That(result.Project!.Status, Is.EqualTo(ProjectStatus.Complete));
        Assert.That(result.DownloadedPaths, Has.Count.EqualTo(1));
        Assert.That(emu.GetStats().ProjectsCreated, Is.EqualTo(1));
    }
}
