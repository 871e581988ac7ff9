using System.CommandLine;
using MagicHour.Cli.Output;
using MagicHour.Cli.Tools;
using MagicHour.Generated;

namespace MagicHour.Cli.Commands;

/// <summary><c>image|video|audio get|wait|download|delete|resume &lt;id&gt;</c>.</summary>
internal static class ProjectCommands
{
    /// <summary>The project subcommands of one kind.</summary>
    public static IEnumerable<Command> Create(CliRoot app, ProjectKindCalls kind)
    {
        yield return Get(app, kind);
        yield return Wait(app, kind);
        yield return Resume(app, kind, "download", $"Download a finished {kind.Name} project's outputs (waits first if it is still running).");
        yield return Resume(app, kind, "resume", $"Pick up {Article(kind.Name)} {kind.Name} project created earlier (e.g. after Ctrl+C or --timeout): wait for it, then download its outputs.");
        yield return Delete(app, kind);
    }

    private static Argument<string> Id() => new("id") { Description = "The project id, or '-' to read it from the previous command's --json output on stdin." };

    /// <summary>The id argument; <c>-</c> takes <c>project_id</c> (or <c>id</c>) from JSON on stdin, so commands chain.</summary>
    private static string ProjectId(Invocation run, Argument<string> id)
    {
        var value = run.Parse.GetValue(id)!;
        if (value != "-") return value;
        var text = run.Settings.Input.ReadToEnd();
        try
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(text);
            if ((node?["project_id"] ?? node?["id"])?.GetValue<string>() is { Length: > 0 } found) return found;
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException)
        {
        }
        throw new CliUsageException("<id> '-' reads the previous command's --json output from stdin, which had no project_id.");
    }

    private static Command Get(CliRoot app, ProjectKindCalls kind)
    {
        var id = Id();
        var command = new Command("get", $"Show {Article(kind.Name)} {kind.Name} project.") { id };
        CommandRunner.SetBody(command, app, async run =>
        {
            var projectId = ProjectId(run, id);
            if (run.DryRun) return run.PrintDryRun("GET", $"{kind.Path}/{projectId}", null);
            await using var lease = await run.OpenClientAsync().ConfigureAwait(false);
            var project = await kind.GetAsync(lease.Client, projectId, run.CancellationToken).ConfigureAwait(false);
            run.Out.Result(ResultPrinter.ProjectJson(project), Describe(project, lease.Emulated));
            return ExitCodes.Ok;
        }, run => Context(run, kind, run.Parse.GetValue(id)));
        return command;
    }

    private static Command Wait(CliRoot app, ProjectKindCalls kind)
    {
        var id = Id();
        var timeout = CommonOptions.Timeout();
        var command = new Command("wait", $"Wait until {Article(kind.Name)} {kind.Name} project ends (complete, error or canceled); downloads nothing.") { id, timeout };
        CommandRunner.SetBody(command, app, async run =>
        {
            var projectId = ProjectId(run, id);
            if (run.DryRun) return run.PrintDryRun("GET", $"{kind.Path}/{projectId}", null);
            await using var lease = await run.OpenClientAsync().ConfigureAwait(false);
            using var progress = new ProgressPrinter(run.Out.Stderr, run.Settings.Interactive);
            var options = new GenerateOptions { Timeout = TimeSpan.FromSeconds(run.Parse.GetValue(timeout)), ExpectedProcessingTime = run.ExpectedProcessingTime, Progress = progress };
            progress.Report(new GenerateProgress(GenerateStage.Waiting, projectId));
            var project = await kind.WaitAsync(lease.Client, projectId, options, run.CancellationToken).ConfigureAwait(false);
            progress.Finish();
            run.Out.Result(ResultPrinter.ProjectJson(project), Describe(project, lease.Emulated));
            return ExitCodes.Ok;
        }, run => Context(run, kind, run.Parse.GetValue(id)));
        return command;
    }

    private static Command Resume(CliRoot app, ProjectKindCalls kind, string name, string description)
    {
        var id = Id();
        var outDir = CommonOptions.Out();
        var timeout = CommonOptions.Timeout();
        var noDownload = new Option<bool>("--no-download") { Description = "Wait, but do not download the outputs." };
        var command = new Command(name, description) { id, outDir, timeout };
        if (name == "resume") command.Options.Add(noDownload);
        CommandRunner.SetBody(command, app, async run =>
        {
            var projectId = ProjectId(run, id);
            if (run.DryRun) return run.PrintDryRun("GET", $"{kind.Path}/{projectId}", null);
            var tool = ToolCatalog.OfKind(kind.Name).FirstOrDefault() ?? throw new CliUsageException($"The API has no {kind.Name} tools to resume with.");
            var target = OutputTarget.Parse(run.Parse.GetValue(outDir));
            if (!run.Parse.GetValue(noDownload)) target.EnsureFree();
            await using var lease = await run.OpenClientAsync().ConfigureAwait(false);
            using var progress = new ProgressPrinter(run.Out.Stderr, run.Settings.Interactive);
            var options = new GenerateOptions
            {
                Timeout = TimeSpan.FromSeconds(run.Parse.GetValue(timeout)),
                DownloadDirectory = target.Directory,
                DownloadOutputs = !run.Parse.GetValue(noDownload),
                ExpectedProcessingTime = run.ExpectedProcessingTime,
                Progress = progress,
            };
            var outcome = target.Apply(await tool.ResumeAsync(lease.Client, projectId, options, run.CancellationToken).ConfigureAwait(false));
            progress.Finish();
            ResultPrinter.Print(run, kind.Name, outcome, lease.Emulated, options);
            return ExitCodes.Ok;
        }, run => Context(run, kind, run.Parse.GetValue(id), run.Parse.GetValue(outDir)));
        return command;
    }

    private static Command Delete(CliRoot app, ProjectKindCalls kind)
    {
        var id = Id();
        var command = new Command("delete", $"Delete {Article(kind.Name)} {kind.Name} project and its outputs.") { id };
        CommandRunner.SetBody(command, app, async run =>
        {
            var projectId = ProjectId(run, id);
            if (run.DryRun) return run.PrintDryRun("DELETE", $"{kind.Path}/{projectId}", null);
            await using var lease = await run.OpenClientAsync().ConfigureAwait(false);
            await kind.DeleteAsync(lease.Client, projectId, run.CancellationToken).ConfigureAwait(false);
            run.Out.Result(new System.Text.Json.Nodes.JsonObject { ["deleted"] = projectId, ["kind"] = kind.Name }, $"Deleted {kind.Name} project {projectId}.");
            return ExitCodes.Ok;
        }, run => Context(run, kind, run.Parse.GetValue(id)));
        return command;
    }

    private static ErrorReporter.Context Context(Invocation run, ProjectKindCalls kind, string? id, string? outDir = null)
        => new(kind.Name, projectId => GenerationCommand.ResumeCommand(run, kind.Name, projectId, outDir), null, run.Emulated, run.Settings.Stop,
            $"{kind.Name} project {id}");

    private static string Article(string kind) => kind is "image" or "audio" ? "an" : "a";

    private static string[] Describe(IMagicHourProject project, bool emulated)
    {
        var lines = new List<string> { $"{project.Id}: {project.Status}, {ResultPrinter.Credits(project.CreditsCharged, emulated)}" };
        if (project.Error is { } error) lines.Add($"error: {error.Message}");
        foreach (var download in project.Downloads) lines.Add($"output: {download.Url}");
        return [.. lines];
    }
}
