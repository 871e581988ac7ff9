namespace MagicHour.Generated.Models;

/// <summary>What every project model (image, video, audio) has; the generated models implement it through the partial declarations below.</summary>
public interface IMagicHourProject
{
    /// <summary>The project id.</summary>
    string Id { get; }
    /// <summary>Where the project is in its life.</summary>
    ProjectStatus Status { get; }
    /// <summary>Credits charged, net of refunds.</summary>
    int CreditsCharged { get; }
    /// <summary>The outputs, once complete.</summary>
    List<ProjectDownload> Downloads { get; }
    /// <summary>Why the project failed, when its status is <c>error</c>.</summary>
    ProjectError? Error { get; }
}

/// <summary>What every create response has: the new project's id and its cost (generated models with that shape implement it; openapi/templates/Class.liquid).</summary>
public interface IProjectCreated
{
    /// <summary>The new project's id.</summary>
    string Id { get; }
    /// <summary>Credits charged on creation.</summary>
    int CreditsCharged { get; }
}

public partial class ImageProject : IMagicHourProject;

public partial class VideoProject : IMagicHourProject;

public partial class AudioProject : IMagicHourProject;

/// <summary>Extensions for <see cref="ProjectStatus"/>.</summary>
public static class ProjectStatusExtensions
{
    /// <summary>True for <c>complete</c>, <c>error</c> and <c>canceled</c>: the project will not change any more.</summary>
    public static bool IsTerminal(this ProjectStatus status)
        => status == ProjectStatus.Complete || status == ProjectStatus.Error || status == ProjectStatus.Canceled;
}
