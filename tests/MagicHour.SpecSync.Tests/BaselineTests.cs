namespace MagicHour.SpecSync.Tests;

/// <summary>The fixtures themselves: in sync to start with, so every other test sees only its own change.</summary>
public class BaselineTests
{
    [Test]
    public void Fixtures_HaveNoDrift()
    {
        var ours = SpecLoader.Parse(Fixtures.Ours, "ours.yaml", SpecFormat.Yaml);
        var vendor = SpecLoader.Parse(Fixtures.Vendor(), "vendor.json", SpecFormat.Json);

        Assert.That(StructuralComparer.Compare(vendor, ours), Is.Empty);
    }

    [Test]
    public void NoVendorChange_LeavesTheFileByteIdentical()
    {
        var run = SyncRun.Of(Fixtures.Ours, Fixtures.Vendor());

        Assert.That(run.ExitCode, Is.EqualTo(SpecSyncCli.Synced), run.Stderr);
        Assert.That(run.After, Is.EqualTo(run.Before));
        Assert.That(run.Stdout, Does.Contain("unchanged").And.Contain("no differences left"));
    }
}
