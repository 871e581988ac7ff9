using System.Runtime.CompilerServices;
using MagicHour.Emulator;
using MagicHour.Generated;
using MagicHour.Testing;

namespace MagicHour.IntegrationTests;

/// <summary>
/// Helpers: a fresh emulator per test, a client for it, a temp directory, PNG checks. The emulator and its clients
/// share one <see cref="JumpClock"/>: renders, polls and retry waits take no real time, deadlines fire when the fake
/// time reaches them.
/// </summary>
public static class Env
{
    private static readonly ConditionalWeakTable<MagicHourEmulator, TimeProvider> Clocks = new();

    public static async Task<MagicHourEmulator> StartAsync(Action<MagicHourEmulatorOptions>? configure = null)
    {
        var options = new MagicHourEmulatorOptions { RenderTime = TimeSpan.FromMilliseconds(300), TimeProvider = new JumpClock() };
        configure?.Invoke(options);
        var emulator = await MagicHourEmulator.StartAsync(options);
        Clocks.Add(emulator, options.TimeProvider);
        return emulator;
    }

    /// <summary>The clock <paramref name="emulator"/> runs on (a <see cref="JumpClock"/> unless the test chose another).</summary>
    public static TimeProvider ClockOf(MagicHourEmulator emulator) => Clocks.TryGetValue(emulator, out var clock) ? clock : TimeProvider.System;

    public static MagicHourClient Client(MagicHourEmulator emulator, Action<MagicHourClientOptions>? configure = null)
    {
        var options = new MagicHourClientOptions
        {
            ApiKey = emulator.ApiKey,
            BaseUrl = emulator.BaseUrl,
            PollInterval = TimeSpan.FromMilliseconds(50),
            MaxPollInterval = TimeSpan.FromMilliseconds(200),
            TimeProvider = ClockOf(emulator),
        };
        configure?.Invoke(options);
        return new MagicHourClient(options);
    }

    public static AiHeadshotGeneratorCreateRequest Headshot(string imagePath) => new() { Name = "test", Assets = new() { ImageFilePath = imagePath } };

    /// <summary>Width and height from a PNG's IHDR chunk, after checking the signature.</summary>
    public static (int Width, int Height) PngSize(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.That(bytes.Take(8), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), "PNG signature");
        int BigEndian(int offset) => (bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3];
        return (BigEndian(16), BigEndian(20));
    }
}

public sealed class TempDir : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mh-it-" + Guid.NewGuid().ToString("N"));
    public TempDir() => Directory.CreateDirectory(Path);
    public string File(string name, byte[] content)
    {
        var path = System.IO.Path.Combine(Path, name);
        System.IO.File.WriteAllBytes(path, content);
        return path;
    }
    public string Portrait(string name = "portrait.png") => File(name, SampleImages.PortraitPng(256));
    public string Sub(string name) => System.IO.Path.Combine(Path, name);
    public string[] Entries(string sub) => Directory.Exists(Sub(sub)) ? Directory.GetFiles(Sub(sub)).Select(f => System.IO.Path.GetFileName(f)!).ToArray() : [];
    public void Dispose() { try { Directory.Delete(Path, true); } catch (IOException) { } }
}
