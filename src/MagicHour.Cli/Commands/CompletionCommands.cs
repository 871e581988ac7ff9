using System.CommandLine;

namespace MagicHour.Cli.Commands;

/// <summary>
/// <c>magichour completion bash|zsh|fish|pwsh</c> prints a script that asks <c>magichour complete --position N "LINE"</c>
/// (hidden, the same protocol as <c>dotnet complete</c>) for the words that fit; the answers come from the command tree,
/// so commands, flags and enum values (models, voices, styles …) complete with no script change when the spec grows.
/// </summary>
internal static class CompletionCommands
{
    /// <summary>The shells a script exists for.</summary>
    public static readonly string[] Shells = ["bash", "zsh", "fish", "pwsh"];

    /// <summary><c>completion</c> and the hidden <c>complete</c>; <paramref name="root"/> is what completions are computed on.</summary>
    public static IEnumerable<Command> Create(CliRoot app, RootCommand root)
    {
        var shell = new Argument<string>("shell") { Description = "bash, zsh, fish or pwsh." };
        shell.AcceptOnlyFromAmong(Shells);
        var completion = new Command("completion", "Print a shell completion script (commands, flags and their known values). " +
            "bash: `source <(magichour completion bash)`; zsh: `source <(magichour completion zsh)`; " +
            "fish: `magichour completion fish | source`; PowerShell: `magichour completion pwsh | Out-String | Invoke-Expression`. " +
            "Add the line to your shell's profile to keep it.") { shell };
        completion.SetAction(parse =>
        {
            app.Settings.Output.Write(Script(parse.GetValue(shell)!));
            return ExitCodes.Ok;
        });
        yield return completion;

        var position = new Option<int?>("--position") { Description = "Cursor position in LINE (default: its end)." };
        var line = new Argument<string>("line") { Description = "The command line typed so far, starting with the program's name." };
        var complete = new Command("complete", "Print the completions for LINE at --position, one a line (used by the completion scripts).") { position, line };
        complete.Hidden = true;
        complete.SetAction(parse =>
        {
            foreach (var word in Suggest(root, parse.GetValue(line)!, parse.GetValue(position))) app.Settings.Output.WriteLine(word);
            return ExitCodes.Ok;
        });
        yield return complete;
    }

    /// <summary>The completions for <paramref name="line"/> (program name first) at <paramref name="position"/>.</summary>
    public static IEnumerable<string> Suggest(RootCommand root, string line, int? position)
    {
        var cursor = Math.Max(0, position ?? line.Length);
        // PowerShell passes the command's text without trailing blanks, and a cursor past it.
        if (cursor > line.Length) line = line.PadRight(cursor);
        var typed = line[..cursor];
        var program = typed.TrimStart();
        var skip = typed.Length - program.Length;
        var end = program.IndexOfAny([' ', '\t']);
        if (end < 0) return [];
        skip += end + 1;
        var rest = typed[skip..];
        return root.Parse(rest).GetCompletions(rest.Length).Select(c => c.Label).Distinct();
    }

    private static string Script(string shell) => shell switch
    {
        "bash" => """
            # magichour completion for bash: source <(magichour completion bash)
            _magichour_complete() {
              local IFS=$'\n'
              local cur="${COMP_WORDS[COMP_CWORD]}"
              COMPREPLY=($(compgen -W "$(magichour complete --position "${COMP_POINT}" "${COMP_LINE}" 2>/dev/null)" -- "$cur"))
            }
            complete -o default -F _magichour_complete magichour

            """,
        "zsh" => """
            # magichour completion for zsh: source <(magichour completion zsh)
            _magichour_complete() {
              local line="${BUFFER[1,CURSOR]}"
              local -a words_out
              words_out=("${(@f)$(magichour complete --position ${#line} "$line" 2>/dev/null)}")
              if (( ${#words_out} )) && [[ -n "${words_out[1]}" ]]; then
                compadd -a words_out
              else
                _files
              fi
            }
            compdef _magichour_complete magichour

            """,
        "fish" => """
            # magichour completion for fish: magichour completion fish | source
            complete -c magichour -a '(set -l line (commandline -cp); magichour complete --position (string length -- "$line") "$line" 2>/dev/null)'

            """,
        _ => """
            # magichour completion for PowerShell: magichour completion pwsh | Out-String | Invoke-Expression
            Register-ArgumentCompleter -Native -CommandName magichour -ScriptBlock {
                param($wordToComplete, $commandAst, $cursorPosition)
                $position = $cursorPosition - $commandAst.Extent.StartOffset
                magichour complete --position $position "$commandAst" 2>$null | ForEach-Object {
                    [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
                }
            }

            """,
    };
}
