namespace MagicHour.SpecSync.Tests;

/// <summary>Options and exit codes of the command line.</summary>
public class CliTests
{
    [Test]
    public void DryRun_PrintsThePlan_AndWritesNothing()
    {
        var vendor = Fixtures.Vendor(gifRequest: Fixtures.GifRequest.Replace("""["gif", "mp4"]""", """["gif", "mp4", "webm"]"""));

        var run = SyncRun.Of(Fixtures.Ours, vendor, "--dry-run");

        Assert.That(run.ExitCode, Is.EqualTo(SpecSyncCli.Synced), run.Stderr);
        Assert.That(run.After, Is.EqualTo(run.Before));
        Assert.That(run.Stdout, Does.Contain("~ AiGifGeneratorOutputFormat.enum: +webm").And.Contain("dry run, nothing written; would change +1 -1 lines"));
    }

    [Test]
    public void UnreadableVendorFile_ExitsTwo()
    {
        var run = SyncRun.Of(Fixtures.Ours, "{\"openapi\": \"3.0.2\", \"paths\": {");

        Assert.That(run.ExitCode, Is.EqualTo(SpecSyncCli.InputError));
        Assert.That(run.Stderr, Does.Contain("invalid"));
        Assert.That(run.After, Is.EqualTo(run.Before));
    }

    [Test]
    public void UnreadableSpec_ExitsTwo()
    {
        var run = SyncRun.Of("openapi: 3.0.3\npaths:\n  /x: {get: [unclosed\n", Fixtures.Vendor());

        Assert.That(run.ExitCode, Is.EqualTo(SpecSyncCli.InputError));
        Assert.That(run.Stderr, Does.Contain("invalid YAML"));
    }

    [TestCase]
    [TestCase("--spec", "ours.yaml")]
    [TestCase("--upstream")]
    [TestCase("--upstream", "vendor.json", "--bogus")]
    public void BadArguments_ExitTwo(params string[] args)
    {
        Assert.That(SpecSyncCli.Run(args, new StringWriter(), new StringWriter()), Is.EqualTo(SpecSyncCli.InputError));
    }
}
