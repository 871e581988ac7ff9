using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using MagicHour.Emulator;
using MagicHour.Generated;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MagicHour.PackageTests.ReadmeSnippets;

/// <summary>
/// Every C# block of README.md compiles as what its marker says it is (docs/readme-snippets.md), and the runnable ones
/// run against the emulator and exit 0.
/// </summary>
public sealed class ReadmeSnippetTests
{
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(2);

    // Each README block is compiled once per test run (Readme_Compiles, and the run tests that emit it) and each
    // runnable one run once (Readme_RunsAgainstTheEmulator and QuickStart_PrintsWhatItsCommentSays check the same run
    // of the Quick start); the runs' emulators and directories live until the fixture ends.
    private static readonly ConcurrentDictionary<int, Lazy<SnippetCompilation>> Compilations = new();
    private static readonly ConcurrentDictionary<int, Lazy<Task<EmulatorRun>>> Runs = new();

    private sealed record EmulatorRun(SnippetRun Run, MagicHourEmulator Emulator, TempDir Directory);

    [OneTimeTearDown]
    public async Task DisposeRuns()
    {
        foreach (var run in Runs.Values.Where(r => r.IsValueCreated).Select(r => r.Value))
        {
            if (!run.IsCompletedSuccessfully) continue;
            await run.Result.Emulator.DisposeAsync();
            run.Result.Directory.Dispose();
        }
        Runs.Clear();
    }

    public static IEnumerable<TestCaseData> CSharpBlocks() =>
        Readme.Snippets.Select(s => new TestCaseData(s).SetName($"Readme_Compiles(line {s.Line}, {s.Kind})"));

    public static IEnumerable<TestCaseData> RunnableBlocks() =>
        Readme.Snippets.Where(s => s.Runnable).Select(s => new TestCaseData(s).SetName($"Readme_RunsAgainstTheEmulator(line {s.Line})"));

    [TestCaseSource(nameof(CSharpBlocks))]
    public void Readme_Compiles(ReadmeSnippet snippet)
    {
        var compiled = Compile(snippet);
        Assert.That(compiled.Succeeded, Is.True, () => $"README.md {snippet} does not compile as {What(snippet)}:\n" +
            SnippetCompiler.Describe(snippet, compiled.Problems) + Hint(snippet));
    }

    [TestCaseSource(nameof(RunnableBlocks))]
    public async Task Readme_RunsAgainstTheEmulator(ReadmeSnippet snippet)
    {
        var run = (await RunAsync(snippet)).Run;
        Assert.That(run.ExitCode, Is.Zero, run.ToString);
    }

    /// <summary>The Quick start prints what its last comment says: the status, then each output's absolute path, named from its URL.</summary>
    [Test]
    public async Task QuickStart_PrintsWhatItsCommentSays()
    {
        var quickStart = Readme.Snippets.First(s => s.Heading == "Quick start");
        Assert.That(quickStart.Runnable, Is.True, "the Quick start block is marked runnable");
        var comment = quickStart.Code.TrimEnd().Split('\n')[^1];
        Assert.That(comment, Does.StartWith("// complete: /"), "the Quick start ends with the line it prints");

        var (run, emulator, dir) = await RunAsync(quickStart);
        Assert.That(run.ExitCode, Is.Zero, run.ToString);

        var printed = Regex.Match(run.StandardOutput, @"^complete: (?<path>.+)$", RegexOptions.Multiline);
        Assert.That(printed.Success, Is.True, run.ToString);
        var path = printed.Groups["path"].Value.TrimEnd('\r');
        Assert.That(Path.IsPathFullyQualified(path), Is.True, $"'{path}' is absolute");
        Assert.That(Path.GetDirectoryName(path), Is.EqualTo(Path.Combine(dir.Path, "outputs")), "in outputs/ under the working directory");
        Env.AssertPng(path);

        using var client = new MagicHourClient(new MagicHourClientOptions { ApiKey = emulator.ApiKey, BaseUrl = emulator.BaseUrl });
        var project = await client.V1.ImageProjects.GetAsync(emulator.GetProjects().Single().Id);
        var url = project.Downloads.Single().Url;
        Assert.That(Path.GetFileName(path), Is.EqualTo(Path.GetFileName(url.AbsolutePath)), "named from the output URL");
    }

    [Test]
    public void Readme_HasRunnableSnippetsOfEachKindItUses()
    {
        Assert.That(Readme.Snippets, Has.Count.GreaterThanOrEqualTo(5), "README.md's C# blocks were found");
        Assert.That(Readme.Snippets.Count(s => s.Runnable), Is.GreaterThanOrEqualTo(1));
    }

    // The parser and compiler themselves: a test of the README that cannot fail would prove nothing.

    [Test]
    public void Parse_TypesEachBlockByTheMarkerBeforeIt()
    {
        var snippets = ReadmeSnippet.Parse("""
            # A
            ```csharp
            Console.WriteLine(1);
            ```
            ```bash
            echo not C#
            ```
            <!-- snippet: console; runnable -->
            ```cs
            Console.WriteLine(2);
            ```
            ## B
            <!-- snippet: fragment; usings: Microsoft.Extensions.Logging; context: MagicHourClient client, ILogger log -->

            ```c#
            log.LogInformation("x");
            ```
            """);
        Assert.That(snippets.Select(s => (s.Line, s.Heading, s.Kind, s.Runnable)), Is.EqualTo(new[]
        {
            (2, "A", SnippetKind.Console, false), (9, "A", SnippetKind.Console, true), (15, "B", SnippetKind.Fragment, false),
        }));
        Assert.That(snippets[2].Context, Is.EqualTo("MagicHourClient client, ILogger log"));
        Assert.That(snippets[2].Usings, Is.EqualTo(new[] { "Microsoft.Extensions.Logging" }));
        Assert.That(snippets[0].Code, Is.EqualTo("Console.WriteLine(1);\n"));
    }

    [TestCase("<!-- snippet: winforms -->\n```csharp\nx();\n```", "unknown snippet kind 'winforms'")]
    [TestCase("<!-- snippet: aspnetcore; runnable -->\n```csharp\nx();\n```", "only console snippets are runnable")]
    [TestCase("<!-- snippet: console; lint -->\n```csharp\nx();\n```", "unknown snippet marker part 'lint'")]
    [TestCase("<!-- snippet: console -->\nSome text.\n```csharp\nx();\n```", "must be followed by a ```csharp block")]
    [TestCase("<!-- snippet: console -->\n```bash\nls\n```", "must be followed by a ```csharp block")]
    [TestCase("```csharp\nx();\n", "never closed")]
    public void Parse_RefusesAMarkerItCannotUse(string markdown, string message) =>
        Assert.That(() => ReadmeSnippet.Parse(markdown), Throws.InstanceOf<FormatException>().With.Message.Contains(message));

    [TestCase("string? s = null;\nConsole.WriteLine(s.Length);\n", "CS8602")]              // nullable warnings are errors
    [TestCase("var key = Environment.GetEnvironmentVariable(\"K\");\nConsole.WriteLine(key.Length);\n", "CS8602")]
    [TestCase("var builder = WebApplication.CreateBuilder(args);\n", "CS0103")]            // a console app has no ASP.NET Core
    [TestCase("var client = new MagicHourClient(new MagicHourClientOptions());\n", "CS0246")] // no using, no client
    public void Compile_RefusesWhatANewConsoleAppRefuses(string program, string id)
    {
        var compiled = SnippetCompiler.Compile(Unmarked(program));
        Assert.That(compiled.Problems.Select(p => p.Id), Does.Contain(id), () => SnippetCompiler.Describe(Unmarked(program), compiled.Problems));
    }

    [Test]
    public void Compile_AcceptsEachKindInItsOwnProject()
    {
        var snippets = ReadmeSnippet.Parse("""
            ```csharp
            using MagicHour.Generated;
            using var client = new MagicHourClient(new MagicHourClientOptions { ApiKey = "k" });
            ```
            <!-- snippet: aspnetcore -->
            ```csharp
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddMagicHour(o => o.ApiKey = "k");
            builder.Build().Run();
            ```
            <!-- snippet: nunit; references: MagicHour.Emulator -->
            ```csharp
            using MagicHour.Emulator;
            public class T { [Test] public async Task A() { await using var e = await MagicHourEmulator.StartAsync(); } }
            ```
            <!-- snippet: fragment; context: MagicHourClient client, string id, CancellationToken cancellationToken -->
            ```csharp
            var project = await client.V1.ImageProjects.GetAsync(id, cancellationToken);
            ```
            """);
        foreach (var snippet in snippets)
        {
            var compiled = SnippetCompiler.Compile(snippet);
            Assert.That(compiled.Succeeded, Is.True, () => $"{snippet}:\n{SnippetCompiler.Describe(snippet, compiled.Problems)}");
        }
    }

    private static ReadmeSnippet Unmarked(string program) => ReadmeSnippet.Parse("```csharp\n" + program + "```\n").Single();

    private static SnippetCompilation Compile(ReadmeSnippet snippet) =>
        Compilations.GetOrAdd(snippet.Line, _ => new Lazy<SnippetCompilation>(() => SnippetCompiler.Compile(snippet))).Value;

    private static async Task<EmulatorRun> RunAsync(ReadmeSnippet snippet)
    {
        var compiled = Compile(snippet);
        Assert.That(compiled.Succeeded, Is.True, () => SnippetCompiler.Describe(snippet, compiled.Problems));
        return await Runs.GetOrAdd(snippet.Line, _ => new Lazy<Task<EmulatorRun>>(() => StartRunAsync(compiled))).Value;
    }

    private static async Task<EmulatorRun> StartRunAsync(SnippetCompilation compiled)
    {
        var emulator = await Env.StartEmulatorAsync(o => o.RenderTime = TimeSpan.FromMilliseconds(50));
        var dir = new TempDir();
        try
        {
            // The files the README's programs name, in the directory they run in.
            File.Copy(Env.Portrait, Path.Combine(dir.Path, "portrait.png"));
            var run = await SnippetRunner.RunAsync(compiled, dir.Path, new Dictionary<string, string>
            {
                ["MAGIC_HOUR_API_KEY"] = emulator.ApiKey,
                ["MAGIC_HOUR_BASE_URL"] = emulator.BaseUrl.ToString(),
                ["MAGIC_HOUR_POLL_INTERVAL"] = "0.02",
            }, RunLimit);
            return new EmulatorRun(run, emulator, dir);
        }
        catch
        {
            await emulator.DisposeAsync();
            dir.Dispose();
            throw;
        }
    }

    private static string What(ReadmeSnippet snippet) => snippet.Kind switch
    {
        SnippetKind.Console => "the Program.cs of a new console app",
        SnippetKind.AspNetCore => "the Program.cs of a new ASP.NET Core app",
        SnippetKind.NUnit => "a file of a new NUnit test project",
        _ => $"the body of an async method with parameters ({snippet.Context})",
    };

    private static string Hint(ReadmeSnippet snippet)
    {
        if (snippet.Kind != SnippetKind.Console || snippet.Runnable || snippet.References.Count > 0) return "";
        var root = (Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(snippet.Code).GetRoot() as CompilationUnitSyntax)!;
        var program = root.Members.OfType<GlobalStatementSyntax>().Any();
        return program
            ? "\n(An unmarked block is a console program. If it is something else, mark it: docs/readme-snippets.md.)"
            : "\n(An unmarked block is a console program, and this one has no statements: say what it is with a marker, see docs/readme-snippets.md.)";
    }
}

/// <summary>README.md of this repository, found from the test's output directory (also at test discovery).</summary>
internal static class Readme
{
    private static readonly Lazy<IReadOnlyList<ReadmeSnippet>> Parsed = new(() => ReadmeSnippet.Parse(File.ReadAllText(Path)));

    public static IReadOnlyList<ReadmeSnippet> Snippets => Parsed.Value;

    public static string Path
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var readme = System.IO.Path.Combine(dir.FullName, "README.md");
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "MagicHour.Generated.sln")) && File.Exists(readme)) return readme;
            }
            throw new InvalidOperationException("README.md beside MagicHour.Generated.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
