using System.Buffers.Binary;

namespace MagicHour.Cli.Tests;

/// <summary>Generation commands end to end: the README's headshot, output streams, --json, --no-wait, --dry-run, input checks.</summary>
public class GenerationCommandTests
{
    private static (int Width, int Height) PngSize(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.That(bytes[1..4], Is.EqualTo("PNG"u8.ToArray()), path);
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }

    [Test]
    public async Task ReadmeHeadshot_OnTheEmulator_SavesTheImage_ResultOnStdout_ProgressOnStderr()
    {
        using var dir = new TempDir();
        var run = await Cli.Run(["headshot", dir.Portrait(), "--emulator", "--out", dir.Sub("outputs")], new CliEnv());
        Assert.That(run.Code, Is.EqualTo(ExitCodes.Ok), run.ToString());
        var saved = dir.Files("outputs").Single();
        Assert.That(PngSize(saved), Is.EqualTo((1024, 1024)));
        Assert.That(run.Out, Does.Contain("Saved " + saved).And.Contain("complete"));
        Assert.That(run.Out, Does.Not.Contain("Uploading").And.Not.Contain("rendering"));
        Assert.That(run.Err, Does.Contain("Uploading portrait.png").And.Contain("Creating project"));
    }

    [Test]
    public async Task Emulator_NeverClaimsRealCredits()
    {
        using var dir = new TempDir();
        var run = await Cli.Run(["image", "headshot", dir.Portrait(), "--emulator", "--out", dir.Sub("o")], new CliEnv());
        Assert.That(run.Code, Is.EqualTo(ExitCodes.Ok), run.ToString());
        Assert.That(run.Out, Does.Not.Contain("credits charged").And.Contain("nothing real was charged"));
        Assert.That(run.Err, Does.Contain("nothing is charged"));
    }

    [Test]
    public async Task RealApi_SaysCreditsCharged()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var dir = new TempDir();
        var run = await Cli.Run(emulator.With("headshot", dir.Portrait(), "--out", dir.Sub("o")), new CliEnv());
        Assert.That(run.Out, Does.Contain("50 credits charged"), run.ToString());
    }

    [Test]
    public async Task Json_StdoutIsOneDocument_WithTheProject()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var dir = new TempDir();
        var run = await Cli.Run(emulator.With("image", "ai-headshot-generator", dir.Portrait(), "--out", dir.Sub("o"), "--json", "--prompt", "studio", "--name", "me"), new CliEnv());
        Assert.That(run.Code, Is.EqualTo(ExitCodes.Ok), run.ToString());
        var json = run.Json;
        Assert.That(json.GetProperty("status").GetString(), Is.EqualTo("complete"));
        Assert.That(json.GetProperty("credits_charged").GetInt32(), Is.EqualTo(50));
        Assert.That(json.GetProperty("emulated").GetBoolean(), Is.False);
        Assert.That(json.GetProperty("downloaded_paths")[0].GetString(), Is.EqualTo(dir.Files("o").Single()));
        var id = json.GetProperty("project_id").GetString()!;
        Assert.That(json.GetProperty("project").GetProperty("id").GetString(), Is.EqualTo(id));
        Assert.That(emulator.Emulator.GetProject(id)!.Name, Is.EqualTo("me"));
    }

    [Test]
    public async Task NoWait_PrintsOneHonestLine_WithARunnableFollowUp()
    {
        await using var emulator = await TestEmulator.StartAsync(TimeSpan.FromHours(1));
        using var dir = new TempDir();
        var run = await Cli.Run(emulator.With("headshot", dir.Portrait(), "--no-wait"), new CliEnv());
        Assert.That(run.Code, Is.EqualTo(ExitCodes.Ok), run.ToString());
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1));
        Assert.That(lines[0], Does.Match(@"^Project \w+ created \(50 credits charged\); not waiting\. Follow it with: magichour image wait \w+ --base-url \S+ --api-key KEY"));
        Assert.That(run.Err, Does.Not.Contain("waiting"));
    }

    [Test]
    public async Task DryRun_PrintsMethodPathAndBody_WithoutUploadingOrCalling()
    {
        using var dir = new TempDir();
        var portrait = dir.Portrait();
        // Nothing listens on port 9: any request would fail with a network error.
        var run = await Cli.Run(["headshot", portrait, "--prompt", "studio", "--name", "me", "--dry-run", "--json", "--base-url", "http://127.0.0.1:9", "--api-key", "k"], new CliEnv());
        Assert.That(run.Code, Is.EqualTo(ExitCodes.Ok), run.ToString());
        Assert.That(run.Json.GetProperty("method").GetString(), Is.EqualTo("POST"));
        Assert.That(run.Json.GetProperty("path").GetString(), Is.EqualTo("/v1/ai-headshot-generator"));
        var body = run.Json.GetProperty("body");
        Assert.That(body.GetProperty("style").GetProperty("prompt").GetString(), Is.EqualTo("studio"));
        Assert.That(body.GetProperty("assets").GetProperty("image_file_path").GetString(), Is.EqualTo(portrait));
        Assert.That(run.Err, Does.Contain("Would upload first").And.Contain(portrait));
    }

    [Test]
    public async Task DryRun_NeedsNoKey()
    {
        var run = await Cli.Run("video", "text-to-video", "--style.prompt", "a cat", "--end-seconds", "5", "--dry-run");
        Assert.That(run.Code, Is.EqualTo(ExitCodes.Ok), run.ToString());
        Assert.That(run.Out, Does.StartWith("POST /v1/text-to-video"));
    }

    [Test]
    public async Task BodyJson_FromStdin_FlagsOverrideIt()
    {
        var run = await Cli.Run(["image", "headshot", "api-assets/x.png", "--dry-run", "--json", "--body-json", "-", "--name", "flag"],
            new CliEnv { Stdin = """{"name": "stdin", "style": {"prompt": "from stdin"}}""" });
        Assert.That(run.Code, Is.EqualTo(ExitCodes.Ok), run.ToString());
        var body = run.Json.GetProperty("body");
        Assert.That(body.GetProperty("name").GetString(), Is.EqualTo("flag"));
        Assert.That(body.GetProperty("style").GetProperty("prompt").GetString(), Is.EqualTo("from stdin"));
    }

    [Test]
    public async Task WrongMediaKind_IsRefusedBeforeUpload_NamingTheArgument()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var dir = new TempDir();
        var text = dir.File("clip.mp4", "hello\n"u8.ToArray());
        var run = await Cli.Run(emulator.With("headshot", text), new CliEnv());
        Assert.That(run.Code, Is.EqualTo(ExitCodes.Usage), run.ToString());
        Assert.That(run.Err, Does.Contain("is a video file (.mp4)").And.Contain("<image>"));
        var disguised = dir.File("face.png", "not an image at all"u8.ToArray());
        var second = await Cli.Run(emulator.With("headshot", disguised), new CliEnv());
        Assert.That(second.Code, Is.EqualTo(ExitCodes.Usage), second.ToString());
        Assert.That(second.Err, Does.Contain("holds text, not an image"));
        Assert.That(emulator.Emulator.GetStats().UploadUrlsIssued, Is.Zero);
    }

    [Test]
    public async Task ArrayFileInput_TakesTheFlagRepeated()
    {
        using var dir = new TempDir();
        var a = dir.Portrait("a.png");
        var b = dir.Portrait("b.png");
        var run = await Cli.Run(["image", "ai-image-editor", "--assets.image-file-paths", a, "--assets.image-file-paths", b, "--style.prompt", "x", "--dry-run", "--json"], new CliEnv());
        Assert.That(run.Code, Is.EqualTo(ExitCodes.Ok), run.ToString());
        var paths = run.Json.GetProperty("body").GetProperty("assets").GetProperty("image_file_paths");
        Assert.That(paths.EnumerateArray().Select(p => p.GetString()), Is.EqualTo(new[] { a, b }));
    }
}
