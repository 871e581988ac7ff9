using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace MagicHour.Benchmarks;

/// <summary>An emulator (or the Node compatibility proxy) in its own process, stopped and cleaned up on dispose.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string? _storage;

    private ServerProcess(Process process, Uri baseUrl, string? storage)
    {
        _process = process;
        BaseUrl = baseUrl;
        _storage = storage;
    }

    public const string ApiKey = "bench-key";

    public Uri BaseUrl { get; }

    public static Task<ServerProcess> EmulatorAsync(string dll, string work, params string[] extra)
    {
        var storage = Path.Combine(work, "emulator-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(storage);
        string[] args = [dll, "--port", "0", "--api-key", ApiKey, "--credits", "1000000000000", "--storage-dir", storage, .. extra];
        return StartAsync("dotnet", args, storage);
    }

    public static Task<ServerProcess> NodeProxyAsync(string nodeDir, Uri target)
        => StartAsync("node", [Path.Combine(nodeDir, "compat-proxy.js"), target.ToString()], null);

    private static async Task<ServerProcess> StartAsync(string file, string[] args, string? storage)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        var process = Process.Start(psi)!;
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            var marker = e.Data?.IndexOf("listening on ", StringComparison.Ordinal) ?? -1;
            if (marker >= 0) ready.TrySetResult(new Uri(e.Data![(marker + "listening on ".Length)..].Trim().TrimEnd('/') + "/"));
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var done = await Task.WhenAny(ready.Task, Task.Delay(TimeSpan.FromSeconds(60)));
        if (done != ready.Task) throw new InvalidOperationException($"{file} {string.Join(' ', args)} did not start.");
        return new ServerProcess(process, ready.Task.Result, storage);
    }

    public async Task<JsonNode> StatsAsync()
    {
        using var http = new HttpClient();
        return JsonNode.Parse(await http.GetStringAsync(new Uri(BaseUrl, "_emulator/stats")))!;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
        if (_storage is not null)
        {
            try { Directory.Delete(_storage, recursive: true); } catch (IOException) { }
        }
    }
}

/// <summary>Runs a child process under GNU time (wall time and peak RSS of exactly that process) and reads its RESULT line.</summary>
internal static class Child
{
    public static string LogDirectory { get; set; } = Path.GetTempPath();
    private static int _counter;

    /// <summary>Runs this program again with <paramref name="args"/>.</summary>
    public static Task<ChildResult> SelfAsync(string label, IEnumerable<string> args, IDictionary<string, string>? env = null)
    {
        var host = Environment.ProcessPath!;
        var self = typeof(Program).Assembly.Location;
        return RunAsync(label, host, Path.GetFileNameWithoutExtension(host) == "dotnet" ? [self, .. args] : [.. args], env);
    }

    public static async Task<ChildResult> RunAsync(string label, string file, IEnumerable<string> args, IDictionary<string, string>? env = null, string? workingDirectory = null)
    {
        var n = Interlocked.Increment(ref _counter);
        var log = Path.Combine(LogDirectory, $"{n:00}-{Sanitize(label)}.log");
        var timeFile = log + ".time";
        var psi = new ProcessStartInfo("/usr/bin/time") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["-f", "%e %M", "-o", timeFile, file, .. args]) psi.ArgumentList.Add(a);
        if (workingDirectory is not null) psi.WorkingDirectory = workingDirectory;
        if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;
        Console.WriteLine($"  [{DateTime.Now:HH:mm:ss}] {label}");
        var output = new StringBuilder();
        var sw = Stopwatch.StartNew();
        using var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine("stderr: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await process.WaitForExitAsync();
        sw.Stop();
        var text = output.ToString();
        await File.WriteAllTextAsync(log, $"{file} {string.Join(' ', args)}\n\n{text}");
        var line = text.Split('\n').LastOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
        var result = line is null ? null : JsonNode.Parse(line["RESULT ".Length..])!.AsObject();
        double? wall = null;
        long? peak = null;
        if (File.Exists(timeFile))
        {
            var parts = File.ReadAllLines(timeFile).LastOrDefault(l => l.Length > 0 && char.IsDigit(l[0]))?.Split(' ');
            if (parts is { Length: 2 })
            {
                wall = double.Parse(parts[0], CultureInfo.InvariantCulture);
                peak = long.Parse(parts[1], CultureInfo.InvariantCulture) * 1024;
            }
        }
        if (process.ExitCode != 0 || (result is null && label.Contains("scenario", StringComparison.Ordinal)))
        {
            Console.WriteLine($"    exit {process.ExitCode}; log: {log}");
        }
        return new ChildResult(process.ExitCode, result, wall ?? sw.Elapsed.TotalSeconds, peak, log, text);
    }

    private static string Sanitize(string s) => new(s.Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray());
}

internal sealed record ChildResult(int ExitCode, JsonObject? Result, double WallSeconds, long? PeakRssBytes, string Log, string Output)
{
    public bool Ok => ExitCode == 0 && Result is not null;
    public double Num(string name) => Result?[name]?.GetValue<double>() ?? double.NaN;
}
