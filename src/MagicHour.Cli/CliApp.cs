using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using MagicHour.Emulator;
using MagicHour.Generated;

namespace MagicHour.Cli;

/// <summary>The <c>magichour</c> command line; callable in-process (tests) through <see cref="RunAsync"/>.</summary>
public static class CliApp
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, bool interactive, CancellationToken cancellationToken)
    {
        var apiKey = new Option<string?>("--api-key") { Description = "API key (default: MAGIC_HOUR_API_KEY).", Recursive = true };
        var baseUrl = new Option<string?>("--base-url") { Description = "API base URL (default: MAGIC_HOUR_BASE_URL, else https://api.magichour.ai).", Recursive = true };
        var emulator = new Option<bool>("--emulator") { Description = "Run against a built-in local emulator with a demo key: no account, no credits.", Recursive = true };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON.", Recursive = true };

        var input = new Argument<string>("image") { Description = "A local image, an http(s) URL, or an api-assets/ path." };
        var name = new Option<string?>("--name") { Description = "A name for the project." };
        var prompt = new Option<string?>("--prompt") { Description = "Style prompt (leave out for the default professional look)." };
        var outDir = new Option<string>("--out") { Description = "Directory for the downloaded headshot.", DefaultValueFactory = _ => "." };
        var noWait = new Option<bool>("--no-wait") { Description = "Return as soon as the project is created." };
        var noDownload = new Option<bool>("--no-download") { Description = "Wait, but do not download the outputs." };
        var timeout = new Option<double>("--timeout") { Description = "Seconds to wait for the project to finish.", DefaultValueFactory = _ => 1800 };

        var headshot = new Command("headshot", "Turn a portrait into a professional headshot (50 credits).") { input, name, prompt, outDir, noWait, noDownload, timeout };
        headshot.SetAction((parse, ct) => RunWithClientAsync(parse, apiKey, baseUrl, emulator, output, error, ct, async client =>
        {
            if (parse.GetValue(timeout) <= 0) throw new ArgumentException($"--timeout must be positive (got {parse.GetValue(timeout)}).");
            var progress = new ProgressPrinter(parse.GetValue(json) ? TextWriter.Null : output, interactive);
            var request = new AiHeadshotGeneratorCreateRequest
            {
                Name = parse.GetValue(name),
                Style = parse.GetValue(prompt) is { } p ? new AiHeadshotGeneratorStyle { Prompt = p } : null,
                Assets = new AiHeadshotGeneratorAssets { ImageFilePath = parse.GetValue(input)! },
            };
            var options = new GenerateOptions
            {
                WaitForCompletion = !parse.GetValue(noWait),
                DownloadOutputs = !parse.GetValue(noDownload),
                DownloadDirectory = parse.GetValue(outDir),
                Timeout = TimeSpan.FromSeconds(parse.GetValue(timeout)),
                Progress = progress,
            };
            try
            {
                var result = await client.V1.AiHeadshotGenerator.GenerateAsync(request, options, ct);
                progress.Finish();
                if (parse.GetValue(json))
                {
                    var node = new JsonObject
                    {
                        ["project_id"] = result.ProjectId,
                        ["status"] = result.Project?.Status.ToString(),
                        ["credits_charged"] = result.CreditsCharged,
                        ["downloaded_paths"] = new JsonArray(result.DownloadedPaths.Select(p => (JsonNode)JsonValue.Create(p)!).ToArray()),
                    };
                    output.WriteLine(node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                }
                else
                {
                    foreach (var path in result.DownloadedPaths) output.WriteLine($"Saved {path}");
                    output.WriteLine($"Project {result.ProjectId} {result.Project?.Status.ToString() ?? "created"}, {result.CreditsCharged} credits charged.");
                }
                return ExitCodes.Ok;
            }
            finally
            {
                progress.Finish();
            }
        }));

        var projectId = new Argument<string>("id") { Description = "The project id." };
        var get = new Command("get", "Show an image project.") { projectId };
        get.SetAction((parse, ct) => RunWithClientAsync(parse, apiKey, baseUrl, emulator, output, error, ct, async client =>
        {
            var project = await client.V1.ImageProjects.GetAsync(parse.GetValue(projectId)!, ct);
            output.WriteLine(JsonSerializer.Serialize(project, new MagicHourJsonContext(new JsonSerializerOptions { WriteIndented = true }).ImageProject));
            return ExitCodes.Ok;
        }));
        var deleteId = new Argument<string>("id") { Description = "The project id." };
        var delete = new Command("delete", "Delete an image project.") { deleteId };
        delete.SetAction((parse, ct) => RunWithClientAsync(parse, apiKey, baseUrl, emulator, output, error, ct, async client =>
        {
            await client.V1.ImageProjects.DeleteAsync(parse.GetValue(deleteId)!, ct);
            output.WriteLine($"Deleted {parse.GetValue(deleteId)}.");
            return ExitCodes.Ok;
        }));
        var projects = new Command("projects", "Read or delete image projects.") { get, delete };

        var file = new Argument<string>("file") { Description = "The local file to upload." };
        var upload = new Command("upload", "Upload a file and print its api-assets/ path.") { file };
        upload.SetAction((parse, ct) => RunWithClientAsync(parse, apiKey, baseUrl, emulator, output, error, ct, async client =>
        {
            var path = await client.V1.Files.UploadFileAsync(parse.GetValue(file)!, null, ct);
            output.WriteLine(parse.GetValue(json) ? new JsonObject { ["file_path"] = path }.ToJsonString() : path);
            return ExitCodes.Ok;
        }));

        var root = new RootCommand("Magic Hour from the command line. Exit codes: 0 ok, 2 bad input, 3 API error, 4 project failed or canceled, 5 timeout, 130 cancelled.")
        {
            apiKey, baseUrl, emulator, json, headshot, projects, upload,
        };
        var parsed = root.Parse(args);
        var config = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null };
        return await parsed.InvokeAsync(config, cancellationToken);
    }

    private static async Task<int> RunWithClientAsync(
        ParseResult parse, Option<string?> apiKey, Option<string?> baseUrl, Option<bool> useEmulator,
        TextWriter output, TextWriter error, CancellationToken cancellationToken, Func<MagicHourClient, Task<int>> action)
    {
        MagicHourEmulator? emulator = null;
        try
        {
            var options = new MagicHourClientOptions { ApiKey = parse.GetValue(apiKey) };
            if (parse.GetValue(baseUrl) is { } url)
            {
                options.BaseUrl = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : throw new ArgumentException($"--base-url '{url}' is not an absolute URL.");
            }
            if (parse.GetValue(useEmulator))
            {
                emulator = await MagicHourEmulator.StartAsync(new MagicHourEmulatorOptions { RenderTime = TimeSpan.FromSeconds(3) }, cancellationToken);
                options.ApiKey = emulator.ApiKey;
                options.BaseUrl = emulator.BaseUrl;
                options.PollInterval = TimeSpan.FromMilliseconds(250);
                error.WriteLine($"Using the built-in emulator at {emulator.BaseUrl} (no credits are spent).");
            }
            using var client = new MagicHourClient(options);
            return await action(client);
        }
        catch (MagicHourCanceledException ex)
        {
            error.WriteLine(ex.ProjectId is null ? "Cancelled." : $"Cancelled. Project {ex.ProjectId} was created; resume it later with its id.");
            return ExitCodes.Cancelled;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            error.WriteLine("Cancelled.");
            return ExitCodes.Cancelled;
        }
        catch (MagicHourProjectFailedException ex)
        {
            error.WriteLine($"error: {ex.Message}");
            return ExitCodes.ProjectFailed;
        }
        catch (MagicHourException ex) when (ex.Kind == MagicHourErrorKind.Timeout)
        {
            error.WriteLine($"error: {ex.Message}");
            return ExitCodes.Timeout;
        }
        catch (MagicHourException ex)
        {
            error.WriteLine($"error: {ex.Message}");
            return ExitCodes.ApiError;
        }
        catch (Exception ex) when (ex is ArgumentException or FileNotFoundException)
        {
            error.WriteLine($"error: {ex.Message}");
            return ExitCodes.BadInput;
        }
        finally
        {
            if (emulator is not null) await emulator.DisposeAsync();
        }
    }
}
