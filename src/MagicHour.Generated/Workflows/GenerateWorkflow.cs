using MagicHour.Generated.Http;
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
    public async Task<GenerateResult<TProject>> GenerateAsync<TRequest, TCreated, TProject>(
        TRequest request,
        Func<TRequest, CancellationToken, Task<TCreated>> create,
        ProjectKind<TProject> kind,
        GenerateOptions? options,
        CancellationToken cancellationToken)
        where TRequest : class
        where TCreated : IProjectCreated
        where TProject : class, IMagicHourProject
        // async, so the activity becomes Activity.Current only inside this call, never in the caller's context.
        => await MagicHourTelemetry.TrackWorkflowAsync(
            MagicHourTelemetry.StartWorkflow(MagicHourDiagnostics.ActivityNames.Generate, "generate", typeof(TRequest), kind.Name),
            GenerateCoreAsync(request, create, kind, options, cancellationToken)).ConfigureAwait(false);

    private async Task<GenerateResult<TProject>> GenerateCoreAsync<TRequest, TCreated, TProject>(
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
        var created = await MagicHourTelemetry.StepAsync(MagicHourDiagnostics.ActivityNames.Create, "create", () => CreateOnceAsync(create, toSend, kind.Name, cancellationToken),
            (activity, c) => activity.SetTag(MagicHourDiagnostics.Tags.ProjectId, c.Id).SetTag(MagicHourDiagnostics.Tags.CreditsCharged, c.CreditsCharged)).ConfigureAwait(false);
        context.Logger.LogInformation(LogEvents.ProjectCreated, "Created {Kind} project {ProjectId}, {Credits} credits charged", kind.Name, created.Id, created.CreditsCharged);

        return await FinishAsync(created.Id, created.CreditsCharged, kind, opts, uploaded, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends the create request (the API pipeline re-sends it only when certainly unprocessed: 429, or a connection
    /// that never opened). A transport failure here is ambiguous unless the connection never opened: the server may
    /// have created the project (and charged for it) before the connection broke, so it is reported as such.
    /// </summary>
    private static async Task<TCreated> CreateOnceAsync<TRequest, TCreated>(Func<TRequest, CancellationToken, Task<TCreated>> create, TRequest request, string kind, CancellationToken cancellationToken)
    {
        try
        {
            return await create(request, cancellationToken).ConfigureAwait(false);
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
    }

    public Task<GenerateResult<TProject>> ResumeAsync<TProject>(string projectId, ProjectKind<TProject> kind, GenerateOptions? options, CancellationToken cancellationToken)
        where TProject : class, IMagicHourProject
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(projectId);
        var opts = GenerateOptions.Validated(options);
        return ResumeTrackedAsync(projectId, kind, opts, cancellationToken);
    }

    private async Task<GenerateResult<TProject>> ResumeTrackedAsync<TProject>(string projectId, ProjectKind<TProject> kind, GenerateOptions opts, CancellationToken cancellationToken)
        where TProject : class, IMagicHourProject
        => await MagicHourTelemetry.TrackWorkflowAsync(
            MagicHourTelemetry.StartWorkflow(MagicHourDiagnostics.ActivityNames.Resume, "resume", null, kind.Name, projectId),
            FinishAsync(projectId, null, kind, opts, new Dictionary<string, string>(), cancellationToken)).ConfigureAwait(false);

    private async Task<GenerateResult<TProject>> FinishAsync<TProject>(
        string projectId, int? creditsCharged, ProjectKind<TProject> kind, GenerateOptions opts, IReadOnlyDictionary<string, string> uploaded, CancellationToken cancellationToken)
        where TProject : class, IMagicHourProject
    {
        try
        {
            opts.Progress?.Report(new GenerateProgress(GenerateStage.Waiting, projectId));
            if (!opts.WaitForCompletion)
            {
                return new GenerateResult<TProject>(projectId, creditsCharged ?? 0, null, [], uploaded);
            }

            var project = await context.Waiter.WaitAsync(kind, projectId, opts, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<string> downloaded = [];
            if (opts.DownloadOutputs)
            {
                var directory = Path.GetFullPath(opts.DownloadDirectory ?? Directory.GetCurrentDirectory());
                downloaded = await context.Downloader.DownloadAllAsync(project.Downloads, directory, opts, cancellationToken).ConfigureAwait(false);
            }
            opts.Progress?.Report(new GenerateProgress(GenerateStage.Completed, projectId, project.Status.ToString()));
            return new GenerateResult<TProject>(projectId, project.CreditsCharged, project, downloaded, uploaded);
        }
        catch (MagicHourException ex)
        {
            ex.ProjectId ??= projectId;
            ex.CreditsCharged ??= creditsCharged;
            throw;
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested && ex is not MagicHourCanceledException)
        {
            throw new MagicHourCanceledException($"Cancelled after project {projectId} was created; resume it with ResumeAsync(\"{projectId}\").", projectId, ex, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or UnauthorizedAccessException or TimeoutException)
        {
            throw new MagicHourException(
                $"Project {projectId} was created but the job failed afterwards: {ex.Message} Resume it with ResumeAsync(\"{projectId}\").",
                MagicHourErrorKind.Other, projectId, ex)
            { CreditsCharged = creditsCharged };
        }
    }
}
