using System.CommandLine;
using MagicHour.Cli.Commands;
using MagicHour.Cli.Output;
using MagicHour.Cli.Tools;

namespace MagicHour.Cli;

/// <summary>The <c>magichour</c> command line; callable in-process (tests) through <see cref="RunAsync(string[], CliSettings, CancellationToken)"/>.</summary>
public static class CliApp
{
    /// <summary>Runs one command line with the given streams.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, bool interactive, CancellationToken cancellationToken)
        => RunAsync(args, new CliSettings { Output = output, Error = error, Interactive = interactive }, cancellationToken);

    /// <summary>Runs one command line; returns the exit code (see <see cref="ExitCodes"/>).</summary>
    public static async Task<int> RunAsync(string[] args, CliSettings settings, CancellationToken cancellationToken)
    {
        var app = new CliRoot(new GlobalOptions(), settings);
        var root = BuildRoot(app);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0 && parsed.Action is not System.CommandLine.Help.HelpAction)
        {
            var output = new CliOutput(settings.Output, settings.Error, args.Contains("--json"));
            var message = string.Join(" ", parsed.Errors.Select(e => e.Message.TrimEnd('.') + "."));
            output.Error(new CliError("usage", message, ExitCodes.Usage, Hint: $"See: magichour {string.Join(' ', CommandPath(parsed.CommandResult.Command))} --help".Replace("  ", " ")));
            return ExitCodes.Usage;
        }
        var config = new InvocationConfiguration { Output = settings.Output, Error = settings.Error, ProcessTerminationTimeout = null };
        return await parsed.InvokeAsync(config, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The whole command tree.</summary>
    internal static RootCommand BuildRoot(CliRoot app)
    {
        var root = new RootCommand("Magic Hour from the command line: every generation tool of the API, projects, uploads, face detection and saved items. " +
            "Results go to stdout (--json for one JSON document, errors included), progress and errors to stderr. Key: --api-key, MAGIC_HOUR_API_KEY, or `magichour login`. " +
            "Shell completion: `magichour completion bash|zsh|fish|pwsh`. " +
            ExitCodes.HelpText);
        foreach (var option in app.Globals.All) root.Options.Add(option);
        foreach (var kind in ProjectKindCalls.All)
        {
            var group = new Command(kind.Name, $"{Capitalized(kind.Name)} tools and {kind.Name} projects.");
            foreach (var tool in ToolCatalog.OfKind(kind.Name)) group.Subcommands.Add(GenerationCommand.Create(app, tool, tool.Name, CommandNames.Aliases(tool)));
            foreach (var command in ProjectCommands.Create(app, kind)) group.Subcommands.Add(command);
            root.Subcommands.Add(group);
        }
        // The README's first command, kept exactly as written.
        if (ToolCatalog.All.FirstOrDefault(t => t.Name == CommandNames.HeadshotTool) is { } headshot)
        {
            root.Subcommands.Add(GenerationCommand.Create(app, headshot, "headshot", []));
        }
        root.Subcommands.Add(ResourceCommands.Faces(app));
        root.Subcommands.Add(new Command("files", "Uploads.") { ResourceCommands.Upload(app, "upload") });
        root.Subcommands.Add(ResourceCommands.Account(app));
        root.Subcommands.Add(ResourceCommands.SavedItems(app));
        foreach (var command in KeyCommands.Create(app)) root.Subcommands.Add(command);
        root.Subcommands.Add(EmulatorCommand.Create(app));
        foreach (var command in CompletionCommands.Create(app, root)) root.Subcommands.Add(command);
        // Older spellings, still accepted but not listed.
        root.Subcommands.Add(Hidden(ResourceCommands.Upload(app, "upload")));
        var projects = Hidden(new Command("projects", "Image projects (use `magichour image get|delete`)."));
        foreach (var command in ProjectCommands.Create(app, ProjectKindCalls.All[0])) projects.Subcommands.Add(command);
        root.Subcommands.Add(projects);
        return root;
    }

    private static Command Hidden(Command command)
    {
        command.Hidden = true;
        return command;
    }

    private static IEnumerable<string> CommandPath(Command command)
    {
        var names = new List<string>();
        for (Symbol? s = command; s is Command c && c is not RootCommand; s = c.Parents.FirstOrDefault()) names.Insert(0, c.Name);
        return names;
    }

    private static string Capitalized(string word) => char.ToUpperInvariant(word[0]) + word[1..];
}
