namespace MagicHour.Cli.Tests;

/// <summary><c>login --key-stdin</c>, <c>logout</c>, <c>whoami</c> and the key lookup order.</summary>
public class KeyStorageTests
{
    private static CliEnv Env(TempDir dir, string? stdin = null, string? envKey = null)
    {
        var env = new CliEnv { Stdin = stdin };
        env.Variables["MAGIC_HOUR_CONFIG"] = dir.Sub("cfg/config.json");
        if (envKey is not null) env.Variables["MAGIC_HOUR_API_KEY"] = envKey;
        return env;
    }

    [Test]
    public async Task Login_SavesOwnerOnly_NeverPrintsTheKey_ThenCommandsUseIt()
    {
        using var dir = new TempDir();
        await using var api = await TestEmulator.StartAsync();
        var login = await Cli.Run(["login", "--key-stdin"], Env(dir, api.Key + "\n"));
        Assert.That(login.Code, Is.EqualTo(ExitCodes.Ok), login.ToString());
        var path = dir.Sub("cfg/config.json");
        Assert.That(File.ReadAllText(path), Does.Contain(api.Key));
        if (!OperatingSystem.IsWindows()) Assert.That(File.GetUnixFileMode(path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.That(Directory.GetFiles(dir.Sub("cfg")), Has.Length.EqualTo(1), "no temporary file left behind");

        var whoami = await Cli.Run(["whoami", "--base-url", api.BaseUrl], Env(dir));
        Assert.That(whoami.Code, Is.EqualTo(ExitCodes.Ok), whoami.ToString());
        Assert.That(whoami.Out.Trim(), Is.EqualTo($"emulator@example.com (key from {path})"));
        foreach (var run in new[] { login, whoami }) Assert.That(run.Out + run.Err, Does.Not.Contain(api.Key));

        var logout = await Cli.Run(["logout"], Env(dir));
        Assert.That(logout.Code, Is.EqualTo(ExitCodes.Ok));
        Assert.That(File.Exists(path), Is.False);
        var after = await Cli.Run(["account", "--base-url", api.BaseUrl], Env(dir));
        Assert.That(after.Code, Is.EqualTo(ExitCodes.Auth), after.ToString());
    }

    [Test]
    public async Task EnvironmentKey_WinsOverTheSavedKey()
    {
        using var dir = new TempDir();
        await using var api = await TestEmulator.StartAsync();
        await Cli.Run(["login", "--key-stdin"], Env(dir, "mh_saved_but_wrong"));
        var run = await Cli.Run(["whoami", "--base-url", api.BaseUrl, "--json"], Env(dir, envKey: api.Key));
        Assert.That(run.Code, Is.EqualTo(ExitCodes.Ok), run.ToString());
        Assert.That(run.Json.GetProperty("key_source").GetString(), Is.EqualTo("MAGIC_HOUR_API_KEY"));
    }

    [Test]
    public async Task SavedKey_Replaced_AtomicallyByASecondLogin()
    {
        using var dir = new TempDir();
        await Cli.Run(["login", "--key-stdin"], Env(dir, "mh_first"));
        await Cli.Run(["login", "--key-stdin"], Env(dir, "mh_second"));
        Assert.That(File.ReadAllText(dir.Sub("cfg/config.json")), Does.Contain("mh_second").And.Not.Contain("mh_first"));
    }

    [Test]
    public async Task Login_WithoutKeyStdin_OrWithEmptyInput_IsUsage()
    {
        using var dir = new TempDir();
        Assert.That((await Cli.Run(["login"], Env(dir, "k"))).Code, Is.EqualTo(ExitCodes.Usage));
        Assert.That((await Cli.Run(["login", "--key-stdin"], Env(dir, "  \n"))).Code, Is.EqualTo(ExitCodes.Usage));
        Assert.That(File.Exists(dir.Sub("cfg/config.json")), Is.False);
    }

    [Test]
    public void ConfigPath_FollowsXdgThenHome()
    {
        var xdg = new Config.KeyStore(n => n switch { "XDG_CONFIG_HOME" => "/x", "HOME" => "/h", _ => null });
        var home = new Config.KeyStore(n => n == "HOME" ? "/h" : null);
        Assert.That(xdg.FilePath, Is.EqualTo(Path.Combine("/x", "magichour", "config.json")));
        Assert.That(home.FilePath, Is.EqualTo(Path.Combine("/h", ".config", "magichour", "config.json")));
    }
}
