using System.Net;

namespace MagicHour.Generated.Tests;

/// <summary>The whole Generate workflow against a faked server.</summary>
public class WorkflowTests
{
    private static readonly byte[] Portrait = [0x89, 0x50, 0x4E, 0x47, 1, 2, 3];
    private static readonly byte[] Headshot = [0x89, 0x50, 0x4E, 0x47, 9, 9, 9, 9];

    /// <summary>
    /// The Quick start's call on a scripted server: what goes on the wire, in order, and what lands on disk. (The README's
    /// own snippets are compiled and run as pasted by MagicHour.PackageTests' ReadmeSnippetTests.)
    /// </summary>
    [Test]
    public async Task Generate_UploadsCreatesWaitsAndDownloads_InThatOrder()
    {
        using var api = new FakeApi();
        using var dir = new TempDir();
        api.ScriptHeadshot("cuid-1", Headshot, "queued", "rendering", "complete");
        var photo = dir.File("1234.png", Portrait);
        var outputs = Path.Combine(dir.Path, "outputs");
        var key = FakeApi.ApiKey;

        using var client = new MagicHourClient(new MagicHourClientOptions { ApiKey = key, BaseUrl = FakeApi.BaseUrl, Transport = api.Mock, PollInterval = TimeSpan.FromMilliseconds(1) });
        var result = await client.V1.AiHeadshotGenerator.GenerateAsync(
            new AiHeadshotGeneratorCreateRequest { Name = "Ai Headshot image", Assets = new() { ImageFilePath = photo } },
            new GenerateOptions { WaitForCompletion = true, DownloadOutputs = true, DownloadDirectory = outputs });

        Assert.That(result.Project!.Status, Is.EqualTo(ProjectStatus.Complete));
        Assert.That(result.DownloadedPaths, Is.EqualTo(new[] { Path.Combine(outputs, "headshot.png") }));
        Assert.That(File.ReadAllBytes(result.DownloadedPaths[0]), Is.EqualTo(Headshot));
        Assert.That(result.ProjectId, Is.EqualTo("cuid-1"));
        Assert.That(result.CreditsCharged, Is.EqualTo(50));
        Assert.That(result.UploadedFiles[photo], Is.EqualTo("api-assets/u1/in.png"));

        // Order on the wire: slot, PUT, create, polls, download.
        var order = api.Requests.Select(r => $"{r.Method} {r.Uri.Host}{r.Uri.AbsolutePath}").ToList();
        Assert.That(order, Is.EqualTo(new[]
        {
            "POST api.test/v1/files/upload-urls",
            "PUT storage.test/upload/api-assets/u1/in.png",
            "POST api.test/v1/ai-headshot-generator",
            "GET api.test/v1/image-projects/cuid-1",
            "GET api.test/v1/image-projects/cuid-1",
            "GET api.test/v1/image-projects/cuid-1",
            "GET storage.test/download/cuid-1/headshot.png",
        }));
        Assert.That(api.To(HttpMethod.Post, "ai-headshot-generator").Single().BodyText,
            Is.EqualTo("""{"name":"Ai Headshot image","assets":{"image_file_path":"api-assets/u1/in.png"}}"""));
    }

    [Test]
    public async Task Generate_DoesNotModifyTheCallersRequest()
    {
        using var api = new FakeApi();
        using var dir = new TempDir();
        api.ScriptHeadshot("p1", Headshot, "complete");
        var photo = dir.File("me.jpg", Portrait);
        var request = new AiHeadshotGeneratorCreateRequest { Assets = new() { ImageFilePath = photo } };

        await api.CreateClient().V1.AiHeadshotGenerator.GenerateAsync(request, new GenerateOptions { DownloadDirectory = dir.Path });

        Assert.That(request.Assets.ImageFilePath, Is.EqualTo(photo));
    }

    [Test]
    public async Task RemoteInput_IsNotUploaded()
    {
        using var api = new FakeApi();
        using var dir = new TempDir();
        api.ScriptHeadshot("p1", Headshot, "complete");

        await api.CreateClient().V1.AiHeadshotGenerator.GenerateAsync(
            new AiHeadshotGeneratorCreateRequest { Assets = new() { ImageFilePath = "https://cdn.example.com/me.png?x=1#y" } },
            new GenerateOptions { DownloadDirectory = dir.Path });

        Assert.That(api.To(HttpMethod.Post, "upload-urls"), Is.Empty);
        Assert.That(api.To(HttpMethod.Post, "ai-headshot-generator").Single().BodyText, Does.Contain("\"https://cdn.example.com/me.png?x=1#y\""));
    }

    [Test]
    public async Task NoWait_ReturnsRightAfterCreate()
    {
        using var api = new FakeApi();
        api.ScriptHeadshot("p1", Headshot, "complete");
        var result = await api.CreateClient().V1.AiHeadshotGenerator.GenerateAsync(
            new AiHeadshotGeneratorCreateRequest { Assets = new() { ImageFilePath = "api-assets/a.png" } },
            new GenerateOptions { WaitForCompletion = false });
        Assert.That(result.ProjectId, Is.EqualTo("p1"));
        Assert.That(result.Project, Is.Null);
        Assert.That(api.To(HttpMethod.Get, "image-projects"), Is.Empty);
    }

    [Test]
    public void BadLocalFile_FailsBeforeAnyRequest()
    {
        using var api = new FakeApi();
        var ex = Assert.ThrowsAsync<FileNotFoundException>(() => api.CreateClient().V1.AiHeadshotGenerator.GenerateAsync(
            new AiHeadshotGeneratorCreateRequest { Assets = new() { ImageFilePath = "/no/such/photo.png" } }));
        Assert.That(ex!.Message, Does.Contain("/no/such/photo.png").And.Contain("$.assets.image_file_path"));
        Assert.That(api.Requests, Is.Empty, "no credit spent on bad input");
    }

    [Test]
    public void BadOptions_FailBeforeAnyRequest()
    {
        using var api = new FakeApi();
        var request = new AiHeadshotGeneratorCreateRequest { Assets = new() { ImageFilePath = "api-assets/a.png" } };
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => api.CreateClient().V1.AiHeadshotGenerator.GenerateAsync(request, new GenerateOptions { Timeout = TimeSpan.Zero }));
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => api.CreateClient().V1.AiHeadshotGenerator.GenerateAsync(request, new GenerateOptions { Timeout = TimeSpan.FromSeconds(-1) }));
        Assert.That(api.Requests, Is.Empty);
    }

    [Test]
    public void FailureAfterCreate_CarriesProjectIdAndCredits_AndResumeFinishesWithoutCreating()
    {
        using var api = new FakeApi();
        using var dir = new TempDir();
        api.ScriptHeadshot("p9", Headshot, "rendering");
        var client = api.CreateClient();

        var ex = Assert.ThrowsAsync<MagicHourException>(() => client.V1.AiHeadshotGenerator.GenerateAsync(
            new AiHeadshotGeneratorCreateRequest { Assets = new() { ImageFilePath = "api-assets/a.png" } },
            new GenerateOptions { Timeout = TimeSpan.FromMilliseconds(30), DownloadDirectory = dir.Path }));
        Assert.That(ex!.ProjectId, Is.EqualTo("p9"));
        Assert.That(ex.CreditsCharged, Is.EqualTo(50));
        Assert.That(ex.Kind, Is.EqualTo(MagicHourErrorKind.Timeout));
    }

    [Test]
    public async Task Resume_FinishesAnExistingProjectWithoutCreating()
    {
        using var api = new FakeApi();
        using var dir = new TempDir();
        api.ScriptHeadshot("p9", Headshot, "complete");
        var result = await api.CreateClient().V1.AiHeadshotGenerator.ResumeAsync("p9", new GenerateOptions { DownloadDirectory = dir.Path });
        Assert.That(File.ReadAllBytes(result.DownloadedPaths.Single()), Is.EqualTo(Headshot));
        Assert.That(api.To(HttpMethod.Post, "ai-headshot-generator"), Is.Empty);
    }

    [Test]
    public void CancelWhileWaiting_ThrowsWithProjectId()
    {
        using var api = new FakeApi();
        using var cts = new CancellationTokenSource();
        api.ScriptHeadshot("p5", Headshot, "rendering");
        var client = api.CreateClient();
        var polls = 0;
        var progress = new SyncProgress(p => { if (p.Stage == GenerateStage.Waiting && p.Status is not null && ++polls >= 1) cts.Cancel(); });

        var ex = Assert.ThrowsAsync<MagicHourCanceledException>(() => client.V1.AiHeadshotGenerator.GenerateAsync(
            new AiHeadshotGeneratorCreateRequest { Assets = new() { ImageFilePath = "api-assets/a.png" } },
            new GenerateOptions { Progress = progress }, cts.Token));
        Assert.That(ex!.ProjectId, Is.EqualTo("p5"));
        Assert.That(api.To(HttpMethod.Post, "ai-headshot-generator").Count(), Is.EqualTo(1));
    }

    [Test]
    public void CancelBeforeStart_SendsNothing()
    {
        using var api = new FakeApi();
        Assert.CatchAsync<OperationCanceledException>(() => api.CreateClient().V1.AiHeadshotGenerator.GenerateAsync(
            new AiHeadshotGeneratorCreateRequest { Assets = new() { ImageFilePath = "api-assets/a.png" } }, null, new CancellationToken(true)));
        Assert.That(api.Requests, Is.Empty);
    }
}

public class RequestValidationTests
{
    [Test]
    public void MissingRequiredEnum_AndTooManyItems_AreReportedBeforeAnyRequest()
    {
        using var api = new FakeApi();
        var client = api.CreateClient();

        var voice = Assert.ThrowsAsync<ArgumentException>(() => client.V1.AiVoiceGenerator.GenerateAsync(
            new AiVoiceGeneratorCreateRequest { Style = new() { Prompt = "hello", VoiceName = default } }));
        Assert.That(voice!.Message, Does.Contain("$.style.voice_name is required"));

        var editor = Assert.ThrowsAsync<ArgumentException>(() => client.V1.AiImageEditor.GenerateAsync(
            new AiImageEditorCreateRequest { Style = new() { Prompt = "x" }, Assets = new() { ImageFilePaths = Enumerable.Range(0, 11).Select(i => $"https://e.com/{i}.png").ToList() } }));
        Assert.That(editor!.Message, Does.Contain("image_file_paths"));

        var empty = Assert.ThrowsAsync<ArgumentException>(() => client.V1.AiHeadshotGenerator.GenerateAsync(
            new AiHeadshotGeneratorCreateRequest { Assets = new() { ImageFilePath = "" } }));
        Assert.That(empty!.Message, Does.Contain("image_file_path"));

        Assert.That(api.Requests, Is.Empty);
    }
}
