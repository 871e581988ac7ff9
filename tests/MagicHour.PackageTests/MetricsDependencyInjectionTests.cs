using System.Diagnostics.Metrics;
using MagicHour.Emulator;
using MagicHour.Generated;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MagicHour.PackageTests;

/// <summary>services.AddMagicHour(...) records to the container's IMeterFactory (the meter OpenTelemetry's AddMeter listens to).</summary>
public class MetricsDependencyInjectionTests
{
    [Test]
    public async Task TheContainersMeterFactory_GetsTheSdksInstruments()
    {
        await using var emulator = await Env.StartEmulatorAsync();
        using var dir = new TempDir();
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddMagicHour(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ApiKey"] = emulator.ApiKey,
            ["BaseUrl"] = emulator.BaseUrl.ToString(),
            ["PollInterval"] = "00:00:00.05",
        }).Build());
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IMeterFactory>();

        var seen = new List<(string Instrument, object? Operation)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == MagicHourDiagnostics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory)) l.EnableMeasurementEvents(instrument);
        };
        void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
        {
            object? operation = null;
            foreach (var tag in tags) if (tag.Key == MagicHourDiagnostics.Tags.Operation) operation = tag.Value;
            lock (seen) seen.Add((instrument.Name, operation));
        }
        listener.SetMeasurementEventCallback<double>(Record);
        listener.SetMeasurementEventCallback<long>(Record);
        listener.Start();

        await provider.GetRequiredService<MagicHourClient>().V1.AiHeadshotGenerator.GenerateAsync(Env.Headshot(Env.Portrait), new GenerateOptions { DownloadDirectory = dir.Path });

        lock (seen)
        {
            Assert.That(seen, Does.Contain((MagicHourDiagnostics.Instruments.RequestDuration, (object?)"AiHeadshotGenerator_Create")));
            Assert.That(seen, Does.Contain((MagicHourDiagnostics.Instruments.RequestDuration, (object?)"download")), "the storage pipeline too");
            Assert.That(seen, Does.Contain((MagicHourDiagnostics.Instruments.WorkflowDuration, (object?)"generate")));
        }
    }
}
