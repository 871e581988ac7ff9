using System.Diagnostics;

namespace MagicHour.Generated;

/// <summary>Starts and finishes the SDK's activities; every call is a no-op when nobody listens.</summary>
internal static class MagicHourTelemetry
{
    private const string CreateRequestSuffix = "CreateRequest";

    /// <summary>The activity of a whole Generate or Resume call.</summary>
    public static Activity? StartWorkflow(string activityName, string operation, Type? requestType, string kind, string? projectId = null)
    {
        var activity = MagicHourDiagnostics.Source.StartActivity(activityName, ActivityKind.Internal);
        if (activity is null) return null;
        activity.SetTag(MagicHourDiagnostics.Tags.Operation, operation);
        if (requestType is not null)
        {
            var name = requestType.Name;
            activity.SetTag(MagicHourDiagnostics.Tags.Resource, name.EndsWith(CreateRequestSuffix, StringComparison.Ordinal) ? name[..^CreateRequestSuffix.Length] : name);
        }
        activity.SetTag(MagicHourDiagnostics.Tags.ProjectKind, kind);
        if (projectId is not null) activity.SetTag(MagicHourDiagnostics.Tags.ProjectId, projectId);
        return activity;
    }

    /// <summary>Awaits a workflow, then records its project id, final status and credits, or the failure.</summary>
    public static async Task<GenerateResult<TProject>> TrackWorkflowAsync<TProject>(Activity? activity, Task<GenerateResult<TProject>> work)
        where TProject : class, IMagicHourProject
    {
        using (activity)
        {
            try
            {
                var result = await work.ConfigureAwait(false);
                if (activity is not null)
                {
                    activity.SetTag(MagicHourDiagnostics.Tags.ProjectId, result.ProjectId);
                    activity.SetTag(MagicHourDiagnostics.Tags.CreditsCharged, result.CreditsCharged);
                    if (result.Project is { } project) activity.SetTag(MagicHourDiagnostics.Tags.Status, project.Status.ToString());
                    activity.SetTag(MagicHourDiagnostics.Tags.Bytes, result.DownloadedPaths.Sum(SizeOf));
                    activity.SetStatus(ActivityStatusCode.Ok);
                }
                return result;
            }
            catch (Exception ex)
            {
                Fail(activity, ex);
                throw;
            }
        }
    }

    /// <summary>Runs one step in its own child activity; <paramref name="onSuccess"/> adds tags from the result.</summary>
    public static async Task<T> StepAsync<T>(string activityName, string operation, Func<Task<T>> step, Action<Activity, T>? onSuccess = null, string? projectId = null)
    {
        using var activity = MagicHourDiagnostics.Source.StartActivity(activityName, ActivityKind.Internal);
        activity?.SetTag(MagicHourDiagnostics.Tags.Operation, operation);
        if (projectId is not null) activity?.SetTag(MagicHourDiagnostics.Tags.ProjectId, projectId);
        try
        {
            var result = await step().ConfigureAwait(false);
            if (activity is not null)
            {
                onSuccess?.Invoke(activity, result);
                activity.SetStatus(ActivityStatusCode.Ok);
            }
            return result;
        }
        catch (Exception ex)
        {
            Fail(activity, ex);
            throw;
        }
    }

    /// <summary>Records a status change on the current <see cref="MagicHourDiagnostics.ActivityNames.Wait"/> activity.</summary>
    public static void StatusChanged(string status)
    {
        var activity = Activity.Current;
        if (activity is null || activity.Source != MagicHourDiagnostics.Source || activity.OperationName != MagicHourDiagnostics.ActivityNames.Wait) return;
        activity.SetTag(MagicHourDiagnostics.Tags.Status, status);
        activity.AddEvent(new ActivityEvent(MagicHourDiagnostics.StatusChangedEvent, tags: new ActivityTagsCollection { [MagicHourDiagnostics.Tags.Status] = status }));
    }

    public static long SizeOf(string path)
    {
        try { return new FileInfo(path).Length; } catch (IOException) { return 0; } catch (UnauthorizedAccessException) { return 0; }
    }

    private static void Fail(Activity? activity, Exception ex)
    {
        if (activity is null) return;
        if (ex is MagicHourException api)
        {
            if (api.ProjectId is not null) activity.SetTag(MagicHourDiagnostics.Tags.ProjectId, api.ProjectId);
            if (api is MagicHourProjectFailedException { Status: { } status }) activity.SetTag(MagicHourDiagnostics.Tags.Status, status);
        }
        else if (ex is MagicHourCanceledException { ProjectId: { } id })
        {
            activity.SetTag(MagicHourDiagnostics.Tags.ProjectId, id);
        }
        // The exception's type only: messages are safe (the key never appears in them) but can be long.
        activity.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
        activity.AddEvent(new ActivityEvent("exception", tags: new ActivityTagsCollection
        {
            ["exception.type"] = ex.GetType().FullName,
            ["exception.message"] = ex.Message,
        }));
    }
}
