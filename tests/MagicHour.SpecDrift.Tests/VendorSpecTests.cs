using System.Diagnostics;

namespace MagicHour.SpecDrift.Tests;

/// <summary>The real vendor file: it must load and equal itself (no false positives on a large spec).</summary>
public class VendorSpecTests
{
    [Test]
    public void VendorSpec_ComparedWithItself_HasNoDifferences()
    {
        var path = Specs.FindVendorSpec();
        if (path is null)
        {
            Assert.Ignore("shared/upstream/magic-hour-openapi.json not found above the test directory");
        }

        var stopwatch = Stopwatch.StartNew();
        var upstream = SpecLoader.Load(path);
        var copy = SpecLoader.Load(path);
        var differences = StructuralComparer.Compare(upstream, copy);
        TestContext.Out.WriteLine($"loaded and compared {path} twice in {stopwatch.ElapsedMilliseconds} ms");

        Assert.That(upstream.Root["paths"]!.AsObject(), Is.Not.Empty);
        Assert.That(differences.Select(d => d.ToString()), Is.Empty);
    }
}
