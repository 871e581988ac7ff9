using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using MagicHour.Cli.Batch;
using MagicHour.Cli.Output;
using MagicHour.Cli.Tools;
using MagicHour.Generated;

namespace MagicHour.Cli.Commands;

/// <summary>One generation command (e.g. <c>image ai-headshot-generator</c>), built from a <see cref="GenerationTool"/>.</summary>
internal static class GenerationCommand
{
    /// <summary>The command for <paramref name="tool"/>, named <paramref name="name"/>.</summary>
    public static Command Create(CliRoot app, GenerationTool tool, string name, IEnumerable<string> aliases)
    {
        var fields = new RequestOptions(tool);
        var command = new Command(name, $"{tool.Summary}. {tool.Remarks}".Trim());
        foreach (var alias in aliases) command.Aliases.Add(alias);
        Argument<string[]>? inputs = null;
        if (fields.Positional is { } positional)
        {
            inputs = new Argument<string[]>(fields.PositionalName!)
            {
                Description = positional.Description + " A local path, an http(s) URL or an api-assets/ path; several run as a batch.",
                Arity = ArgumentArity.OneOrMore,
            };
            command.Arguments.Add(inputs);
        }
        foreach (var option in fields.Options) command.Options.Add(option);
        var bodyJson = new Option<string?>("--body-json") { Description = "The request as JSON (fields given as flags override it); '-' reads it from stdin.", HelpName = "json|-" };
        var outDir = CommonOptions.Out();
        var noWait = new Option<bool>("--no-wait") { Description = "Return once the project is created." };
        var noDownload = new Option<bool>("--no-download") { Description = "Wait, but do not download the outputs." };
        var timeout = CommonOptions.Timeout();
        var concurrency = CommonOptions.PositiveInt("--concurrency", "Batch: how many inputs run at once (default 4).");
        var maxCredits = CommonOptions.PositiveInt("--max-credits", "Batch: create no new project once this many credits were charged.");
        foreach (var option in new Option[] { bodyJson, outDir, noWait, noDownload, timeout, concurrency, maxCredits }) command.Options.Add(option);

        CommandRunner.SetBody(command, app, async run =>
        {
            var body = ReadBody(run, run.Parse.GetValue(bodyJson));
            var values = inputs is null ? [null] : run.Parse.GetValue(inputs)!.Select(v => (string?)v).ToArray();
            // An unknown --flag lands among the inputs (they take any number of values): report it as what it is.
            if (values.FirstOrDefault(v => v is { Length: > 1 } && v[0] == '-') is { } unknown)
            {
                throw new CliUsageException($"Unrecognized option '{unknown}'. See: magichour {tool.Kind} {tool.Name} --help");
            }
            var target = OutputTarget.Parse(run.Parse.GetValue(outDir));
            var options = new GenerateOptions
            {
                WaitForCompletion = !run.Parse.GetValue(noWait),
                DownloadOutputs = !run.Parse.GetValue(noDownload),
                DownloadDirectory = target.Directory,
                Timeout = TimeSpan.FromSeconds(run.Parse.GetValue(timeout)),
                ExpectedProcessingTime = run.ExpectedProcessingTime,
            };
            if (values.Length > 1 || run.Parse.GetValue(concurrency) is not null || run.Parse.GetValue(maxCredits) is not null)
            {
                var requests = values.Select(v => (Input: v ?? "", Request: fields.Build(run.Parse, (JsonObject?)body?.DeepClone(), v))).ToList();
                target.EnsureDirectory(requests.Count);
                if (run.DryRun) return DryRun(run, tool, requests.Select(r => r.Request).ToArray());
                return await new BatchRunner(run, tool, options, run.Parse.GetValue(concurrency) ?? 4, run.Parse.GetValue(maxCredits)).RunAsync(requests).ConfigureAwait(false);
            }
            var request = fields.Build(run.Parse, body, values[0]);
            if (run.DryRun) return DryRun(run, tool, request);
            return await RunOneAsync(run, tool, request, options, target).ConfigureAwait(false);
        }, run => new ErrorReporter.Context(tool.Kind, id => ResumeCommand(run, tool.Kind, id, run.Parse.GetValue(outDir)), fields.FlagFor, run.Emulated, run.Settings.Stop));
        return command;
    }

    /// <summary>The runnable command that resumes project <paramref name="id"/>.</summary>
    public static string ResumeCommand(Invocation run, string kind, string id, string? outDir)
        => $"magichour {kind} resume {id} --out {Quote(outDir ?? ".")}{run.ConnectionFlags}";

    /// <summary>Turns the request JSON into the SDK's model; a wrong type names the flag.</summary>
    public static object Deserialize(GenerationTool tool, JsonObject request)
    {
        AddEmptyRequiredObjects(request, tool.RequestType);
        // Read leniently (as the SDK reads answers): a missing required field is then reported by the SDK's request
        // validation, which names the field, instead of System.Text.Json's "missing required properties".
        var lenient = MagicHour.Generated.Http.MagicHourJson.Options.GetTypeInfo(tool.RequestType.Type);
        return request.Deserialize(lenient) ?? throw new CliUsageException("The request is empty.");
    }

    /// <summary>
    /// A required object none of whose fields was given (e.g. a tool's <c>style</c>, all of whose fields are optional)
    /// is sent as <c>{}</c>, as the API expects; objects with required fields of their own then fail validation by name.
    /// </summary>
    private static void AddEmptyRequiredObjects(JsonObject json, System.Text.Json.Serialization.Metadata.JsonTypeInfo type)
    {
        foreach (var property in type.Properties)
        {
            var nested = type.Options.GetTypeInfo(property.PropertyType);
            if (nested.Kind != System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Object) continue;
            if (json[property.Name] is JsonObject child) AddEmptyRequiredObjects(child, nested);
            else if (property.IsRequired && !json.ContainsKey(property.Name)) AddEmptyRequiredObjects((JsonObject)(json[property.Name] = new JsonObject()), nested);
        }
    }

    private static async Task<int> RunOneAsync(Invocation run, GenerationTool tool, JsonObject json, GenerateOptions options, OutputTarget target)
    {
        var request = Deserialize(tool, json);
        MediaKindCheck.Check(tool, json);
        if (options.DownloadOutputs && options.WaitForCompletion) target.EnsureFree();
        await using var lease = await run.OpenClientAsync().ConfigureAwait(false);
        using var progress = new ProgressPrinter(run.Out.Stderr, run.Settings.Interactive);
        options.Progress = options.WaitForCompletion ? progress : new CreatingOnly(progress);
        var outcome = target.Apply(await tool.GenerateAsync(lease.Client, request, options, run.CancellationToken).ConfigureAwait(false));
        progress.Finish();
        ResultPrinter.Print(run, tool.Kind, outcome, lease.Emulated, options);
        return ExitCodes.Ok;
    }

    private static int DryRun(Invocation run, GenerationTool tool, params JsonObject[] requests)
    {
        foreach (var request in requests)
        {
            // The same checks GenerateAsync makes first, so a dry run fails where the real run would.
            RequestValidator.Validate(Deserialize(tool, request));
            MediaKindCheck.Check(tool, request);
            var uploads = RequestOptions.LocalFiles(tool, request).ToList();
            if (uploads.Count > 0) run.Out.Note($"Would upload first (their api-assets/ paths replace them in the body): {string.Join(", ", uploads)}");
            run.PrintDryRun("POST", tool.Path, request);
        }
        return ExitCodes.Ok;
    }

    private static JsonObject? ReadBody(Invocation run, string? text)
    {
        if (text is null) return null;
        if (text == "-") text = run.Settings.Input.ReadToEnd();
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw new CliUsageException("--body-json takes a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new CliUsageException($"--body-json is not valid JSON ({ex.Message.Split(" Path:")[0]}).");
        }
    }

    private static string Quote(string value) => value.Any(char.IsWhiteSpace) || value.Length == 0 ? $"'{value}'" : value;

    /// <summary>With <c>--no-wait</c>: the SDK still reports a "waiting" stage, which would be untrue here.</summary>
    private sealed class CreatingOnly(IProgress<GenerateProgress> inner) : IProgress<GenerateProgress>
    {
        public void Report(GenerateProgress value)
        {
            if (value.Stage != GenerateStage.Waiting) inner.Report(value);
        }
    }
}
