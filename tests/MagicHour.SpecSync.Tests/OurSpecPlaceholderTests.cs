using MagicHour.SpecSync;

namespace MagicHour.SpecSync.Tests;

/// <summary>SpecSync writes placeholders instead of copying the vendor's prose; a maintainer replaces them before merging.</summary>
public class OurSpecPlaceholderTests
{
    [Test]
    public void OurSpec_HasNoPlaceholderDescriptionLeft()
    {
        var spec = Path.Combine(Repository.Root(), "openapi", "magic-hour.v1.yaml");
        var left = File.ReadLines(spec)
            .Select((line, index) => (Line: index + 1, Text: line.Trim()))
            .Where(l => l.Text.Contains(Naming.PlaceholderPrefix, StringComparison.Ordinal))
            .Select(l => $"openapi/magic-hour.v1.yaml:{l.Line}: {l.Text}")
            .ToList();

        Assert.That(left, Is.Empty, "write these descriptions in our own words (the sync never copies the vendor's)");
    }
}
