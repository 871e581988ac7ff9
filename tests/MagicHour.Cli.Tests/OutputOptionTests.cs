namespace MagicHour.Cli.Tests;

/// <summary><c>--output PATH</c>: a directory or a file name, never overwriting.</summary>
public class OutputOptionTests
{
    [Test]
    public async Task FileName_SavesThere_ThenASecondRunRefusesBeforeCreatingAnything()
    {
        await using var emulator = await TestEmulator.StartAsync(renderMedia: true);
        using var dir = new TempDir();
        var target = dir.Sub("me.png");
        var first = await Cli.Run(emulator.With("headshot", dir.Portrait(), "--output", target, "--json"), new CliEnv());
        Assert.That(first.Code, Is.EqualTo(ExitCodes.Ok), first.ToString());
        Assert.That(first.Json.GetProperty("downloaded_paths")[0].GetString(), Is.EqualTo(target));
        Assert.That(File.ReadAllBytes(target)[1..4], Is.EqualTo("PNG"u8.ToArray()));
        Assert.That(Directory.GetFiles(dir.Path).Select(Path.GetFileName), Is.EquivalentTo(new[] { "portrait.png", "me.png" }), "nothing left under the project id's name");
        var before = File.ReadAllBytes(target);

        var second = await Cli.Run(emulator.With("headshot", dir.Portrait(), "-o", target), new CliEnv());
        Assert.That(second.Code, Is.EqualTo(ExitCodes.Usage), second.ToString());
        Assert.That(second.Err, Does.Contain("already exists and is never overwritten"));
        Assert.That(emulator.Emulator.GetStats().ProjectsCreated, Is.EqualTo(1), "refused before the create: nothing charged");
        Assert.That(File.ReadAllBytes(target), Is.EqualTo(before));
    }

    [Test]
    public async Task NameWithoutExtension_IsADirectory_CreatedOnDemand()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var dir = new TempDir();
        var run = await Cli.Run(emulator.With("headshot", dir.Portrait(), "--output", dir.Sub("new/nested")), new CliEnv());
        Assert.That(run.Code, Is.EqualTo(ExitCodes.Ok), run.ToString());
        Assert.That(dir.Files("new/nested"), Has.Length.EqualTo(1));
    }

    [Test]
    public async Task Download_ToAFileName()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var dir = new TempDir();
        var created = await Cli.Run(emulator.With("headshot", dir.Portrait(), "--no-wait", "--json"), new CliEnv());
        var id = created.Json.GetProperty("project_id").GetString()!;
        var target = dir.Sub("downloaded.png");
        var run = await Cli.Run(emulator.With("image", "download", id, "--output", target), new CliEnv());
        Assert.That(run.Code, Is.EqualTo(ExitCodes.Ok), run.ToString());
        Assert.That(run.Out, Does.Contain($"Saved {target}"));
        Assert.That(File.Exists(target));
    }

    [Test]
    public async Task Batch_WithOneFileName_IsUsage()
    {
        using var dir = new TempDir();
        var run = await Cli.Run(["headshot", dir.Portrait("a.png"), dir.Portrait("b.png"), "--emulator", "--output", dir.Sub("one.png")], new CliEnv());
        Assert.That(run.Code, Is.EqualTo(ExitCodes.Usage), run.ToString());
        Assert.That(run.Err, Does.Contain("give a directory"));
    }
}
