using MagicHour.Cli;

namespace MagicHour.IntegrationTests;

/// <summary>The CLI in-process against its built-in emulator.</summary>
public class CliTests
{
    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error, interactive: false, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    [Test]
    public async Task Headshot_OnTheEmulator_SavesTheImage()
    {
        using var dir = new TempDir();
        var (code, output, error) = await Run("headshot", dir.Portrait(), "--emulator", "--out", dir.Sub("out"));
        Assert.That(code, Is.EqualTo(ExitCodes.Ok), error);
        var saved = Directory.GetFiles(dir.Sub("out")).Single();
        Assert.That(Env.PngSize(saved), Is.EqualTo((1024, 1024)));
        Assert.That(output, Does.Contain("Saved " + saved).And.Contain("50 credits charged").And.Contain("rendering"));
    }

    [Test]
    public async Task Headshot_Json()
    {
        using var dir = new TempDir();
        var (code, output, _) = await Run("headshot", dir.Portrait(), "--emulator", "--out", dir.Sub("out"), "--json");
        Assert.That(code, Is.EqualTo(ExitCodes.Ok));
        using var doc = System.Text.Json.JsonDocument.Parse(output);
        Assert.That(doc.RootElement.GetProperty("status").GetString(), Is.EqualTo("complete"));
        Assert.That(doc.RootElement.GetProperty("credits_charged").GetInt32(), Is.EqualTo(50));
    }

    [Test]
    public async Task MissingFile_IsBadInput()
    {
        var (code, _, error) = await Run("headshot", "/no/such/face.png", "--emulator");
        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(error, Does.Contain("/no/such/face.png"));
    }

    [Test]
    public async Task NoKey_IsBadInput()
    {
        var previous = Environment.GetEnvironmentVariable("MAGIC_HOUR_API_KEY");
        Environment.SetEnvironmentVariable("MAGIC_HOUR_API_KEY", null);
        try
        {
            var (code, _, error) = await Run("upload", "x.png");
            Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
            Assert.That(error, Does.Contain("MAGIC_HOUR_API_KEY"));
        }
        finally { Environment.SetEnvironmentVariable("MAGIC_HOUR_API_KEY", previous); }
    }

    [Test]
    public async Task Upload_PrintsTheStoragePath()
    {
        using var dir = new TempDir();
        var (code, output, _) = await Run("upload", dir.Portrait(), "--emulator");
        Assert.That(code, Is.EqualTo(ExitCodes.Ok));
        Assert.That(output.Trim(), Does.StartWith("api-assets/"));
    }

    [Test]
    public async Task CtrlC_WhileWaiting_ExitsCancelled_AndPrintsTheProjectId()
    {
        using var dir = new TempDir();
        using var cts = new CancellationTokenSource();
        // Cancel the moment the CLI reports the project was created, as a user pressing Ctrl+C would.
        using var output = new TriggerWriter("waiting", cts.Cancel);
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(["headshot", dir.Portrait(), "--emulator", "--out", dir.Sub("out")], output, error, interactive: false, cts.Token);
        Assert.That(code, Is.EqualTo(ExitCodes.Cancelled));
        Assert.That(error.ToString(), Does.Match("Cancelled. Project [a-z0-9]+ was created"));
        Assert.That(dir.Entries("out"), Is.Empty);
    }

    [Test]
    public async Task Interactive_ShowsABarRedrawnInPlace()
    {
        using var dir = new TempDir();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(["headshot", dir.Portrait(), "--emulator", "--out", dir.Sub("out")], output, error, interactive: true, CancellationToken.None);
        Assert.That(code, Is.EqualTo(ExitCodes.Ok));
        Assert.That(output.ToString(), Does.Contain("\r").And.Contain("[####################] 100%"));
    }

    private sealed class TriggerWriter(string trigger, Action action) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value?.Contains(trigger, StringComparison.Ordinal) == true) action();
        }
    }
}
