using System.Text;
using MagicHour.Generated;

namespace MagicHour.IntegrationTests;

/// <summary>Generate for a video, an audio and a two-input image endpoint, end to end on the emulator.</summary>
public class AllKindsEmulatorTests
{
    [Test]
    public async Task ImageToVideo_UploadsTheImage_AndDownloadsAnMp4()
    {
        await using var emu = await Env.StartAsync();
        using var client = Env.Client(emu);
        using var dir = new TempDir();

        var result = await client.V1.ImageToVideo.GenerateAsync(
            new ImageToVideoCreateRequest { EndSeconds = 2, Assets = new() { ImageFilePath = dir.Portrait() } },
            new GenerateOptions { DownloadDirectory = dir.Sub("out") });

        Assert.That(result.Project!.Status, Is.EqualTo(ProjectStatus.Complete));
        var bytes = File.ReadAllBytes(result.DownloadedPaths.Single());
        Assert.That(Encoding.ASCII.GetString(bytes, 4, 4), Is.EqualTo("ftyp"), "an MP4 file");
        Assert.That(emu.GetStats().UploadsCompleted, Is.EqualTo(1));
    }

    [Test]
    public async Task AiVoiceGenerator_DownloadsAWav()
    {
        await using var emu = await Env.StartAsync();
        using var client = Env.Client(emu);
        using var dir = new TempDir();

        var result = await client.V1.AiVoiceGenerator.GenerateAsync(
            new AiVoiceGeneratorCreateRequest { Style = new() { Prompt = "Hello from the emulator", VoiceName = AiVoiceGeneratorVoiceName.KnownValues[0] } },
            new GenerateOptions { DownloadDirectory = dir.Sub("out") });

        var bytes = File.ReadAllBytes(result.DownloadedPaths.Single());
        Assert.That(Encoding.ASCII.GetString(bytes, 0, 4), Is.EqualTo("RIFF"));
        Assert.That(Encoding.ASCII.GetString(bytes, 8, 4), Is.EqualTo("WAVE"));
        Assert.That(emu.GetStats().UploadUrlsIssued, Is.EqualTo(0), "no file inputs, no uploads");
    }

    [Test]
    public async Task FaceSwapPhoto_UploadsBothImages_InOneRequest()
    {
        await using var emu = await Env.StartAsync();
        using var client = Env.Client(emu);
        using var dir = new TempDir();

        var result = await client.V1.FaceSwapPhoto.GenerateAsync(
            new FaceSwapPhotoCreateRequest { Assets = new() { SourceFilePath = dir.Portrait("face.png"), TargetFilePath = dir.Portrait("target.png") } },
            new GenerateOptions { DownloadDirectory = dir.Sub("out") });

        Assert.That(Env.PngSize(result.DownloadedPaths.Single()).Width, Is.GreaterThan(0));
        Assert.That(result.UploadedFiles, Has.Count.EqualTo(2));
        var stats = emu.GetStats();
        Assert.That(stats.UploadsCompleted, Is.EqualTo(2));
        Assert.That(stats.RequestsByRoute.Where(kv => kv.Key.StartsWith("POST /v1/files/upload-urls")).Sum(kv => kv.Value), Is.EqualTo(1));
        Assert.That(stats.ProjectsCreated, Is.EqualTo(1));
    }
}
