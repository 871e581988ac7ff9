
namespace MagicHour.Generated;

/// <summary>The Magic Hour v1 API: one property per resource.</summary>
public sealed class MagicHourV1
{
    internal MagicHourV1(MagicHourClientContext context)
    {
        var uploadUrls = new UploadUrlsClient(context, context.Http);
        context.UploadUrls = uploadUrls;
        Files = new FilesClient(context, uploadUrls);
        ImageProjects = new ImageProjectsClient(context, context.Http);
        context.ProjectKinds = new ProjectKinds(ImageProjects);

        AiHeadshotGenerator = new AiHeadshotGeneratorClient(context, context.Http);
    }

    /// <summary>Uploads: upload URLs and <see cref="FilesClient.UploadFileAsync(string, IProgress{TransferProgress}?, CancellationToken)"/>.</summary>
    public FilesClient Files { get; }

    /// <summary>Image projects: status, outputs, deletion.</summary>
    public ImageProjectsClient ImageProjects { get; }

    /// <summary>AI headshot generator (image project).</summary>
    public AiHeadshotGeneratorClient AiHeadshotGenerator { get; }
}
