using System.Text.Json;

namespace MagicHour.Cli.Tests;

/// <summary>Many inputs to one generation command: summary, state file, resume after a crash, --max-credits.</summary>
public class BatchTests
{
    private static string[] Portraits(TempDir dir, int count) => Enumerable.Range(1, count).Select(i => dir.Portrait($"p{i}.png")).ToArray();

    [Test]
    public async Task Batch_SummaryTable_OutputsAndStateFile_RerunSkipsEverything()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var dir = new TempDir();
        var inputs = Portraits(dir, 3);
        var first = await Cli.Run(emulator.With(["headshot", .. inputs, "--out", dir.Sub("out"), "--concurrency", "2"]), new CliEnv());
        Assert.That(first.Code, Is.EqualTo(ExitCodes.Ok), first.ToString());
        Assert.That(dir.Files("out"), Has.Length.EqualTo(3));
        var table = first.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(table[0], Is.EqualTo("INPUT\tOUTPUT\tPROJECT\tCREDITS\tOUTCOME"));
        Assert.That(table.Skip(1).Take(3).Select(l => l.Split('\t')[4]), Has.All.EqualTo("complete"));
        Assert.That(table[^1], Does.StartWith("3/3 done, 150 credits charged"));
        Assert.That(File.Exists(dir.Sub("out/.magichour-batch.json")));

        var again = await Cli.Run(emulator.With(["headshot", .. inputs, "--out", dir.Sub("out"), "--json"]), new CliEnv());
        Assert.That(again.Code, Is.EqualTo(ExitCodes.Ok), again.ToString());
        Assert.That(again.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("outcome").GetString()), Has.All.EqualTo("skipped"));
        Assert.That(emulator.Emulator.GetStats().ProjectsCreated, Is.EqualTo(3), "a rerun never pays again");
        Assert.That(dir.Files("out"), Has.Length.EqualTo(3));
    }

    [Test]
    public async Task Batch_StoppedMidRun_RerunResumesCreatedProjects_NeverPaysTwice()
    {
        // The first project never leaves rendering, so the first run is stopped while it renders, as a crash would leave it.
        await using var emulator = await TestEmulator.StartAsync();
        emulator.Emulator.InjectFault(new MagicHour.Emulator.EmulatorFault { Route = "POST /v1/ai-headshot-generator", Kind = MagicHour.Emulator.EmulatorFaultKind.StuckRendering });
        using var dir = new TempDir();
        var inputs = Portraits(dir, 2);
        using var cts = new CancellationTokenSource();
        using var error = new TriggerWriter("created", cts.Cancel);
        var first = await Cli.Run(emulator.With(["headshot", .. inputs, "--out", dir.Sub("out"), "--concurrency", "1"]), new CliEnv(), cts.Token, error);
        Assert.That(first.Code, Is.EqualTo(ExitCodes.Interrupted), first.ToString());
        Assert.That(first.Err, Does.Contain("Run the same command again to resume them"));
        var state = JsonDocument.Parse(File.ReadAllText(dir.Sub("out/.magichour-batch.json"))).RootElement.GetProperty("items");
        var recorded = state.EnumerateObject().Select(p => p.Value.GetProperty("project_id").GetString()!).ToList();
        Assert.That(recorded, Has.Count.EqualTo(1), "the id was written the moment it was known");
        Assert.That(emulator.Emulator.GetStats().ProjectsCreated, Is.EqualTo(1));

        Assert.That(emulator.Emulator.ReleaseStuckProject(recorded[0]), Is.True);
        var rerun = await Cli.Run(emulator.With(["headshot", .. inputs, "--out", dir.Sub("out"), "--concurrency", "1", "--json"]), new CliEnv());
        Assert.That(rerun.Code, Is.EqualTo(ExitCodes.Ok), rerun.ToString());
        Assert.That(rerun.Err, Does.Contain($"resuming project {recorded[0]}"));
        var items = rerun.Json.GetProperty("items").EnumerateArray().ToList();
        Assert.That(items[0].GetProperty("project_id").GetString(), Is.EqualTo(recorded[0]));
        Assert.That(items.Select(i => i.GetProperty("outcome").GetString()), Has.All.EqualTo("complete"));
        Assert.That(emulator.Emulator.GetStats().ProjectsCreated, Is.EqualTo(2), "one project per input, however many runs");
        Assert.That(dir.Files("out"), Has.Length.EqualTo(2));
    }

    [Test]
    public async Task MaxCredits_StopsCreating_AndExitsCredits()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var dir = new TempDir();
        var run = await Cli.Run(emulator.With(["headshot", .. Portraits(dir, 3), "--out", dir.Sub("out"), "--concurrency", "1", "--max-credits", "50", "--json"]), new CliEnv());
        Assert.That(run.Code, Is.EqualTo(ExitCodes.Credits), run.ToString());
        Assert.That(run.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("outcome").GetString()), Is.EqualTo(new[] { "complete", "credit limit", "credit limit" }));
        Assert.That(emulator.Emulator.GetStats().ProjectsCreated, Is.EqualTo(1));
    }

    [Test]
    public async Task Batch_OneBadInput_OthersFinish_ExitBatchIncomplete()
    {
        await using var emulator = await TestEmulator.StartAsync();
        emulator.Emulator.InjectFault(new MagicHour.Emulator.EmulatorFault { Route = "POST /v1/ai-headshot-generator", Kind = MagicHour.Emulator.EmulatorFaultKind.EndInError });
        using var dir = new TempDir();
        var run = await Cli.Run(emulator.With(["headshot", .. Portraits(dir, 2), "--out", dir.Sub("out"), "--concurrency", "1", "--json"]), new CliEnv());
        Assert.That(run.Code, Is.EqualTo(ExitCodes.BatchIncomplete), run.ToString());
        Assert.That(run.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("outcome").GetString()), Is.EqualTo(new[] { "project_failed", "complete" }));
    }
}
