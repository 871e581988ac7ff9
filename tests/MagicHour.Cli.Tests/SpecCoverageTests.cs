using MagicHour.Cli.Commands;
using MagicHour.Cli.Tools;
using YamlDotNet.RepresentationModel;

namespace MagicHour.Cli.Tests;

/// <summary>The commands come from the spec: every create operation has one, under its project kind.</summary>
public class SpecCoverageTests
{
    /// <summary>(path, kind) of every POST that carries x-magichour-project-kind, read from the spec itself.</summary>
    private static List<(string Path, string Kind)> SpecCreateOperations()
    {
        var yaml = new YamlStream();
        using (var reader = File.OpenText(Path.Combine(TestContext.CurrentContext.TestDirectory, "magic-hour.v1.yaml"))) yaml.Load(reader);
        var paths = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["paths"];
        var result = new List<(string, string)>();
        foreach (var (path, item) in paths.Children)
        {
            if (item is YamlMappingNode methods && methods.Children.TryGetValue("post", out var post)
                && ((YamlMappingNode)post).Children.TryGetValue("x-magichour-project-kind", out var kind))
            {
                result.Add((((YamlScalarNode)path).Value!, ((YamlScalarNode)kind).Value!));
            }
        }
        return result;
    }

    [Test]
    public void EveryCreateOperationOfTheSpec_IsAToolOfItsKind()
    {
        var spec = SpecCreateOperations();
        Assert.That(spec, Has.Count.GreaterThanOrEqualTo(28));
        Assert.That(ToolCatalog.All.Select(t => (t.Path, t.Kind)), Is.EquivalentTo(spec));
    }

    [Test]
    public async Task EveryCreateOperationOfTheSpec_HasAWorkingCommand()
    {
        foreach (var (path, kind) in SpecCreateOperations())
        {
            var name = path["/v1/".Length..];
            var run = await Cli.Run(kind, name, "--help");
            Assert.That(run.Code, Is.EqualTo(ExitCodes.Ok), $"{kind} {name}: {run}");
            Assert.That(run.Out, Does.Contain($" {kind} {name}"), $"{kind} {name}");
        }
    }

    [Test]
    public async Task EveryGenerationCommand_WithItsRequiredFields_RunsOnTheEmulator()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var dir = new TempDir();
        foreach (var tool in ToolCatalog.All)
        {
            var run = await Cli.Run(emulator.With([.. ToolArgs.For(tool, dir), "--out", dir.Sub(tool.Name), "--json"]), new CliEnv());
            Assert.That(run.Code, Is.EqualTo(ExitCodes.Ok), $"{tool.Name}: {run}");
            Assert.That(run.Json.GetProperty("status").GetString(), Is.EqualTo("complete"), tool.Name);
            Assert.That(run.Json.GetProperty("kind").GetString(), Is.EqualTo(tool.Kind));
            Assert.That(dir.Files(tool.Name), Is.Not.Empty, tool.Name);
        }
        Assert.That(emulator.Emulator.GetStats().ProjectsCreated, Is.EqualTo(ToolCatalog.All.Count));
    }

    [Test]
    public void GenerationCommands_AreNamedAfterTheResource_WithObviousShortAliases()
    {
        var headshot = ToolCatalog.All.Single(t => t.Name == "ai-headshot-generator");
        Assert.That(CommandNames.Aliases(headshot), Is.EqualTo(new[] { "headshot" }));
        Assert.That(CommandNames.Aliases(ToolCatalog.All.Single(t => t.Name == "image-to-video")), Does.Contain("from-image"));
        Assert.That(CommandNames.Aliases(ToolCatalog.All.Single(t => t.Name == "ai-voice-generator")), Does.Contain("speech"));
    }

    [Test]
    public async Task Options_ComeFromTheRequestModel()
    {
        var run = await Cli.Run("video", "face-swap", "--help");
        Assert.That(run.Out, Does.Contain("--end-seconds").And.Contain("--start-seconds").And.Contain("--assets.video-file-path"));
        var editor = await Cli.Run("image", "ai-face-editor", "--help");
        Assert.That(editor.Out, Does.Contain("--style.mouth-smile").And.Contain("-100 to 100"));
    }

    [Test]
    public void EnumOptions_CompleteTheKnownValues()
    {
        var tool = ToolCatalog.All.First(t => t.Fields.Any(f => f.KnownValues is { Count: > 1 }));
        var field = tool.Fields.First(f => f.KnownValues is { Count: > 1 });
        var flag = "--" + field.JsonPath.Replace('_', '-');
        var root = MagicHour.Cli.CliApp.BuildRoot(new CliRoot(new GlobalOptions(), new CliSettings { Output = TextWriter.Null, Error = TextWriter.Null }));
        var line = $"{tool.Kind} {tool.Name} {flag} ";
        var completions = root.Parse(line).GetCompletions(line.Length).Select(c => c.Label).ToList();
        Assert.That(completions, Is.SupersetOf(field.KnownValues!), $"{line}");
    }
}
