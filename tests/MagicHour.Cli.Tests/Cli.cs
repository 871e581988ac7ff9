using System.Text.Json;
using MagicHour.Cli;
using MagicHour.Emulator;

namespace MagicHour.Cli.Tests;

/// <summary>One in-process run of the CLI: exit code, stdout, stderr.</summary>
internal sealed record CliRun(int Code, string Out, string Err)
{
    /// <summary>stdout parsed as one JSON document (fails the test when it is not).</summary>
    public JsonElement Json => JsonDocument.Parse(Out).RootElement;

    public override string ToString() => $"exit {Code}\n--- stdout\n{Out}\n--- stderr\n{Err}";
}

/// <summary>
/// Runs the CLI in-process with an isolated environment: no MAGIC_HOUR_* variables, a config path of its own, and a
/// jump clock for the SDK's waits (a poll or retry backoff ends at once; <c>--timeout</c> below 30 s expires at once,
/// longer deadlines never), so a run takes as long as its HTTP exchanges. The emulators keep the wall clock: their
/// render times are zero, or an hour for a project that must never finish.
/// </summary>
internal static class Cli
{
    public static Task<CliRun> Run(params string[] args) => Run(args, new CliEnv());

    public static async Task<CliRun> Run(string[] args, CliEnv env, CancellationToken cancellationToken = default, TextWriter? error = null, TextWriter? output = null, bool interactive = false, HttpMessageHandler? transport = null)
    {
        output ??= new StringWriter();
        error ??= new StringWriter();
        var settings = new CliSettings
        {
            Output = output,
            Error = error,
            Input = new StringReader(env.Stdin ?? ""),
            Interactive = interactive,
            EmulatorRenderTime = TimeSpan.Zero,
            TimeProvider = new MagicHour.Testing.ManualTime(),
            GetEnvironmentVariable = name => env.Variables.GetValueOrDefault(name),
            Stop = env.Stop,
            Transport = transport,
        };
        var code = await CliApp.RunAsync(args, settings, cancellationToken);
        return new CliRun(code, output.ToString()!, error.ToString()!);
    }
}

/// <summary>The environment one run sees.</summary>
internal sealed class CliEnv
{
    /// <summary>
    /// The variables the run sees; MAGIC_HOUR_CONFIG starts as a path nothing creates, so a key saved on this machine
    /// never reaches a test (and tests that log in, running side by side, each set their own).
    /// </summary>
    public Dictionary<string, string?> Variables { get; } = new()
    {
        ["MAGIC_HOUR_CONFIG"] = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mh-cli-no-config-" + Guid.NewGuid().ToString("N"), "config.json"),
    };
    public string? Stdin { get; init; }
    public StopSignal Stop { get; init; } = new();
}

/// <summary>
/// An emulator with zero render time, and the flags that point the CLI at it. Its outputs are 2 KiB of zeros
/// unless <c>renderMedia</c> is set: rendering and encoding a 1024×1024 PNG costs about 0.3 s of CPU, and only the
/// tests that read a saved file's bytes need it (the emulator's media are tested in MagicHour.Emulator.Tests).
/// </summary>
internal sealed class TestEmulator : IAsyncDisposable
{
    private TestEmulator(MagicHourEmulator emulator) => Emulator = emulator;

    public MagicHourEmulator Emulator { get; }

    public string BaseUrl => Emulator.BaseUrl.ToString();

    public string Key => Emulator.ApiKey;

    public string[] Flags => ["--base-url", BaseUrl, "--api-key", Key];

    public static async Task<TestEmulator> StartAsync(TimeSpan? renderTime = null, Action<MagicHourEmulatorOptions>? configure = null, bool renderMedia = false)
    {
        var options = new MagicHourEmulatorOptions { RenderTime = renderTime ?? TimeSpan.Zero, SyntheticOutputBytes = renderMedia ? null : 2048 };
        configure?.Invoke(options);
        return new(await MagicHourEmulator.StartAsync(options));
    }

    /// <summary><paramref name="args"/> followed by this emulator's flags.</summary>
    public string[] With(params string[] args) => [.. args, .. Flags];

    public ValueTask DisposeAsync() => Emulator.DisposeAsync();
}

/// <summary>A temporary directory with sample inputs.</summary>
internal sealed class TempDir : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mh-cli-" + Guid.NewGuid().ToString("N"));

    public TempDir() => Directory.CreateDirectory(Path);

    public string File(string name, byte[] content)
    {
        var path = Sub(name);
        System.IO.File.WriteAllBytes(path, content);
        return path;
    }

    public string Portrait(string name = "portrait.png") => File(name, SampleImages.PortraitPng(128));

    /// <summary>A few bytes with an MP4 signature (the emulator does not decode inputs).</summary>
    public string Video(string name = "clip.mp4") => File(name, [0, 0, 0, 0x18, .. "ftypisom"u8.ToArray(), 0, 0, 0, 0]);

    /// <summary>A few bytes with an MP3 (ID3) signature.</summary>
    public string Audio(string name = "voice.mp3") => File(name, [.. "ID3"u8.ToArray(), 3, 0, 0, 0, 0, 0, 0]);

    public string Sub(string name) => System.IO.Path.Combine(Path, name);

    public string[] Files(string sub) => Directory.Exists(Sub(sub)) ? Directory.GetFiles(Sub(sub)).Where(f => !System.IO.Path.GetFileName(f).StartsWith('.')).Order().ToArray() : [];

    public void Dispose()
    {
        try { Directory.Delete(Path, true); } catch (IOException) { }
    }
}

/// <summary>A writer that calls <paramref name="action"/> once a line containing <paramref name="trigger"/> is written.</summary>
internal sealed class TriggerWriter(string trigger, Action action) : StringWriter
{
    private bool _fired;

    public override void WriteLine(string? value)
    {
        base.WriteLine(value);
        if (!_fired && value?.Contains(trigger, StringComparison.Ordinal) == true)
        {
            _fired = true;
            action();
        }
    }
}
