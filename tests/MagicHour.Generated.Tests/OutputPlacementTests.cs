using System.Diagnostics;
using System.Net;
using System.Text;
using RichardSzalay.MockHttp;

namespace MagicHour.Generated.Tests;

/// <summary>
/// Issue 11 row 3: no output is ever overwritten or shared, across tasks and processes, when every project's
/// output has the same name (the vendor's examples all end in output.png).
/// </summary>
public class OutputPlacementTests
{
    /// <summary>The bytes project <paramref name="id"/>'s output has: its id, repeated, so every file says whose it is.</summary>
    internal static byte[] OutputOf(string id)
    {
        var unit = Encoding.UTF8.GetBytes(id + ";");
        return Enumerable.Range(0, 16 * 1024).Select(i => unit[i % unit.Length]).ToArray();
    }

    /// <summary>Resumes <paramref name="ids"/> at once, each project's one output named out.png, into <paramref name="directory"/>.</summary>
    internal static async Task<(string Id, string Path)[]> ResumeAllAsync(IReadOnlyList<string> ids, string directory)
    {
        using var api = new FakeApi();
        // One route each for projects and outputs, answering from the id in the path (hundreds of routes would make
        // every request scan them all).
        api.Mock.When(HttpMethod.Get, "https://api.test/v1/image-projects/*").Respond(request =>
        {
            var id = request.RequestUri!.Segments[^1];
            return FakeApi.Json(HttpStatusCode.OK, FakeApi.Project(id, "complete", FakeApi.Downloads($"https://storage.test/{id}/out.png?X-Amz-Signature=s")));
        });
        api.Mock.When(HttpMethod.Get, "https://storage.test/*").Respond(request => FakeApi.Bytes(OutputOf(request.RequestUri!.Segments[1].TrimEnd('/'))));
        var client = api.CreateClient();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = ids.Select(async id =>
        {
            await start.Task;
            var result = await client.V1.AiHeadshotGenerator.ResumeAsync(id, new GenerateOptions { DownloadDirectory = directory });
            return (id, result.DownloadedPaths.Single());
        }).ToArray();
        start.SetResult();
        return await Task.WhenAll(tasks);
    }

    internal static void AssertEveryOutputWholeAndOwn(string directory, IReadOnlyCollection<(string Id, string Path)> results, int expected)
    {
        Assert.That(results, Has.Count.EqualTo(expected));
        Assert.That(results.Select(r => r.Path).Distinct().Count(), Is.EqualTo(expected), "no path is returned to two callers");
        var files = Directory.GetFiles(directory);
        Assert.That(files, Has.Length.EqualTo(expected), "one file per output: none lost, no temp or reservation left");
        foreach (var (id, path) in results)
        {
            // SequenceEqual, not Is.EqualTo: NUnit compares arrays element by element, 6.5 million boxed bytes per run.
            Assert.That(File.ReadAllBytes(path).AsSpan().SequenceEqual(OutputOf(id)), Is.True, $"{Path.GetFileName(path)} holds {id}'s output, whole");
        }
        Assert.That(files.Select(Path.GetFileName), Has.All.Match(@"^out(-\d+)?\.png$"));
    }

    [Test, Repeat(2)]
    public async Task TwoHundredConcurrentResumes_IntoOneDirectory_SameName_KeepTwoHundredWholeDistinctFiles()
    {
        using var dir = new TempDir();
        var ids = Enumerable.Range(0, 200).Select(i => $"p{i}").ToList();

        var results = await ResumeAllAsync(ids, dir.Path);

        AssertEveryOutputWholeAndOwn(dir.Path, results, 200);
    }

    [Test]
    public async Task ConcurrentResumes_InFourProcesses_IntoOneDirectory_NeverShareOrOverwrite()
    {
        using var dir = new TempDir();
        var go = Path.Combine(Path.GetTempPath(), "mh-go-" + Guid.NewGuid().ToString("N"));
        var self = typeof(OutputPlacementTests).Assembly.Location;
        var children = Enumerable.Range(0, 4).Select(c =>
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { "exec", self, ChildProgram.PlaceCommand, dir.Path, $"c{c}", "30", go }) info.ArgumentList.Add(arg);
            var process = Process.Start(info)!;
            return (Process: process, Ready: process.StandardOutput.ReadLineAsync(), Errors: process.StandardError.ReadToEndAsync());
        }).ToList();
        try
        {
            // Each child prints "ready" once started, then waits for the go file: all place at once.
            foreach (var child in children) Assert.That(await child.Ready.WaitAsync(TimeSpan.FromSeconds(60)), Is.EqualTo("ready"), await Task.WhenAny(child.Errors, Task.Delay(100)) == child.Errors ? child.Errors.Result : "");
            File.WriteAllText(go, "go");
            var results = new List<(string Id, string Path)>();
            foreach (var (process, _, errors) in children)
            {
                var output = await process.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(120));
                Assert.That(process.WaitForExit(60_000), Is.True, "child finished");
                Assert.That(process.ExitCode, Is.EqualTo(0), await errors);
                results.AddRange(output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains('\t'))
                    .Select(l => l.Split('\t')).Select(p => (p[0], p[1].Trim())));
            }

            AssertEveryOutputWholeAndOwn(dir.Path, results, 120);
        }
        finally
        {
            File.Delete(go);
            foreach (var (process, _, _) in children) if (!process.HasExited) process.Kill();
        }
    }
}

/// <summary>
/// The test assembly's entry point (the csproj's StartupObject): <c>dotnet exec MagicHour.Generated.Tests.dll place
/// DIR TAG COUNT GOFILE</c> resumes COUNT fake projects into DIR once GOFILE exists and prints "id\tpath" per output,
/// so tests can place outputs from several processes at once. Any other arguments run the tests (Microsoft.Testing.Platform).
/// </summary>
public static class ChildProgram
{
    public const string PlaceCommand = "place";

    public static async Task<int> Main(string[] args)
    {
        if (args.Length != 5 || args[0] != PlaceCommand) return await MicrosoftTestingPlatformApplication.RunAsync(args);
        var (directory, tag, count, go) = (args[1], args[2], int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture), args[4]);
        Console.WriteLine("ready");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(go) && DateTime.UtcNow < deadline) await Task.Delay(2);
        var results = await OutputPlacementTests.ResumeAllAsync(Enumerable.Range(0, count).Select(i => $"{tag}-{i}").ToList(), directory);
        foreach (var (id, path) in results) Console.WriteLine($"{id}\t{path}");
        return 0;
    }
}
