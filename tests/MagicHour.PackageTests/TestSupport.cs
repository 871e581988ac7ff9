using System.Collections.Concurrent;
using System.Net.Http.Headers;
using MagicHour.Emulator;
using MagicHour.Generated;
using Microsoft.Extensions.Logging;

namespace MagicHour.PackageTests;

/// <summary>Shared helpers: a fresh emulator, the sample portrait, the repository root, temp directories.</summary>
public static class Env
{
    public static async Task<MagicHourEmulator> StartEmulatorAsync(Action<MagicHourEmulatorOptions>? configure = null)
    {
        var options = new MagicHourEmulatorOptions { RenderTime = TimeSpan.FromMilliseconds(300), ApiKey = "mh_pkgtest_" + Guid.NewGuid().ToString("N") };
        configure?.Invoke(options);
        return await MagicHourEmulator.StartAsync(options);
    }

    /// <summary>The repository root (holds MagicHour.Generated.sln), found from the test's output directory.</summary>
    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "MagicHour.Generated.sln"))) return dir.FullName;
            }
            throw new InvalidOperationException("MagicHour.Generated.sln not found above " + TestContext.CurrentContext.TestDirectory);
        }
    }

    public static string Portrait => Path.Combine(RepoRoot, "tools", "samples", "portrait.png");

    public static AiHeadshotGeneratorCreateRequest Headshot(string imagePath) => new() { Name = "package test", Assets = new() { ImageFilePath = imagePath } };

    public static void AssertPng(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.That(bytes.Take(8), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), $"{path} is a PNG");
    }
}

public sealed class TempDir : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mh-pkg-" + Guid.NewGuid().ToString("N"));
    public TempDir() => Directory.CreateDirectory(Path);
    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}

/// <summary>Sets an environment variable for the duration of a test, then restores it.</summary>
public sealed class EnvVar : IDisposable
{
    private readonly string _name;
    private readonly string? _previous;
    public EnvVar(string name, string? value)
    {
        _name = name;
        _previous = Environment.GetEnvironmentVariable(name);
        Environment.SetEnvironmentVariable(name, value);
    }
    public void Dispose() => Environment.SetEnvironmentVariable(_name, _previous);
}

/// <summary>An IProgress that records synchronously, in order.</summary>
public sealed class RecordingProgress : IProgress<GenerateProgress>
{
    private readonly List<GenerateProgress> _reports = new();
    public void Report(GenerateProgress value) { lock (_reports) _reports.Add(value); }
    public List<GenerateProgress> Reports { get { lock (_reports) return _reports.ToList(); } }
}

/// <summary>One request as it left the handler chain (after the SDK's handlers).</summary>
public sealed record SeenRequest(HttpMethod Method, Uri Uri, AuthenticationHeaderValue? Authorization, string UserAgent, int Status);

/// <summary>A handler added by the test through the IHttpClientBuilder that AddMagicHour returns; it sits after the SDK's handlers.</summary>
public sealed class RecordingHandler : DelegatingHandler
{
    public ConcurrentQueue<SeenRequest> Seen { get; } = new();
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        Seen.Enqueue(new SeenRequest(request.Method, request.RequestUri!, request.Headers.Authorization, request.Headers.UserAgent.ToString(), (int)response.StatusCode));
        return response;
    }
}

/// <summary>One log entry as a logger provider received it, with the message formatted and the state's values.</summary>
public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyList<KeyValuePair<string, object?>> State, Exception? Exception)
{
    /// <summary>Everything a log sink could write for this entry.</summary>
    public string AllText => string.Join(" | ", new[] { Category, Message, Exception?.ToString() ?? "" }.Concat(State.Select(kv => $"{kv.Key}={kv.Value}")));
}

/// <summary>Captures every log entry at every level.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    public IReadOnlyList<LogEntry> Entries => _entries.ToList();
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);
    public void Dispose() { }

    private sealed class Logger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
            entries.Enqueue(new LogEntry(category, logLevel, eventId, formatter(state, exception), values.ToList(), exception));
        }
    }
}
