using MagicHour.Generated;

namespace MagicHour.Cli.Commands;

/// <summary>How to read, wait for and delete each project kind; the three kinds are the API's fixed project families.</summary>
/// <param name="Name"><c>image</c>, <c>video</c> or <c>audio</c>.</param>
/// <param name="Path">The project resource's path, e.g. <c>/v1/image-projects</c>.</param>
/// <param name="GetAsync">GET the project.</param>
/// <param name="WaitAsync">Poll until it ends.</param>
/// <param name="DeleteAsync">DELETE it.</param>
internal sealed record ProjectKindCalls(
    string Name,
    string Path,
    Func<MagicHourClient, string, CancellationToken, Task<IMagicHourProject>> GetAsync,
    Func<MagicHourClient, string, GenerateOptions, CancellationToken, Task<IMagicHourProject>> WaitAsync,
    Func<MagicHourClient, string, CancellationToken, Task> DeleteAsync)
{
    /// <summary>The three kinds.</summary>
    public static IReadOnlyList<ProjectKindCalls> All { get; } =
    [
        new("image", "/v1/image-projects",
            async (c, id, ct) => await c.V1.ImageProjects.GetAsync(id, ct).ConfigureAwait(false),
            async (c, id, o, ct) => await c.V1.ImageProjects.WaitAsync(id, o, ct).ConfigureAwait(false),
            (c, id, ct) => c.V1.ImageProjects.DeleteAsync(id, ct)),
        new("video", "/v1/video-projects",
            async (c, id, ct) => await c.V1.VideoProjects.GetAsync(id, ct).ConfigureAwait(false),
            async (c, id, o, ct) => await c.V1.VideoProjects.WaitAsync(id, o, ct).ConfigureAwait(false),
            (c, id, ct) => c.V1.VideoProjects.DeleteAsync(id, ct)),
        new("audio", "/v1/audio-projects",
            async (c, id, ct) => await c.V1.AudioProjects.GetAsync(id, ct).ConfigureAwait(false),
            async (c, id, o, ct) => await c.V1.AudioProjects.WaitAsync(id, o, ct).ConfigureAwait(false),
            (c, id, ct) => c.V1.AudioProjects.DeleteAsync(id, ct)),
    ];
}
