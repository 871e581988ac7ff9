using System.Diagnostics;
using Microsoft.CodeAnalysis;

namespace MagicHour.PackageTests.ReadmeSnippets;

/// <summary>What a snippet's process did.</summary>
public sealed record SnippetRun(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StandardOutput}--- stderr\n{StandardError}";
}

/// <summary>
/// Runs a compiled console snippet as its own process (`dotnet Program.dll`), as `dotnet run` would: its own
/// environment, its working directory, the package's files beside it. Its own process, so the environment variables a
/// snippet reads never leak into other tests.
/// </summary>
public static class SnippetRunner
{
    public static async Task<SnippetRun> RunAsync(SnippetCompilation compiled, string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan limit)
    {
        var bin = Path.Combine(workingDirectory, "bin");
        Directory.CreateDirectory(bin);
        var program = Path.Combine(bin, "Program.dll");
        var emit = compiled.Compilation.Emit(program);
        if (!emit.Success) throw new InvalidOperationException(string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        foreach (var file in compiled.ImplementationFiles) File.Copy(file, Path.Combine(bin, Path.GetFileName(file)), overwrite: true);
        var version = Environment.Version;
        File.WriteAllText(Path.Combine(bin, "Program.runtimeconfig.json"), $$"""
            { "runtimeOptions": { "tfm": "net{{version.Major}}.{{version.Minor}}", "framework": { "name": "Microsoft.NETCore.App", "version": "{{version.Major}}.{{version.Minor}}.0" } } }
            """);

        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(program);
        foreach (var name in new[] { "MAGIC_HOUR_API_KEY", "MAGIC_HOUR_BASE_URL", "MAGIC_HOUR_POLL_INTERVAL" }) info.Environment.Remove(name);
        foreach (var (name, value) in environment) info.Environment[name] = value;

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // A guard against a hung snippet, not a time assertion: a healthy run takes about a second.
        using var guard = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return new SnippetRun(-1, await stdout, await stderr + $"\n(killed: still running after {limit})");
        }
        return new SnippetRun(process.ExitCode, await stdout, await stderr);
    }
}
