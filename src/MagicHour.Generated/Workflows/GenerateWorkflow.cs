using MagicHour.Generated.Http;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace MagicHour.Generated;

/// <summary>
/// The one Generate engine behind every resource's GenerateAsync: check inputs → upload local files →
/// create (credits are charged here, exactly once) → wait → download. Everything that can be checked
/// is checked before the create; every failure after it carries the project id.
/// </summary>
internal sealed class GenerateWorkflow(MagicHourClientContext context)
{
    // operationId: The spec's id of the create operation (AiHeadshotGenerator_Create): it picks the poll schedule and tags the metrics.
    public async Task<GenerateResult<TProject>> GenerateAsync<TRequest, TCreated, TProject>(
        string operationId,
        TRequest request,
        Func<TRequest, CancellationToken, Task<TCreated>> create,
        ProjectKind<TProject> kind,
        GenerateOptions? options,
        CancellationToken cancellationToken)
        where TRequest : class
        where TCreated : IProjectCreated
        where TProject : class, IMagicHourProject
        // async, so the activity becomes Activity.Current only inside this call, never in the caller's context.
        => await TrackAsync("generate", operationId, kind.Name, () => MagicHourTelemetry.TrackWorkflowAsync(
            MagicHourTelemetry.StartWorkflow(MagicHourDiagnostics.ActivityNames.Generate, "generate", typeof(TRequest), kind.Name),
            GenerateCoreAsync(operationId, request, create, kind, options, cancellationToken))).ConfigureAwait(false);

    /// <summary>Counts the workflow in flight while it runs, then records its duration and outcome.</summary>
    private async Task<GenerateResult<TProject>> TrackAsync<TProject>(string operation, string tool, string kind, Func<Task<GenerateResult<TProject>>> work)
        where TProject : class, IMagicHourProject
    {
        var metrics = context.Options.Metrics;
        var time = context.Options.TimeProvider;
        var started = time.GetTimestamp();
        metrics.WorkflowStarted(operation, tool, kind);
        try
        {
            var result = await work().ConfigureAwait(false);
            metrics.WorkflowEnded(operation, tool, kind, time.GetElapsedTime(started), result.Project is { } project ? project.Status.ToString() : "created");
            return result;
        }
        catch (Exception ex)
        {
            metrics.WorkflowEnded(operation, tool, kind, time.GetElapsedTime(started), MagicHourMetrics.OutcomeOf(ex));
            throw;
        }
    }

    private async Task<GenerateResult<TProject>> GenerateCoreAsync<TRequest, TCreated, TProject>(
        string operationId,
        TRequest request,
        Func<TRequest, CancellationToken, Task<TCreated>> create,
        ProjectKind<TProject> kind,
        GenerateOptions? options,
        CancellationToken cancellationToken)
        where TRequest : class
        where TCreated : IProjectCreated
        where TProject : class, IMagicHourProject
    {
        ArgumentNullException.ThrowIfNull(request);
        var opts = GenerateOptions.Validated(options);
        RequestValidator.Validate(request);
        cancellationToken.ThrowIfCancellationRequested();

        // Work on a JSON copy: the caller's object is never modified, and file fields are found by name.
        var json = JsonSerializer.SerializeToNode(request, context.JsonOptions.TypeInfo<TRequest>());
        var fields = AssetFields.Find(json);
        var local = new List<(AssetFields.Field Field, LocalFile File)>();
        foreach (var field in fields)
        {
            if (FileUploader.IsRemoteReference(field.Value)) continue;
            local.Add((field, LocalFile.Inspect(field.Value, field.JsonPath, MediaTypes.HintFromFieldName(field.FieldName))));
        }

        var uploaded = new Dictionary<string, string>(StringComparer.Ordinal);
        if (local.Count > 0)
        {
            var distinct = local.Select(l => l.File).DistinctBy(f => f.FullPath).ToList();
            IReadOnlyList<string> paths;
            try
            {
                paths = await context.Uploader.UploadAsync(distinct, opts.Progress, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ResiliencePolicy.TransportFailureOf(ex) is { } transport && !cancellationToken.IsCancellationRequested)
            {
                // Before the create: say so, so the caller knows a retry cannot pay twice.
                throw new MagicHourException($"Uploading the input files failed ({transport.Message}); no project was created and no credits were charged.", MagicHourErrorKind.Other, null, transport);
            }
            for (var i = 0; i < distinct.Count; i++) uploaded[distinct[i].FullPath] = paths[i];
            foreach (var (field, file) in local) field.Replace(uploaded[file.FullPath]);
        }

        var toSend = local.Count == 0 ? request : json.Deserialize(context.JsonOptions.TypeInfo<TRequest>())!;
        opts.Progress?.Report(new GenerateProgress(GenerateStage.Creating));
        // This call's cap travels with the create into the pipeline's SpendingCapHandler.
        CreditLedger.CallLimit.Value = opts.MaxCredits;
        TCreated created;
        try
        {
            created = await MagicHourTelemetry.StepAsync(MagicHourDiagnostics.ActivityNames.Create, "create", () => CreateOnceAsync(create, toSend, kind.Name, cancellationToken),
                (activity, c) => activity.SetTag(MagicHourDiagnostics.Tags.ProjectId, c.Id).SetTag(MagicHourDiagnostics.Tags.CreditsCharged, c.CreditsCharged)).ConfigureAwait(false);
        }
        finally
        {
            CreditLedger.CallLimit.Value = null;
        }
        context.Logger.LogInformation(LogEvents.ProjectCreated, "Created {Kind} project {ProjectId}, {Credits} credits charged", kind.Name, created.Id, created.CreditsCharged);
        context.Options.Metrics.Charged(operationId, kind.Name, created.CreditsCharged);

        return await FinishAsync(operationId, projectIsNew: true, created.Id, created.CreditsCharged, kind, opts, uploaded, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends the create request (the API pipeline re-sends it only when certainly unprocessed: 429, or a connection
    /// that never opened). A transport failure here is ambiguous unless the connection never opened: the server may
    /// have created the project (and charged for it) before the connection broke, so it is reported as such.
    /// Any 2xx answer means the server accepted the create: one the spec does not list (201, 202) is read for its
    /// id like the documented 200; one that cannot be read (cut off) is reported as probably created and charged,
    /// with the raw body and whatever id could be found in it.
    /// </summary>
    private async Task<TCreated> CreateOnceAsync<TRequest, TCreated>(Func<TRequest, CancellationToken, Task<TCreated>> create, TRequest request, string kind, CancellationToken cancellationToken)
        where TCreated : IProjectCreated
    {
        TCreated created;
        try
        {
            created = await create(request, cancellationToken).ConfigureAwait(false);
        }
        // A 2xx whose body broke in transit (stall, reset) is the transport case below.
        catch (MagicHourException ex) when (ex.StatusCode is >= 200 and < 300 && ResiliencePolicy.TransportFailureOf(ex) is null)
        {
            if (ReadCreated<TCreated>(ex.RawBody) is { } answer)
            {
                context.Logger.LogInformation(LogEvents.ProjectCreated, "The {Kind} create was answered HTTP {Status}, not the documented 200; taken as created", kind, ex.StatusCode);
                return answer;
            }
            var id = LenientJson.TopLevelString(ex.RawBody, "id");
            throw new MagicHourException(
                $"The {kind} create request was answered HTTP {ex.StatusCode} (success) but the answer could not be read ({(ex.InnerException is JsonException json ? $"cut off or not JSON: {json.Message}" : "it names no project id")}). The project was probably created and charged: "
                + (id is null ? "check your projects before trying again." : $"it is {id}; resume it with ResumeAsync(\"{id}\") instead of creating it again."),
                ex.StatusCode, ex.RawBody, ex.Headers, ex)
            { ProjectId = id };
        }
        catch (Exception ex) when (ResiliencePolicy.TransportFailureOf(ex) is { } transport && !cancellationToken.IsCancellationRequested)
        {
            if (ResiliencePolicy.NeverOpened(transport))
            {
                throw new MagicHourException(
                    $"The {kind} create request could not be sent: the connection to the API could not be opened ({transport.Message}). Nothing reached the server: no project was created and no credits were charged.",
                    MagicHourErrorKind.Other, null, transport);
            }
            throw new MagicHourException(
                $"The {kind} create request failed before an answer arrived ({transport.Message}). The server may still have created the project and charged for it: check your projects before trying again.",
                MagicHourErrorKind.Other, null, transport);
        }
        catch (Exception ex) when (ex is not MagicHourException and not OperationCanceledException)
        {
            // Anything else (a client disposed mid-call, say) may also have happened after the server created it.
            throw new MagicHourException(
                $"The {kind} create request failed before an answer arrived ({ex.Message}). The server may still have created the project and charged for it: check your projects before trying again.",
                MagicHourErrorKind.Other, null, ex);
        }
        if (created is null || string.IsNullOrEmpty(created.Id))
        {
            throw new MagicHourException(
                $"The {kind} create request was answered without a project id. The project was probably created and charged ({created?.CreditsCharged.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"} credits): check your projects before trying again.",
                MagicHourErrorKind.Other)
            { CreditsCharged = created?.CreditsCharged };
        }
        return created;
    }

    private TCreated? ReadCreated<TCreated>(string? body)
        where TCreated : IProjectCreated
    {
        if (string.IsNullOrWhiteSpace(body)) return default;
        try
        {
            var created = JsonSerializer.Deserialize(body, context.JsonOptions.TypeInfo<TCreated>());
            return created is not null && !string.IsNullOrEmpty(created.Id) ? created : default;
        }
        catch (JsonException)
        {
            return default;
        }
    }

    // operationId: The create operation of the tool whose project this is (its poll schedule applies).
    public Task<GenerateResult<TProject>> ResumeAsync<TProject>(string operationId, string projectId, ProjectKind<TProject> kind, GenerateOptions? options, CancellationToken cancellationToken)
        where TProject : class, IMagicHourProject
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(projectId);
        var opts = GenerateOptions.Validated(options);
        return ResumeTrackedAsync(operationId, projectId, kind, opts, cancellationToken);
    }

    private async Task<GenerateResult<TProject>> ResumeTrackedAsync<TProject>(string operationId, string projectId, ProjectKind<TProject> kind, GenerateOptions opts, CancellationToken cancellationToken)
        where TProject : class, IMagicHourProject
        => await TrackAsync("resume", operationId, kind.Name, () => MagicHourTelemetry.TrackWorkflowAsync(
            MagicHourTelemetry.StartWorkflow(MagicHourDiagnostics.ActivityNames.Resume, "resume", null, kind.Name, projectId),
            FinishAsync(operationId, projectIsNew: false, projectId, null, kind, opts, new Dictionary<string, string>(), cancellationToken))).ConfigureAwait(false);

    /// <summary>The credits metric's refund: what the create answer charged (known only to the call that created it) less what the ended project says.</summary>
    private void Refunded(string operationId, string kind, int? chargedAtCreate, int? chargedAtEnd)
    {
        if (chargedAtCreate is { } charged && chargedAtEnd is { } net && net < charged) context.Options.Metrics.Refunded(operationId, kind, charged - net);
    }

    private async Task<GenerateResult<TProject>> FinishAsync<TProject>(
        string operationId, bool projectIsNew, string projectId, int? creditsCharged, ProjectKind<TProject> kind, GenerateOptions opts, IReadOnlyDictionary<string, string> uploaded, CancellationToken cancellationToken)
        where TProject : class, IMagicHourProject
    {
        try
        {
            opts.Progress?.Report(new GenerateProgress(GenerateStage.Waiting, projectId));
            if (!opts.WaitForCompletion)
            {
                return new GenerateResult<TProject>(projectId, creditsCharged ?? 0, null, [], uploaded);
            }

            TProject project;
            try
            {
                project = await context.Waiter.WaitAsync(kind, projectId, opts, cancellationToken, operationId, projectIsNew).ConfigureAwait(false);
            }
            catch (MagicHourProjectFailedException failed)
            {
                Refunded(operationId, kind.Name, creditsCharged, failed.CreditsCharged);
                throw;
            }
            Refunded(operationId, kind.Name, creditsCharged, project.CreditsCharged);
            IReadOnlyList<string> downloaded = [];
            if (opts.DownloadOutputs)
            {
                var directory = Path.GetFullPath(opts.DownloadDirectory ?? Directory.GetCurrentDirectory());
                downloaded = await context.Downloader.DownloadAllAsync(projectId, project.Downloads, directory, opts, cancellationToken).ConfigureAwait(false);
            }
            opts.Progress?.Report(new GenerateProgress(GenerateStage.Completed, projectId, project.Status.ToString()));
            return new GenerateResult<TProject>(projectId, project.CreditsCharged, project, downloaded, uploaded);
        }
        catch (Exception ex)
        {
            var surfaced = Surface(ex, projectId, creditsCharged, cancellationToken);
            if (ReferenceEquals(surfaced, ex)) throw;
            ExceptionDispatchInfo.Throw(surfaced); // keeps the stack of a MagicHourException that was thrown inside
            throw;
        }
    }

    /// <summary>
    /// What a failure after the create becomes: a <see cref="MagicHourException"/> carrying the project id (and the
    /// credits and saved outputs when known), or <see cref="MagicHourCanceledException"/> when the caller cancelled.
    /// Whatever the cause (a redirect loop, a disposed client, a malformed project), never a raw exception.
    /// </summary>
    private static Exception Surface(Exception ex, string projectId, int? creditsCharged, CancellationToken cancellationToken)
    {
        var saved = (ex as OutputsIncompleteException)?.Saved ?? [];
        var cause = ex is OutputsIncompleteException { InnerException: { } first } ? first : ex;
        switch (cause)
        {
            case MagicHourException api:
                api.ProjectId ??= projectId;
                api.CreditsCharged ??= creditsCharged;
                if (saved.Count > 0) api.SavedPaths = saved;
                return api;
            case MagicHourCanceledException canceled when cancellationToken.IsCancellationRequested:
                return canceled;
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
                return new MagicHourCanceledException($"Cancelled after project {projectId} was created; resume it with ResumeAsync(\"{projectId}\").", projectId, cause, cancellationToken);
            default:
                return new MagicHourException(
                    $"Project {projectId} was created but the job failed afterwards: {cause.Message} Resume it with ResumeAsync(\"{projectId}\").",
                    MagicHourErrorKind.Other, projectId, cause)
                { CreditsCharged = creditsCharged, SavedPaths = saved };
        }
    }
}
