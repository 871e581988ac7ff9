namespace MagicHour.Cli.Tests;

/// <summary><c>faces</c>, <c>files upload</c>, <c>account</c>, <c>saved-items list</c>.</summary>
public class ResourceCommandTests
{
    [Test]
    public async Task Faces_Detect_Get_Wait()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var dir = new TempDir();
        var detect = await Cli.Run(emulator.With("faces", "detect", dir.Portrait(), "--json"), new CliEnv());
        Assert.That(detect.Code, Is.EqualTo(ExitCodes.Ok), detect.ToString());
        var id = detect.Json.GetProperty("id").GetString()!;
        Assert.That(detect.Json.GetProperty("status").GetString(), Is.EqualTo("complete"));
        var get = await Cli.Run(emulator.With("faces", "get", id, "--json"), new CliEnv());
        Assert.That(get.Json.GetProperty("id").GetString(), Is.EqualTo(id), get.ToString());
        var wait = await Cli.Run(emulator.With("faces", "wait", id, "--json"), new CliEnv());
        Assert.That(wait.Json.GetProperty("status").GetString(), Is.EqualTo("complete"), wait.ToString());
    }

    [Test]
    public async Task FilesUpload_ManyPaths_PrintsEachStoragePath()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var dir = new TempDir();
        var run = await Cli.Run(emulator.With("files", "upload", dir.Portrait("a.png"), dir.Portrait("b.png"), "--json"), new CliEnv());
        Assert.That(run.Code, Is.EqualTo(ExitCodes.Ok), run.ToString());
        var files = run.Json.GetProperty("files").EnumerateArray().ToList();
        Assert.That(files, Has.Count.EqualTo(2));
        Assert.That(files.Select(f => f.GetProperty("file_path").GetString()), Has.All.StartWith("api-assets/"));
        Assert.That(emulator.Emulator.GetStats().UploadsCompleted, Is.EqualTo(2));
    }

    [Test]
    public async Task Upload_OnTheInProcessEmulator_WarnsThePathDiesWithIt()
    {
        using var dir = new TempDir();
        var run = await Cli.Run("upload", dir.Portrait(), "--emulator");
        Assert.That(run.Out.Trim(), Does.StartWith("api-assets/"));
        Assert.That(run.Err, Does.Contain("vanish when this command ends"));
    }

    [Test]
    public async Task Account_ShowsCredits()
    {
        await using var api = await StubApi.StartAsync();
        var json = await Cli.Run(api.With("account", "--json"), new CliEnv());
        Assert.That(json.Code, Is.EqualTo(ExitCodes.Ok), json.ToString());
        Assert.That(json.Json.GetProperty("credits").GetInt32(), Is.EqualTo(1234));
        var text = await Cli.Run(api.With("account"), new CliEnv());
        Assert.That(text.Out.Trim(), Is.EqualTo("me@example.com (creator): 1234 credits"));
    }

    [Test]
    public async Task SavedItems_List_OnePage_AllPages_AndByType()
    {
        await using var api = await StubApi.StartAsync();
        var page = await Cli.Run(api.With("saved-items", "list", "--limit", "2", "--json"), new CliEnv());
        Assert.That(page.Code, Is.EqualTo(ExitCodes.Ok), page.ToString());
        Assert.That(page.Json.GetProperty("items").GetArrayLength(), Is.EqualTo(2));
        Assert.That(page.Json.GetProperty("next_cursor").GetString(), Is.EqualTo("2"));

        var text = await Cli.Run(api.With("saved-items", "list", "--limit", "2"), new CliEnv());
        Assert.That(text.Out, Does.Contain("More: magichour saved-items list --cursor 2"));

        var all = await Cli.Run(api.With("saved-items", "list", "--all", "--limit", "1", "--json"), new CliEnv());
        Assert.That(all.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()), Is.EqualTo(new[] { "face1", "voice1", "face2" }), all.ToString());

        var faces = await Cli.Run(api.With("saved-items", "list", "--all", "--type", "face", "--json"), new CliEnv());
        Assert.That(faces.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()), Is.EqualTo(new[] { "face1", "face2" }), faces.ToString());
    }
}
