using System.Diagnostics;
using MagicHour.Cli.Commands;
using MagicHour.Cli.Tools;

namespace MagicHour.Cli.Tests;

/// <summary><c>magichour completion SHELL</c> and the hidden <c>magichour complete</c> the scripts call.</summary>
public class CompletionTests
{
    private static async Task<string[]> Complete(string line)
    {
        var run = await Cli.Run("complete", "--position", line.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), line);
        Assert.That(run.Code, Is.EqualTo(ExitCodes.Ok), run.ToString());
        return run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>Every enum field of the spec, as (command line prefix, flag, known values).</summary>
    private static IEnumerable<(string Command, string Flag, IReadOnlyList<string> Values)> EnumFlags()
    {
        foreach (var tool in ToolCatalog.All)
        {
            var options = new RequestOptions(tool);
            foreach (var field in tool.Fields.Where(f => f.KnownValues is { Count: > 0 }))
            {
                if (options.FlagFor(field.JsonPath) is { } flag) yield return ($"magichour {tool.Kind} {tool.Name}", flag, field.KnownValues!);
            }
        }
    }

    [Test]
    public async Task EnumOption_CompletesItsKnownValues_ForEveryEnumFieldOfTheSpec()
    {
        var flags = EnumFlags().ToList();
        Assert.That(flags, Is.Not.Empty, "the spec has enum fields");
        foreach (var (command, flag, values) in flags)
        {
            var words = await Complete($"{command} {flag} ");
            Assert.That(words, Is.SupersetOf(values), $"{command} {flag}");
        }
    }

    /// <summary>System.CommandLine keeps values containing the typed text (the shells then keep those starting with it).</summary>
    [Test]
    public async Task TypedText_NarrowsTheValues()
    {
        var (command, flag, values) = EnumFlags().First(f => f.Values.Any(v => v.Length > 3) && f.Values.Count > 1);
        var typed = values.First(v => v.Length > 3)[..3];
        var words = await Complete($"{command} {flag} {typed}");
        Assert.That(words, Is.EquivalentTo(values.Where(v => v.Contains(typed, StringComparison.OrdinalIgnoreCase))));
    }

    [Test]
    public async Task Commands_Subcommands_AndFlags_Complete()
    {
        Assert.That(await Complete("magichour "), Is.SupersetOf(new[] { "image", "video", "audio", "faces", "files", "account", "saved-items", "completion" }));
        Assert.That(await Complete("magichour ima"), Is.EqualTo(new[] { "image" }));
        Assert.That(await Complete("magichour image "), Is.SupersetOf(new[] { "ai-headshot-generator", "get", "wait", "download", "resume", "delete" }));
        Assert.That(await Complete("magichour saved-items list --type "), Is.SupersetOf(new[] { "voice", "character" }));
        Assert.That(await Complete("magichour headshot --"), Is.SupersetOf(new[] { "--output", "--no-wait", "--json", "--dry-run" }));
        Assert.That(await Complete("magichour completion "), Is.SupersetOf(CompletionCommands.Shells));
    }

    [Test]
    public async Task Completion_PrintsAScriptForEachShell_ThatAsksMagichourComplete([Values("bash", "zsh", "fish", "pwsh")] string shell)
    {
        var run = await Cli.Run("completion", shell);
        Assert.That(run.Code, Is.EqualTo(ExitCodes.Ok), run.ToString());
        Assert.That(run.Out, Does.Contain("magichour complete --position"));
        Assert.That(run.Err, Is.Empty);
    }

    [Test]
    public async Task Completion_UnknownShell_IsUsage()
    {
        var run = await Cli.Run("completion", "tcsh");
        Assert.That(run.Code, Is.EqualTo(ExitCodes.Usage), run.ToString());
    }

    /// <summary>The bash script itself, sourced in a real bash with the built CLI behind <c>magichour</c>.</summary>
    [Test]
    public async Task BashScript_FillsCompReply_FromTheRealCli()
    {
        if (OperatingSystem.IsWindows() || !File.Exists("/bin/bash")) Assert.Ignore("needs bash");
        var dll = Path.Combine(AppContext.BaseDirectory, "magichour.dll");
        var script = (await Cli.Run("completion", "bash")).Out;
        using var dir = new TempDir();
        var scriptPath = dir.File("completion.bash", System.Text.Encoding.UTF8.GetBytes(script));
        var (command, flag, values) = EnumFlags().First();
        var line = $"{command} {flag} ";
        var driver = $$"""
            magichour() { dotnet '{{dll}}' "$@"; }
            source '{{scriptPath}}'
            COMP_LINE='{{line}}'; COMP_POINT=${#COMP_LINE}
            read -ra COMP_WORDS <<< "$COMP_LINE"; COMP_WORDS+=(""); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
            _magichour_complete
            printf '%s\n' "${COMPREPLY[@]}"
            """;
        var start = new ProcessStartInfo("/bin/bash") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var bash = Process.Start(start)!;
        await bash.StandardInput.WriteAsync(driver);
        bash.StandardInput.Close();
        var output = await bash.StandardOutput.ReadToEndAsync();
        var error = await bash.StandardError.ReadToEndAsync();
        await bash.WaitForExitAsync();
        Assert.That(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.SupersetOf(values), error);
    }
}
