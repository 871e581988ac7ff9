using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using MagicHour.Cli.Output;
using MagicHour.Generated;

namespace MagicHour.Cli.Commands;

/// <summary><c>faces</c>, <c>files</c>, <c>account</c> and <c>saved-items</c>.</summary>
internal static class ResourceCommands
{
    /// <summary><c>faces detect|get|wait</c>.</summary>
    public static Command Faces(CliRoot app)
    {
        var target = new Argument<string>("file") { Description = "The image or video to look at: a local path (uploaded first), an http(s) URL or an api-assets/ path." };
        var confidence = new Option<string?>("--confidence-score") { Description = "Minimum confidence of a face, 0 to 1.", HelpName = "number" };
        var noWait = new Option<bool>("--no-wait") { Description = "Return once the detection is created." };
        var timeout = CommonOptions.Timeout();
        var detect = new Command("detect", "Find the faces in an image or video (for face-swap mappings).") { target, confidence, noWait, timeout };
        CommandRunner.SetBody(detect, app, async run =>
        {
            var file = run.Parse.GetValue(target)!;
            var body = new JsonObject { ["assets"] = new JsonObject { ["target_file_path"] = file } };
            if (run.Parse.GetValue(confidence) is { } text)
            {
                body["confidence_score"] = double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var score)
                    ? score : throw new CliUsageException($"--confidence-score takes a number from 0 to 1 (got '{text}').");
            }
            if (run.DryRun)
            {
                if (RequestOptions.IsLocal(file)) run.Out.Note($"Would upload first: {file}");
                return run.PrintDryRun("POST", "/v1/face-detection", body);
            }
            // Read leniently, as generation requests are (GenerationCommand.Deserialize): the SDK's validation names a missing field.
            var request = body.Deserialize(MagicHour.Generated.Http.MagicHourJson.TypeInfo<FaceDetectionCreateRequest>(MagicHour.Generated.Http.MagicHourJson.Options))!;
            await using var lease = await run.OpenClientAsync().ConfigureAwait(false);
            if (RequestOptions.IsLocal(file)) request.Assets.TargetFilePath = await lease.Client.V1.Files.UploadFileAsync(file, null, run.CancellationToken).ConfigureAwait(false);
            var created = await lease.Client.V1.FaceDetection.CreateAsync(request, run.CancellationToken).ConfigureAwait(false);
            if (run.Parse.GetValue(noWait))
            {
                run.Out.Result(JsonSerializer.SerializeToNode(created, MagicHourJsonContext.Default.FaceDetectionCreateResponse),
                    $"Face detection {created.Id} created ({ResultPrinter.Credits(created.CreditsCharged, lease.Emulated)}); not waiting. Follow it with: magichour faces wait {created.Id}{run.ConnectionFlags}");
                return ExitCodes.Ok;
            }
            var result = await lease.Client.V1.FaceDetection.WaitAsync(created.Id, new GenerateOptions { Timeout = TimeSpan.FromSeconds(run.Parse.GetValue(timeout)), ExpectedProcessingTime = run.ExpectedProcessingTime }, run.CancellationToken).ConfigureAwait(false);
            PrintFaces(run, result);
            return ExitCodes.Ok;
        }, run => FacesContext(run));

        var getId = new Argument<string>("id") { Description = "The face detection id." };
        var get = new Command("get", "Show a face detection.") { getId };
        CommandRunner.SetBody(get, app, async run =>
        {
            if (run.DryRun) return run.PrintDryRun("GET", $"/v1/face-detection/{run.Parse.GetValue(getId)}", null);
            await using var lease = await run.OpenClientAsync().ConfigureAwait(false);
            PrintFaces(run, await lease.Client.V1.FaceDetection.GetAsync(run.Parse.GetValue(getId)!, run.CancellationToken).ConfigureAwait(false));
            return ExitCodes.Ok;
        });

        var waitId = new Argument<string>("id") { Description = "The face detection id." };
        var waitTimeout = CommonOptions.Timeout();
        var wait = new Command("wait", "Wait until a face detection ends.") { waitId, waitTimeout };
        CommandRunner.SetBody(wait, app, async run =>
        {
            if (run.DryRun) return run.PrintDryRun("GET", $"/v1/face-detection/{run.Parse.GetValue(waitId)}", null);
            await using var lease = await run.OpenClientAsync().ConfigureAwait(false);
            var options = new GenerateOptions { Timeout = TimeSpan.FromSeconds(run.Parse.GetValue(waitTimeout)), ExpectedProcessingTime = run.ExpectedProcessingTime };
            PrintFaces(run, await lease.Client.V1.FaceDetection.WaitAsync(run.Parse.GetValue(waitId)!, options, run.CancellationToken).ConfigureAwait(false));
            return ExitCodes.Ok;
        }, run => FacesContext(run));
        return new Command("faces", "Face detection: find the faces in an image or video.") { detect, get, wait };
    }

    private static ErrorReporter.Context FacesContext(Invocation run)
        => new("faces", id => $"magichour faces wait {id}{run.ConnectionFlags}", null, run.Emulated, run.Settings.Stop);

    private static void PrintFaces(Invocation run, FaceDetectionResult result)
    {
        var node = JsonSerializer.SerializeToNode(result, MagicHourJsonContext.Default.FaceDetectionResult);
        run.Out.Result(node, CliOutput.Format(node));
    }

    /// <summary><c>files upload PATH...</c> (and the older <c>upload</c>).</summary>
    public static Command Upload(CliRoot app, string name)
    {
        var files = new Argument<string[]>("path") { Description = "Local files to upload.", Arity = ArgumentArity.OneOrMore };
        var command = new Command(name, "Upload local files and print their api-assets/ paths (usable as any file input).") { files };
        CommandRunner.SetBody(command, app, async run =>
        {
            var paths = run.Parse.GetValue(files)!;
            if (run.DryRun) return run.PrintDryRun("POST", "/v1/files/upload-urls", new JsonObject { ["files"] = new JsonArray([.. paths.Select(p => (JsonNode?)JsonValue.Create(p))]) });
            await using var lease = await run.OpenClientAsync().ConfigureAwait(false);
            if (lease.Emulated) run.Out.Note("These paths live in the in-process emulator and vanish when this command ends; use `magichour emulator` for paths that last.");
            var uploaded = new JsonArray();
            var lines = new List<string>();
            foreach (var path in paths)
            {
                var storage = await lease.Client.V1.Files.UploadFileAsync(path, null, run.CancellationToken).ConfigureAwait(false);
                uploaded.Add((JsonNode)new JsonObject { ["local_path"] = path, ["file_path"] = storage });
                lines.Add(paths.Length == 1 ? storage : $"{path} → {storage}");
            }
            // The older `upload` printed {"file_path": ...}; `files upload` prints the list.
            var json = name == "upload" && paths.Length == 1 ? new JsonObject { ["file_path"] = uploaded[0]!["file_path"]!.DeepClone() } : new JsonObject { ["files"] = uploaded };
            run.Out.Result(json, [.. lines]);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary><c>account</c>.</summary>
    public static Command Account(CliRoot app)
    {
        var command = new Command("account", "Show the account the API key belongs to: email, tier, credits.");
        CommandRunner.SetBody(command, app, async run =>
        {
            if (run.DryRun) return run.PrintDryRun("GET", "/v1/account", null);
            await using var lease = await run.OpenClientAsync().ConfigureAwait(false);
            var account = await lease.Client.V1.Account.GetAsync(run.CancellationToken).ConfigureAwait(false);
            run.Out.Result(JsonSerializer.SerializeToNode(account, MagicHourJsonContext.Default.Account),
                $"{account.Email ?? account.Id} ({account.Tier}): {account.Credits} credits{(lease.Emulated ? " on the emulator" : "")}");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary><c>saved-items list [--all] [--type] [--limit] [--cursor]</c>.</summary>
    public static Command SavedItems(CliRoot app)
    {
        var all = new Option<bool>("--all") { Description = "Follow next_cursor through every page." };
        var type = new Option<string?>("--type") { Description = $"Only items of this type. One of: {string.Join(", ", SavedItemType.KnownValues)}.", HelpName = "type" };
        type.CompletionSources.Add([.. SavedItemType.KnownValues.Select(v => v.ToString())]);
        var limit = CommonOptions.PositiveInt("--limit", "Items per page.");
        var cursor = new Option<string?>("--cursor") { Description = "Start at this page (the next_cursor of a previous page)." };
        var list = new Command("list", "List saved items (faces, voices, …).") { all, type, limit, cursor };
        CommandRunner.SetBody(list, app, async run =>
        {
            SavedItemType? itemType = run.Parse.GetValue(type) is { } t ? (SavedItemType?)new SavedItemType(t) : null;
            var query = string.Join("&", new string?[] { itemType is null ? null : $"type={itemType}", run.Parse.GetValue(limit) is { } l ? $"limit={l}" : null, run.Parse.GetValue(cursor) is { } c ? $"cursor={c}" : null }.Where(p => p is not null));
            if (run.DryRun) return run.PrintDryRun("GET", "/v1/saved-items" + (query.Length > 0 ? "?" + query : ""), null);
            await using var lease = await run.OpenClientAsync().ConfigureAwait(false);
            var items = new List<SavedItem>();
            string? next = null;
            if (run.Parse.GetValue(all))
            {
                await foreach (var item in lease.Client.V1.SavedItems.ListAllAsync(itemType, run.Parse.GetValue(limit), run.CancellationToken).ConfigureAwait(false)) items.Add(item);
            }
            else
            {
                var page = await lease.Client.V1.SavedItems.ListAsync(itemType, run.Parse.GetValue(limit), run.Parse.GetValue(cursor), run.CancellationToken).ConfigureAwait(false);
                items.AddRange(page.Items);
                next = page.NextCursor;
            }
            var json = new JsonObject
            {
                ["items"] = new JsonArray([.. items.Select(i => JsonSerializer.SerializeToNode(i, MagicHourJsonContext.Default.SavedItem))]),
                ["next_cursor"] = next,
            };
            var lines = items.Select(i => $"{i.Id}\t{i.Type}\t{i.Name}").ToList();
            if (next is not null) lines.Add($"More: magichour saved-items list --cursor {next} (or --all)");
            run.Out.Result(json, [.. lines]);
            return ExitCodes.Ok;
        });
        return new Command("saved-items", "Saved items of the account.") { list };
    }
}
