namespace MagicHour.Generated;

/// <summary>The Magic Hour v1 API: one property per resource.</summary>
public sealed class MagicHourV1
{
    internal MagicHourV1(MagicHourClientContext context)
    {
        var http = context.Http;
        var uploadUrls = new UploadUrlsClient(context, http);
        context.UploadUrls = uploadUrls;

        // Files and projects
        FaceDetection = new FaceDetectionClient(context, http);
        Files = new FilesClient(context, uploadUrls);
        AudioProjects = new AudioProjectsClient(context, http);
        ImageProjects = new ImageProjectsClient(context, http);
        VideoProjects = new VideoProjectsClient(context, http);
        context.ProjectKinds = new ProjectKinds(ImageProjects, VideoProjects, AudioProjects);

        // Image tools
        AiHeadshotGenerator = new AiHeadshotGeneratorClient(context, http);
    }

    // ---- Files and projects ----------------------------------------------------------------

    /// <summary>Face detection: finds the faces in an image or video for multi-face swaps (a task, not a project); see <see cref="FaceDetectionClient.WaitAsync"/>.</summary>
    public FaceDetectionClient FaceDetection { get; }

    /// <summary>Uploads: upload URLs and <see cref="FilesClient.UploadFileAsync(string, IProgress{TransferProgress}?, CancellationToken)"/>.</summary>
    public FilesClient Files { get; }

    /// <summary>Audio projects: status, outputs, deletion and waiting.</summary>
    public AudioProjectsClient AudioProjects { get; }

    /// <summary>Image projects: status, outputs, deletion and waiting.</summary>
    public ImageProjectsClient ImageProjects { get; }

    /// <summary>Video projects: status, outputs, deletion and waiting.</summary>
    public VideoProjectsClient VideoProjects { get; }

    // ---- Image tools (image projects) ------------------------------------------------------

    /// <summary>AI headshot generator: a studio-style headshot from one portrait (image project).</summary>
    public AiHeadshotGeneratorClient AiHeadshotGenerator { get; }
}
