namespace MagicHour.Cli.Tests;

/// <summary><c>image|video|audio get|wait|download|delete|resume</c> against one emulator, across CLI runs.</summary>
public class ProjectCommandTests
{
    private static async Task<string> CreateAsync(TestEmulator emulator, TempDir dir, params string[] command)
    {
        var run = await Cli.Run(emulator.With([.. command, "--no-wait", "--json"]), new CliEnv());
        Assert.That(run.Code, Is.EqualTo(ExitCodes.Ok), run.ToString());
        return run.Json.GetProperty("project_id").GetString()!;
    }

    [Test]
    public async Task Get_Wait_Download_Resume_Delete_AnImageProject()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var dir = new TempDir();
        var id = await CreateAsync(emulator, dir, "headshot", dir.Portrait());

        var wait = await Cli.Run(emulator.With("image", "wait", id, "--json"), new CliEnv());
        Assert.That(wait.Code, Is.EqualTo(ExitCodes.Ok), wait.ToString());
        Assert.That(wait.Json.GetProperty("status").GetString(), Is.EqualTo("complete"));

        var get = await Cli.Run(emulator.With("image", "get", id), new CliEnv());
        Assert.That(get.Out, Does.StartWith($"{id}: complete, 50 credits charged").And.Contain("output: http"), get.ToString());

        var download = await Cli.Run(emulator.With("image", "download", id, "--out", dir.Sub("dl")), new CliEnv());
        Assert.That(download.Code, Is.EqualTo(ExitCodes.Ok), download.ToString());
        Assert.That(dir.Files("dl"), Has.Length.EqualTo(1));

        var resume = await Cli.Run(emulator.With("image", "resume", id, "--out", dir.Sub("dl"), "--json"), new CliEnv());
        Assert.That(resume.Code, Is.EqualTo(ExitCodes.Ok), resume.ToString());
        Assert.That(dir.Files("dl"), Has.Length.EqualTo(2), "a second download never overwrites the first");

        var delete = await Cli.Run(emulator.With("image", "delete", id), new CliEnv());
        Assert.That(delete.Out.Trim(), Is.EqualTo($"Deleted image project {id}."));

        var gone = await Cli.Run(emulator.With("image", "get", id, "--json"), new CliEnv());
        Assert.That(gone.Code, Is.EqualTo(ExitCodes.ApiError));
        var error = gone.Json.GetProperty("error");
        Assert.That(error.GetProperty("status").GetInt32(), Is.EqualTo(404));
        Assert.That(error.GetProperty("message").GetString(), Does.Contain($"image project {id}"));
    }

    [Test]
    public async Task VideoAndAudio_Projects_HaveTheSameCommands()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var dir = new TempDir();
        var video = await CreateAsync(emulator, dir, "video", "from-text", "--style.prompt", "a cat", "--end-seconds", "5");
        var audio = await CreateAsync(emulator, dir, "audio", "speech", "--style.prompt", "hello", "--style.voice-name", "Elon Musk");
        var v = await Cli.Run(emulator.With("video", "resume", video, "--out", dir.Sub("v")), new CliEnv());
        var a = await Cli.Run(emulator.With("audio", "download", audio, "--out", dir.Sub("a")), new CliEnv());
        Assert.That((v.Code, a.Code), Is.EqualTo((0, 0)), v + "\n" + a);
        Assert.That(dir.Files("v"), Has.Length.EqualTo(1));
        Assert.That(dir.Files("a"), Has.Length.EqualTo(1));
        var wrongKind = await Cli.Run(emulator.With("image", "get", video), new CliEnv());
        Assert.That(wrongKind.Code, Is.EqualTo(ExitCodes.ApiError), wrongKind.ToString());
    }

    [Test]
    public async Task DryRun_ProjectCommands_PrintTheRequest()
    {
        var run = await Cli.Run("video", "delete", "abc", "--dry-run");
        Assert.That(run.Out.Trim(), Is.EqualTo("DELETE /v1/video-projects/abc"));
    }

    [Test]
    public async Task GetOnTheInProcessEmulator_ExplainsItStartsEmpty()
    {
        var run = await Cli.Run("image", "get", "abc", "--emulator");
        Assert.That(run.Code, Is.EqualTo(ExitCodes.ApiError));
        Assert.That(run.Err, Does.Contain("starts empty").And.Contain("magichour emulator"));
    }
}

/// <summary><c>-</c> as the id reads the previous command's <c>--json</c> result, so commands chain.</summary>
public class ChainingTests
{
    [Test]
    public async Task Dash_TakesTheProjectIdFromStdin()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var dir = new TempDir();
        var created = await Cli.Run(emulator.With("headshot", dir.Portrait(), "--no-wait", "--json"), new CliEnv());
        var id = created.Json.GetProperty("project_id").GetString();
        var wait = await Cli.Run(emulator.With("image", "wait", "-", "--json"), new CliEnv { Stdin = created.Out });
        Assert.That(wait.Code, Is.EqualTo(ExitCodes.Ok), wait.ToString());
        Assert.That(wait.Json.GetProperty("id").GetString(), Is.EqualTo(id));
        var bad = await Cli.Run(emulator.With("image", "get", "-"), new CliEnv { Stdin = "not json" });
        Assert.That(bad.Code, Is.EqualTo(ExitCodes.Usage), bad.ToString());
    }
}
