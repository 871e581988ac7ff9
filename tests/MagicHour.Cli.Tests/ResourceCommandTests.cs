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
    public async Task Account_ShowsTheEmulatorsAccount_AndItsLiveBalance()
    {
        await using var emulator = await TestEmulator.StartAsync(configure: o => { o.AccountTier = "creator"; o.StartingCredits = 1234; });
        var json = await Cli.Run(emulator.With("account", "--json"), new CliEnv());
        Assert.That(json.Code, Is.EqualTo(ExitCodes.Ok), json.ToString());
        Assert.That(json.Json.GetProperty("credits").GetInt32(), Is.EqualTo(1234));
        Assert.That(json.Json.GetProperty("tier").GetString(), Is.EqualTo("creator"));

        using var dir = new TempDir();
        var headshot = await Cli.Run(emulator.With("headshot", dir.Portrait(), "--out", dir.Sub("out"), "--json"), new CliEnv());
        var charged = headshot.Json.GetProperty("credits_charged").GetInt32();
        Assert.That(charged, Is.GreaterThan(0), headshot.ToString());
        var text = await Cli.Run(emulator.With("account"), new CliEnv());
        Assert.That(text.Out.Trim(), Is.EqualTo($"emulator@example.com (creator): {1234 - charged} credits"));
    }

    [Test]
    public async Task SavedItems_List_OnePage_AllPages_AndByType()
    {
        await using var emulator = await TestEmulator.StartAsync(configure: o => o.SavedItemCount = 10);
        var page = await Cli.Run(emulator.With("saved-items", "list", "--limit", "2", "--json"), new CliEnv());
        Assert.That(page.Code, Is.EqualTo(ExitCodes.Ok), page.ToString());
        Assert.That(page.Json.GetProperty("items").GetArrayLength(), Is.EqualTo(2));
        var next = page.Json.GetProperty("next_cursor").GetString();
        Assert.That(next, Is.Not.Null.And.Not.Empty);

        var text = await Cli.Run(emulator.With("saved-items", "list", "--limit", "2"), new CliEnv());
        Assert.That(text.Out, Does.Contain($"More: magichour saved-items list --cursor {next}"));
        var second = await Cli.Run(emulator.With("saved-items", "list", "--limit", "2", "--cursor", next!, "--json"), new CliEnv());

        var all = await Cli.Run(emulator.With("saved-items", "list", "--all", "--limit", "3", "--json"), new CliEnv());
        var ids = Ids(all);
        Assert.That(ids, Has.Length.EqualTo(10).And.Unique, all.ToString());
        Assert.That(ids.Take(4), Is.EqualTo(Ids(page).Concat(Ids(second))), "--all walks the same pages --cursor does");

        var voices = await Cli.Run(emulator.With("saved-items", "list", "--all", "--type", "voice", "--json"), new CliEnv());
        var types = voices.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("type").GetString()).ToList();
        Assert.That(types, Has.Count.EqualTo(2).And.All.EqualTo("voice"), voices.ToString());
    }

    private static string?[] Ids(CliRun run)
        => run.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()).ToArray();
}
