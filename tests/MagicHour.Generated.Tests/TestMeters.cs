using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace MagicHour.Generated.Tests;

/// <summary>A meter factory per test (its meters' scope is the factory), so collectors see only that test's client.</summary>
internal sealed class TestMeters : IMeterFactory
{
    private readonly List<Meter> _meters = new();

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(new MeterOptions(options.Name) { Version = options.Version, Tags = options.Tags, Scope = this });
        _meters.Add(meter);
        return meter;
    }

    public void Dispose() { foreach (var meter in _meters) meter.Dispose(); }

    public MetricCollector<T> Collect<T>(string instrument) where T : struct => new(this, MagicHourDiagnostics.MeterName, instrument);
}
