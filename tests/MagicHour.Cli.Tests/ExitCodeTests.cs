using System.Net;
using System.Net.Sockets;
using MagicHour.Emulator;

namespace MagicHour.Cli.Tests;

/// <summary>Every exit code, its JSON error object, and messages in CLI terms.</summary>
public class ExitCodeTests
{
    private static void AssertJsonError(CliRun run, string kind, int exitCode)
    {
        Assert.That(run.Code, Is.EqualTo(exitCode), run.ToString());
        var error = run.Json.GetProperty("error");
        Assert.That(error.GetProperty("kind").GetString(), Is.EqualTo(kind), run.ToString());
        Assert.That(error.GetProperty("exit_code").GetInt32(), Is.EqualTo(exitCode));
        foreach (var name in new[] { "message", "status", "project_id" }) Assert.That(error.TryGetProperty(name, out _), name);
        Assert.That(run.Err, Does.Not.Contain("error:"), "with --json the error is on stdout only");
    }

    [TestCase("--json", TestName = "NoCommand_IsUsage")]
    [TestCase("headshot x.png --bogus --json", TestName = "UnknownOption_IsUsage")]
    [TestCase("frobnicate --json", TestName = "UnknownCommand_IsUsage")]
    [TestCase("headshot --json", TestName = "MissingArgument_IsUsage")]
    public async Task ParseErrors_AreUsage(string line)
    {
        AssertJsonError(await Cli.Run(line.Split(' ')), "usage", ExitCodes.Usage);
    }

    [Test]
    public async Task BadTimeout_NamesTheFlag_NotADotNetType()
    {
        var run = await Cli.Run("headshot", "x.png", "--timeout", "abc");
        Assert.That(run.Code, Is.EqualTo(ExitCodes.Usage));
        Assert.That(run.Err, Does.Contain("--timeout takes a positive number of seconds (got 'abc')").And.Not.Contain("System."));
    }

    [Test]
    public async Task BadNumberFlag_NamesTheFlag()
    {
        var run = await Cli.Run("video", "text-to-video", "--style.prompt", "a cat", "--end-seconds", "soon", "--dry-run");
        Assert.That(run.Code, Is.EqualTo(ExitCodes.Usage));
        Assert.That(run.Err, Does.Contain("--end-seconds takes a number"));
    }

    [Test]
    public async Task InvalidRequest_NamesFlags_WithoutParameterSuffix()
    {
        var run = await Cli.Run("image", "ai-image-generator", "--style.prompt", "x", "--image-count", "99", "--dry-run");
        Assert.That(run.Code, Is.EqualTo(ExitCodes.Usage), run.ToString());
        Assert.That(run.Err, Does.Contain("--image-count").And.Not.Contain("(Parameter").And.Not.Contain("$."));
    }

    [Test]
    public async Task MissingFile_IsUsage_AndNamesIt()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var run = await Cli.Run(emulator.With("headshot", "/no/such/face.png", "--json"), new CliEnv());
        AssertJsonError(run, "usage", ExitCodes.Usage);
        Assert.That(run.Json.GetProperty("error").GetProperty("message").GetString(), Does.Contain("/no/such/face.png").And.Not.Contain("(Parameter"));
    }

    [Test]
    public async Task NoKey_IsAuth_WithAHintNamingFlagsAndEnv()
    {
        var run = await Cli.Run("files", "upload", "x.png");
        Assert.That(run.Code, Is.EqualTo(ExitCodes.Auth), run.ToString());
        Assert.That(run.Err, Does.Contain("--api-key").And.Contain("MAGIC_HOUR_API_KEY").And.Contain("--emulator").And.Not.Contain("MagicHourClientOptions"));
    }

    [Test]
    public async Task WrongKey_401_IsAuth_WithAHint()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var dir = new TempDir();
        var run = await Cli.Run(["headshot", dir.Portrait(), "--base-url", emulator.Emulator.BaseUrl.ToString(), "--api-key", "mh_wrong", "--json"], new CliEnv());
        AssertJsonError(run, "auth", ExitCodes.Auth);
        Assert.That(run.Json.GetProperty("error").GetProperty("status").GetInt32(), Is.EqualTo(401));
        Assert.That(run.Json.GetProperty("error").GetProperty("hint").GetString(), Does.Contain("--api-key").And.Contain("MAGIC_HOUR_API_KEY").And.Contain("--emulator"));
    }

    [Test]
    public async Task ConnectionRefused_IsNetwork()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var run = await Cli.Run("image", "get", "abc", "--base-url", $"http://127.0.0.1:{port}", "--api-key", "k", "--json");
        AssertJsonError(run, "network", ExitCodes.Network);
    }

    [Test]
    public async Task ProjectEndingInError_IsProjectFailed_WithItsId()
    {
        await using var emulator = await TestEmulator.StartAsync();
        emulator.Emulator.InjectFault(new EmulatorFault { Route = "POST /v1/ai-headshot-generator", Kind = EmulatorFaultKind.EndInError });
        using var dir = new TempDir();
        var run = await Cli.Run(emulator.With("headshot", dir.Portrait(), "--json"), new CliEnv());
        AssertJsonError(run, "project_failed", ExitCodes.ProjectFailed);
        Assert.That(run.Json.GetProperty("error").GetProperty("project_id").GetString(), Is.Not.Null);
    }

    [Test]
    public async Task NotEnoughCredits_IsCredits()
    {
        await using var emulator = await TestEmulator.StartAsync();
        emulator.Emulator.InjectFault(new EmulatorFault { Route = "POST /v1/ai-headshot-generator", Kind = EmulatorFaultKind.Status, StatusCode = 402 });
        using var dir = new TempDir();
        var run = await Cli.Run(emulator.With("headshot", dir.Portrait(), "--json"), new CliEnv());
        AssertJsonError(run, "credits", ExitCodes.Credits);
    }

    [Test]
    public async Task Timeout_PrintsARunnableResumeCommand()
    {
        await using var emulator = await TestEmulator.StartAsync(TimeSpan.FromHours(1));
        using var dir = new TempDir();
        var run = await Cli.Run(emulator.With("headshot", dir.Portrait(), "--timeout", "0.2", "--out", dir.Sub("o")), new CliEnv());
        Assert.That(run.Code, Is.EqualTo(ExitCodes.Timeout), run.ToString());
        Assert.That(run.Err, Does.Match($@"Resume with: magichour image resume \w+ --out {System.Text.RegularExpressions.Regex.Escape(dir.Sub("o"))} --base-url \S+ --api-key KEY"));
        Assert.That(run.Err, Does.Match(@"error: The image project \w+ did not finish within 0\.2 s \(--timeout\)\. The project goes on\."));
        Assert.That(run.Err, Does.Not.Contain("ResumeAsync").And.Not.Contain("[project "), "no SDK wording");
    }

    [Test]
    public async Task CtrlC_WhileWaiting_IsInterrupted_WithAResumeCommand()
    {
        await using var emulator = await TestEmulator.StartAsync(TimeSpan.FromHours(1));
        using var dir = new TempDir();
        using var cts = new CancellationTokenSource();
        using var error = new TriggerWriter("queued", cts.Cancel);
        var run = await Cli.Run(emulator.With("headshot", dir.Portrait(), "--out", dir.Sub("o")), new CliEnv(), cts.Token, error);
        Assert.That(run.Code, Is.EqualTo(ExitCodes.Interrupted), run.ToString());
        Assert.That(run.Err, Does.Match(@"Interrupted \(Ctrl\+C\)\. Project \w+ was created and goes on\.").And.Match(@"Resume with: magichour image resume \w+ --out "));
    }

    [Test]
    public async Task Sigterm_IsTerminated_143()
    {
        await using var emulator = await TestEmulator.StartAsync(TimeSpan.FromHours(1));
        using var dir = new TempDir();
        using var cts = new CancellationTokenSource();
        var env = new CliEnv { Stop = new StopSignal() };
        using var error = new TriggerWriter("queued", () => { env.Stop.ExitCode = ExitCodes.Terminated; cts.Cancel(); });
        var run = await Cli.Run(emulator.With("headshot", dir.Portrait(), "--json"), env, cts.Token, error);
        AssertJsonError(run, "terminated", ExitCodes.Terminated);
        Assert.That(run.Json.GetProperty("error").GetProperty("message").GetString(), Does.Contain("Terminated (SIGTERM)"));
    }

    [Test]
    public async Task InProcessEmulator_ResumeHint_SaysItStopped()
    {
        using var dir = new TempDir();
        using var cts = new CancellationTokenSource();
        using var error = new TriggerWriter("created", cts.Cancel);
        var run = await Cli.Run(["headshot", dir.Portrait(), "--emulator"], new CliEnv(), cts.Token, error);
        Assert.That(run.Code, Is.EqualTo(ExitCodes.Interrupted), run.ToString());
        Assert.That(run.Err, Does.Contain("stopped with this command").And.Contain("magichour emulator"));
    }

    [Test]
    public async Task Help_ListsEveryExitCode()
    {
        var run = await Cli.Run("--help");
        Assert.That(run.Code, Is.EqualTo(ExitCodes.Ok));
        var codes = typeof(ExitCodes).GetFields().Where(f => f.IsLiteral && f.FieldType == typeof(int)).Select(f => (int)f.GetValue(null)!);
        foreach (var code in codes) Assert.That(run.Out.Replace("\n", " ").Replace("  ", " "), Does.Contain($"{code} "), $"exit code {code}");
    }
}
