using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Features;

namespace MagicHour.Emulator;

/// <summary>Routes, the request pipeline (auth, faults, stats) and the handlers.</summary>
internal static partial class EmulatorEndpoints
{
    private const string FaultItem = "emulator.fault";
    private const string AbortedItem = "emulator.aborted";
    private const string TallyItem = "emulator.tally";

    public static void Map(WebApplication app, EmulatorState state)
    {
        app.Use((ctx, next) => PipelineAsync(ctx, next, state));

        Route(app.MapPost("/v1/files/upload-urls", ctx => UploadUrlsAsync(ctx, state)), "POST /v1/files/upload-urls", RouteGroup.UploadUrls);
        Route(app.MapPut("/_storage/upload/{**path}", ctx => UploadAsync(ctx, state)), "PUT /_storage/upload", RouteGroup.Upload);
        Route(app.MapGet("/_storage/download/{**path}", ctx => DownloadAsync(ctx, state)), "GET /_storage/download", RouteGroup.Download);
        Route(app.MapMethods("/_storage/download/{**path}", ["HEAD"], ctx => DownloadAsync(ctx, state)), "HEAD /_storage/download", RouteGroup.Download);
        Route(app.MapGet("/_storage/redirect/{**name}", ctx => RedirectAsync(ctx, state)), "GET /_storage/redirect", RouteGroup.Api);

        foreach (var endpoint in state.Catalog)
        {
            var ep = endpoint;
            Route(app.MapPost(ep.Path, ctx => CreateAsync(ctx, state, ep)), ep.RouteKey, RouteGroup.Create);
        }

        foreach (var (segment, kind) in new[] { ("image-projects", "image"), ("video-projects", "video"), ("audio-projects", "audio") })
        {
            var k = kind;
            Route(app.MapGet($"/v1/{segment}/{{id}}", ctx => GetProjectAsync(ctx, state, k)), $"GET /v1/{segment}", RouteGroup.Api);
            Route(app.MapDelete($"/v1/{segment}/{{id}}", ctx => DeleteProjectAsync(ctx, state, k)), $"DELETE /v1/{segment}", RouteGroup.Api);
        }

        MapFaceDetection(app, state);
        MapAccount(app, state);
        MapSavedItems(app, state);
        MapControl(app, state);

        app.MapFallback("{**path}", ctx => JsonResponses.WriteMessageAsync(ctx, 404, "Not Found"));
    }

    private static void Route(IEndpointConventionBuilder builder, string key, RouteGroup group) =>
        builder.WithMetadata(new RouteKey(key, group));

    static partial void MapFaceDetection(WebApplication app, EmulatorState state);

    static partial void MapControl(WebApplication app, EmulatorState state);

    static partial void MapAccount(WebApplication app, EmulatorState state);

    static partial void MapSavedItems(WebApplication app, EmulatorState state);

    // ------------------------------------------------------------------ pipeline

    private static async Task PipelineAsync(HttpContext ctx, RequestDelegate next, EmulatorState state)
    {
        var path = ctx.Request.Path.Value ?? "";
        var route = ctx.GetEndpoint()?.Metadata.GetMetadata<RouteKey>();
        var statsKey = route?.Key ?? $"{ctx.Request.Method} {path}";
        var isApi = path.StartsWith("/v1/", StringComparison.Ordinal) || path == "/v1";
        var isStorage = path.StartsWith("/_storage/", StringComparison.Ordinal);
        if (isStorage && ctx.Request.Headers.ContainsKey("Authorization"))
        {
            state.CountStorageAuthorization();
        }

        // Count the request before the client can see any answer to it: when the response starts (its status
        // is known, nothing is on the wire yet), or just before a deliberate abort. Counting after the body was
        // streamed let a client hold the whole response while RequestsByRoute did not include it yet.
        var tally = new RequestTally(state, statsKey);
        ctx.Items[TallyItem] = tally;
        ctx.Response.OnStarting(static o =>
        {
            var c = (HttpContext)o;
            ((RequestTally)c.Items[TallyItem]!).Record(c.Items.ContainsKey(AbortedItem) ? "aborted" : c.Response.StatusCode.ToString(CultureInfo.InvariantCulture));
            return Task.CompletedTask;
        }, ctx);

        try
        {
            if (isApi && !IsAuthorized(ctx, state.Options.ApiKey))
            {
                await JsonResponses.WriteMessageAsync(ctx, 401, "Unauthorized");
                return;
            }

            if (route is not null && route.Group != RouteGroup.Control)
            {
                var fault = await ResolveFaultAsync(ctx, state, route);
                if (ctx.Response.HasStarted || ctx.Items.ContainsKey(AbortedItem))
                {
                    return;
                }
                if (fault is not null)
                {
                    state.CountFault();
                    ctx.Items[FaultItem] = fault;
                    switch (fault.Kind)
                    {
                        case EmulatorFaultKind.Status:
                            if (fault.RetryAfter is { } retry)
                            {
                                ctx.Response.Headers.RetryAfter = ((long)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                            }
                            await JsonResponses.WriteMessageAsync(ctx, fault.StatusCode,
                                $"Emulated fault: {fault.StatusCode} {ReasonPhrase(fault.StatusCode)}".TrimEnd());
                            return;
                        case EmulatorFaultKind.Delay:
                            await Task.Delay(fault.Delay, state.Time, ctx.RequestAborted); // on the emulator's clock, so tests can fake it
                            break;
                        case EmulatorFaultKind.DropConnection when route.Group is not (RouteGroup.Create or RouteGroup.Upload):
                            Abort(ctx);
                            return;
                    }
                }
            }

            await next(ctx);
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
            ctx.Items[AbortedItem] = true;
        }
        catch (Exception ex) when (IsClientDisconnect(ex, ctx))
        {
            ctx.Items[AbortedItem] = true;
        }
        finally
        {
            // RequestAborted is read again here, not captured: it may have fired after the handler's last write.
            if (ctx.Items.ContainsKey(AbortedItem) || ctx.RequestAborted.IsCancellationRequested)
            {
                // A client that went away mid-response is only known now; a 200 counted at the start becomes "aborted".
                tally.Record("aborted");
            }
            else if (!tally.Counted)
            {
                // No body was written: the response starts after this middleware returns, so it is still unsent.
                tally.Record(ctx.Response.StatusCode.ToString(CultureInfo.InvariantCulture));
            }
        }
    }

    /// <summary>
    /// Counts one request in RequestsByRoute exactly once, as "ROUTEKEY OUTCOME". Used by one request at a time
    /// (OnStarting, the handler and the pipeline's finally run in sequence), so it needs no lock of its own.
    /// </summary>
    private sealed class RequestTally(EmulatorState state, string statsKey)
    {
        private string? _outcome;

        public bool Counted => _outcome is not null;

        public void Record(string outcome)
        {
            if (_outcome is null)
            {
                state.Requests.Count($"{statsKey} {outcome}");
            }
            else if (_outcome != outcome)
            {
                state.Requests.Move($"{statsKey} {_outcome}", $"{statsKey} {outcome}");
            }
            _outcome = outcome;
        }
    }

    private static bool IsClientDisconnect(Exception ex, HttpContext ctx) =>
        ctx.RequestAborted.IsCancellationRequested || ex is Microsoft.AspNetCore.Connections.ConnectionResetException or IOException;

    private static bool IsAuthorized(HttpContext ctx, string apiKey)
    {
        var header = ctx.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(header[scheme.Length..].Trim(), apiKey, StringComparison.Ordinal);
    }

    /// <summary>The fault for this request: from the X-Emulator-Fault header, else from the rule registry.</summary>
    private static async Task<EmulatorFault?> ResolveFaultAsync(HttpContext ctx, EmulatorState state, RouteKey route)
    {
        var header = ctx.Request.Headers[FaultRegistry.HeaderName].ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            return state.Faults.Take(route);
        }
        var fault = FaultRegistry.ParseHeader(header, route.Key, out var error);
        if (fault is null)
        {
            await JsonResponses.WriteMessageAsync(ctx, 400, error!);
            return null;
        }
        if (!FaultRegistry.AppliesTo(fault.Kind, route))
        {
            await JsonResponses.WriteMessageAsync(ctx, 400,
                $"Invalid {FaultRegistry.HeaderName} header: fault '{FaultRegistry.KindName(fault.Kind)}' does not apply to {route.Key}.");
            return null;
        }
        if (fault.Count > 1)
        {
            state.Faults.Add(new EmulatorFault
            {
                Route = route.Key,
                Kind = fault.Kind,
                Count = fault.Count - 1,
                StatusCode = fault.StatusCode,
                RetryAfter = fault.RetryAfter,
                Delay = fault.Delay,
            });
        }
        return fault;
    }

    private static EmulatorFault? FaultOf(HttpContext ctx) => ctx.Items.TryGetValue(FaultItem, out var f) ? f as EmulatorFault : null;

    /// <summary>Cuts the connection, counting the request as "aborted" first so the count is in before the client sees the reset.</summary>
    private static void Abort(HttpContext ctx)
    {
        ctx.Items[AbortedItem] = true;
        (ctx.Items[TallyItem] as RequestTally)?.Record("aborted");
        ctx.Abort();
    }

    private static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);

    // ------------------------------------------------------------------ JSON bodies

    private sealed record BodyResult(JsonObject? Body, int Status, string? Error);

    private static async Task<BodyResult> ReadJsonObjectAsync(HttpContext ctx, EmulatorState state)
    {
        var max = state.Options.MaxJsonBodyBytes;
        if (ctx.Request.ContentLength > max)
        {
            return new(null, 413, $"Request body is larger than {max} bytes.");
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await ctx.Request.Body.ReadAsync(chunk, ctx.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > max)
            {
                return new(null, 413, $"Request body is larger than {max} bytes.");
            }
        }
        if (buffer.Length == 0)
        {
            return new(null, 400, "Missing request body: send a JSON object.");
        }
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(buffer.ToArray());
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
        {
            return new(null, 400, $"Invalid JSON in request body: {ex.Message}");
        }
        if (node is not JsonObject obj)
        {
            return new(null, 400, "Missing request body: the body must be a JSON object.");
        }
        return new(obj, 200, null);
    }

    // ------------------------------------------------------------------ upload URLs

    [GeneratedRegex("^[a-z0-9]+$")]
    private static partial Regex ExtensionPattern();

    private static async Task UploadUrlsAsync(HttpContext ctx, EmulatorState state)
    {
        var read = await ReadJsonObjectAsync(ctx, state);
        if (read.Body is null)
        {
            await JsonResponses.WriteMessageAsync(ctx, read.Status, read.Error!);
            return;
        }
        if (!read.Body.TryGetPropertyValue("items", out var itemsNode) || itemsNode is null)
        {
            await JsonResponses.WriteMessageAsync(ctx, 422, "Missing required field 'items': send {\"items\": [{\"type\": \"image\", \"extension\": \"png\"}]}.");
            return;
        }
        if (itemsNode is not JsonArray items)
        {
            await JsonResponses.WriteMessageAsync(ctx, 422, $"Field 'items' must be an array (got {JsonKinds.Of(itemsNode)}).");
            return;
        }
        if (items.Count == 0)
        {
            await JsonResponses.WriteMessageAsync(ctx, 422, "Field 'items' must contain at least 1 item.");
            return;
        }
        var requested = new List<(string Type, string Extension)>();
        for (var i = 0; i < items.Count; i++)
        {
            var error = ValidateUploadItem(items[i], i, out var type, out var extension);
            if (error is not null)
            {
                await JsonResponses.WriteMessageAsync(ctx, 422, error);
                return;
            }
            requested.Add((type!, extension!));
        }

        var expired = FaultOf(ctx)?.Kind == EmulatorFaultKind.ExpiredUploadUrl;
        var result = new JsonArray();
        foreach (var (type, extension) in requested)
        {
            var (url, expiresAt, filePath) = state.IssueUpload(type, extension, expired);
            result.Add((JsonNode)new JsonObject
            {
                ["upload_url"] = url,
                ["expires_at"] = EmulatorState.Iso(expiresAt),
                ["file_path"] = filePath,
            });
        }
        await JsonResponses.WriteNodeAsync(ctx, 200, new JsonObject { ["items"] = result });
    }

    private static string? ValidateUploadItem(JsonNode? item, int index, out string? type, out string? extension)
    {
        type = extension = null;
        var at = $"items[{index}]";
        if (item is not JsonObject obj)
        {
            return $"{at} must be an object with 'type' and 'extension' (got {JsonKinds.Of(item)}).";
        }
        obj.TryGetPropertyValue("type", out var typeNode);
        obj.TryGetPropertyValue("extension", out var extNode);
        if (typeNode is null)
        {
            return $"Missing required field '{at}.type' (one of video, audio, image).";
        }
        if (JsonKinds.Of(typeNode) != "string")
        {
            return $"Field '{at}.type' must be a string (one of video, audio, image).";
        }
        type = typeNode.GetValue<string>();
        var allowed = MediaTypes.ExtensionsFor(type);
        if (allowed is null)
        {
            return $"Field '{at}.type' must be one of video, audio, image (got '{type}').";
        }
        if (extNode is null)
        {
            return $"Missing required field '{at}.extension' (e.g. '{allowed[0]}').";
        }
        if (JsonKinds.Of(extNode) != "string")
        {
            return $"Field '{at}.extension' must be a string (e.g. '{allowed[0]}').";
        }
        extension = extNode.GetValue<string>();
        if (!ExtensionPattern().IsMatch(extension))
        {
            return $"Field '{at}.extension' must match ^[a-z0-9]+$ (lower-case, no dot; got '{extension}').";
        }
        if (!allowed.Contains(extension))
        {
            return $"Extension '{extension}' in '{at}.extension' is not allowed for type '{type}' (allowed: {string.Join(", ", allowed)}).";
        }
        return null;
    }

    // ------------------------------------------------------------------ storage

    private static async Task UploadAsync(HttpContext ctx, EmulatorState state)
    {
        var urlPath = ctx.Request.Path.Value!;
        var relative = urlPath["/_storage/upload/".Length..];
        var reason = state.Signer.Verify(urlPath, ctx.Request.Query["expires"], ctx.Request.Query["sig"], state.Now);
        if (reason is not null)
        {
            await JsonResponses.WriteMessageAsync(ctx, 403, reason);
            return;
        }
        var asset = state.FindAsset(relative);
        var disk = state.DiskPath(relative);
        if (asset is null || asset.Generated || disk is null)
        {
            await JsonResponses.WriteMessageAsync(ctx, 404, "Not Found");
            return;
        }
        if (ctx.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(disk)!);

        if (FaultOf(ctx)?.Kind == EmulatorFaultKind.DropConnection)
        {
            // Read part of the body (half of Content-Length, at most 1 MiB), store nothing, cut the connection.
            var toRead = Math.Min(ctx.Request.ContentLength is { } cl ? cl / 2 : 64 * 1024, 1024 * 1024);
            var scratch = new byte[16 * 1024];
            long total = 0;
            while (total < toRead)
            {
                var n = await ctx.Request.Body.ReadAsync(scratch.AsMemory(0, (int)Math.Min(scratch.Length, toRead - total)), ctx.RequestAborted);
                if (n == 0)
                {
                    break;
                }
                total += n;
            }
            Abort(ctx);
            return;
        }

        var temp = disk + ".part-" + Ids.Random(8);
        long length;
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await ctx.Request.Body.CopyToAsync(file, 81920, ctx.RequestAborted);
                length = file.Length;
            }
            File.Move(temp, disk, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
        state.MarkUploaded(relative, length);
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentLength = 0;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }

    private static async Task DownloadAsync(HttpContext ctx, EmulatorState state)
    {
        var urlPath = ctx.Request.Path.Value!;
        var relative = urlPath["/_storage/download/".Length..];
        var reason = state.Signer.Verify(urlPath, ctx.Request.Query["expires"], ctx.Request.Query["sig"], state.Now);
        if (reason is not null)
        {
            await JsonResponses.WriteMessageAsync(ctx, 403, reason);
            return;
        }
        var disk = await ResolveDownloadAsync(state, relative);
        if (disk is null || !File.Exists(disk))
        {
            await JsonResponses.WriteMessageAsync(ctx, 404, "Not Found");
            return;
        }

        await using var file = new FileStream(disk, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 81920, useAsync: true);
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = MediaTypes.ContentTypeFor(disk);
        ctx.Response.ContentLength = file.Length;
        ctx.Response.Headers.CacheControl = "private, max-age=3600";
        if (HttpMethods.IsHead(ctx.Request.Method))
        {
            return;
        }
        if (FaultOf(ctx)?.Kind == EmulatorFaultKind.TruncatedDownload)
        {
            // Marked before the first write, so the response is counted as "aborted" when it starts, not as 200.
            ctx.Items[AbortedItem] = true;
            var half = new byte[file.Length / 2];
            await file.ReadExactlyAsync(half, ctx.RequestAborted);
            await ctx.Response.Body.WriteAsync(half, ctx.RequestAborted);
            await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
            Abort(ctx);
            return;
        }
        // Counted before sending: a client may have read the last byte before this handler resumes.
        state.CountDownloadServed();
        if (!await SendAsync(file, ctx))
        {
            ctx.Items[AbortedItem] = true;
        }
    }

    /// <summary>
    /// Streams <paramref name="file"/> as the response body; false when the client went away first. Once the
    /// transport has lost the client, Kestrel discards further writes without an error until RequestAborted fires,
    /// and it fires later, from the thread pool: under load a plain CopyToAsync "sent" the rest of a 64 MiB body
    /// into the void and the request stayed counted as 200. A flush that reports the reader completed is the
    /// transport saying so at once.
    /// </summary>
    private static async Task<bool> SendAsync(FileStream file, HttpContext ctx)
    {
        var writer = ctx.Response.BodyWriter;
        while (true)
        {
            var read = await file.ReadAsync(writer.GetMemory(81920), ctx.RequestAborted);
            if (read == 0)
            {
                return true;
            }
            writer.Advance(read);
            var flushed = await writer.FlushAsync(ctx.RequestAborted);
            if (flushed.IsCompleted || flushed.IsCanceled)
            {
                return false;
            }
        }
    }

    /// <summary>Disk path for a download path: a complete project's output (generated on demand) or an uploaded asset.</summary>
    private static async Task<string?> ResolveDownloadAsync(EmulatorState state, string relative)
    {
        var parts = relative.Split('/');
        if (parts.Length == 3 && parts[0] == "outputs")
        {
            var project = state.FindProject(parts[1]);
            if (project?.Endpoint is null || !project.OutputFileNames().Contains(parts[2]) || state.StatusOf(project) != "complete")
            {
                return null;
            }
            return await state.Outputs.EnsureAsync(project, parts[2]);
        }
        var asset = state.FindAsset(relative);
        return asset is { Uploaded: true } ? state.DiskPath(relative) : null;
    }

    // ------------------------------------------------------------------ creates

    private static async Task CreateAsync(HttpContext ctx, EmulatorState state, CreateEndpoint ep)
    {
        state.CountCreateReceived();
        var read = await ReadJsonObjectAsync(ctx, state);
        if (read.Body is null)
        {
            await JsonResponses.WriteMessageAsync(ctx, read.Status, read.Error!);
            return;
        }
        var body = read.Body;
        var inputs = new List<string>();
        var error = ValidateBody(state, body, ep.RequestSchema, inputs) ?? ep.Validate(body);
        if (error is not null)
        {
            await JsonResponses.WriteMessageAsync(ctx, 422, error);
            return;
        }

        var cost = ep.Cost(body);
        var fault = FaultOf(ctx);
        var now = state.Now;
        var faceInput = ep.FaceFields.Select(f => CreateEndpointCatalog.GetString(body, f)).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        var sourceImage = inputs.FirstOrDefault(i => !EmulatorState.IsUrl(i) && state.FindAsset(i) is { Type: "image" });
        if (faceInput is not null && !EmulatorState.IsUrl(faceInput) && state.FindAsset(faceInput) is { Type: "image" })
        {
            sourceImage = faceInput;
        }
        var name = CreateEndpointCatalog.GetString(body, "name") ?? $"{ep.DefaultName} - {now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}";
        var start = CreateEndpointCatalog.GetNumber(body, "start_seconds") ?? 0;
        var end = CreateEndpointCatalog.GetNumber(body, "end_seconds") ?? start + (ep.Kind == ProjectKind.Video ? 5 : 0);

        if (!state.TryCreate(cost, () => new ProjectRecord
            {
                Id = Ids.ProjectId(),
                Endpoint = ep,
                KindName = ep.Kind.ToString().ToLowerInvariant(),
                Type = ep.Type,
                CreateRoute = ep.RouteKey,
                Name = name,
                CreatedAt = now,
                Cost = cost,
                OutcomeFault = fault?.Kind is EmulatorFaultKind.StuckRendering or EmulatorFaultKind.EndInError or EmulatorFaultKind.EndCanceled ? fault.Kind : null,
                Inputs = inputs,
                FaceInput = faceInput,
                SourceImage = sourceImage,
                OutputCount = Math.Max(1, ep.OutputCount(body)),
                OutputExtension = ep.ExtensionFor(body),
                StartSeconds = start,
                EndSeconds = end,
            }, out var project, out var balance))
        {
            await JsonResponses.WriteMessageAsync(ctx, 402,
                $"Not enough credits: this request costs {cost} credits and the balance is {balance}.");
            return;
        }

        if (fault?.Kind == EmulatorFaultKind.DropConnection)
        {
            // The worst case for a client: the work was done and charged, but no response arrives.
            Abort(ctx);
            return;
        }
        await JsonResponses.WriteNodeAsync(ctx, 200, new JsonObject { ["id"] = project!.Id, ["credits_charged"] = project.Cost });
    }

    // ------------------------------------------------------------------ projects

    private static async Task GetProjectAsync(HttpContext ctx, EmulatorState state, string kind)
    {
        var id = (string)ctx.Request.RouteValues["id"]!;
        var project = state.FindProject(id);
        if (project is null || project.KindName != kind)
        {
            await JsonResponses.WriteMessageAsync(ctx, 404, "Not Found");
            return;
        }
        await JsonResponses.WriteNodeAsync(ctx, 200, ProjectJson(state, project, state.StatusOf(project)));
    }

    /// <summary>
    /// The body of GET /v1/{kind}-projects/{id} for a project in <paramref name="status"/> (also the payload of
    /// webhook events, which may report an earlier status than the current one).
    /// </summary>
    internal static JsonObject ProjectJson(EmulatorState state, ProjectRecord project, string status)
    {
        var kind = project.KindName;
        var downloads = new JsonArray();
        if (status == "complete")
        {
            foreach (var file in project.OutputFileNames())
            {
                var (url, expiresAt) = state.PublicDownloadUrl(OutputStore.RelativePath(project, file));
                downloads.Add((JsonNode)new JsonObject { ["url"] = url, ["expires_at"] = EmulatorState.Iso(expiresAt) });
            }
        }
        var json = new JsonObject
        {
            ["id"] = project.Id,
            ["name"] = project.Name,
            ["status"] = status,
        };
        if (kind == "image")
        {
            json["image_count"] = project.OutputCount;
        }
        json["type"] = project.Type;
        json["created_at"] = EmulatorState.Iso(project.CreatedAt);
        if (kind == "video")
        {
            json["width"] = OutputStore.VideoWidth;
            json["height"] = OutputStore.VideoHeight;
        }
        json["enabled"] = true;
        if (kind == "video")
        {
            json["start_seconds"] = project.StartSeconds;
            json["end_seconds"] = project.EndSeconds;
        }
        json["credits_charged"] = project.CreditsCharged;
        if (kind == "video")
        {
            json["fps"] = OutputStore.VideoFps;
            json["total_frame_cost"] = project.CreditsCharged;
            json["download"] = downloads.Count > 0 ? downloads[0]!.DeepClone() : null;
        }
        json["error"] = status == "error" && project.ErrorCode is not null ? state.ErrorNode(project) : null;
        json["downloads"] = downloads;
        return json;
    }

    /// <summary>
    /// GET /_storage/redirect/{name}?to=URL: 302 to a download URL of this emulator (any of its host names), so a
    /// download can cross hosts through a redirect. Anything else is 400: this is not an open redirect.
    /// </summary>
    private static Task RedirectAsync(HttpContext ctx, EmulatorState state)
    {
        var to = ctx.Request.Query["to"].ToString();
        var hosts = new[] { "127.0.0.1", "localhost", state.Options.StorageHost, state.Options.DownloadRedirectHost };
        if (!Uri.TryCreate(to, UriKind.Absolute, out var target) || target.Scheme != Uri.UriSchemeHttp || target.Port != state.Port
            || !hosts.Contains(target.Host, StringComparer.OrdinalIgnoreCase) || !target.AbsolutePath.StartsWith("/_storage/download/", StringComparison.Ordinal))
        {
            return JsonResponses.WriteMessageAsync(ctx, 400, "Query parameter 'to' must be a download URL of this emulator.");
        }
        ctx.Response.StatusCode = 302;
        ctx.Response.Headers.Location = target.AbsoluteUri;
        ctx.Response.ContentLength = 0;
        return Task.CompletedTask;
    }

    private static async Task DeleteProjectAsync(HttpContext ctx, EmulatorState state, string kind)
    {
        var id = (string)ctx.Request.RouteValues["id"]!;
        if (!state.DeleteProject(id, kind))
        {
            await JsonResponses.WriteMessageAsync(ctx, 404, "Not Found");
            return;
        }
        ctx.Response.StatusCode = 204;
    }
}
