namespace MagicHour.Generated;

/// <summary>How to read one kind of project (image, video, audio): its name and its GET call.</summary>
/// <typeparam name="TProject">The generated project model.</typeparam>
public sealed class ProjectKind<TProject>
    where TProject : IMagicHourProject
{
    internal ProjectKind(string name, Func<string, CancellationToken, Task<TProject>> get)
    {
        Name = name;
        GetAsync = get;
    }

    /// <summary><c>image</c>, <c>video</c> or <c>audio</c>.</summary>
    public string Name { get; }

    internal Func<string, CancellationToken, Task<TProject>> GetAsync { get; }
}

/// <summary>The project kinds the generated Generate methods refer to (<c>Context.ProjectKinds.ImageProject</c>).</summary>
public sealed class ProjectKinds
{
    internal ProjectKinds(ImageProjectsClient images, VideoProjectsClient videos, AudioProjectsClient audios)
    {
        ImageProject = new ProjectKind<ImageProject>("image", images.GetAsync);
        VideoProject = new ProjectKind<VideoProject>("video", videos.GetAsync);
        AudioProject = new ProjectKind<AudioProject>("audio", audios.GetAsync);
    }

    /// <summary>Image projects, read from GET /v1/image-projects/{id}.</summary>
    public ProjectKind<ImageProject> ImageProject { get; }

    /// <summary>Video projects, read from GET /v1/video-projects/{id}.</summary>
    public ProjectKind<VideoProject> VideoProject { get; }

    /// <summary>Audio projects, read from GET /v1/audio-projects/{id}.</summary>
    public ProjectKind<AudioProject> AudioProject { get; }
}
