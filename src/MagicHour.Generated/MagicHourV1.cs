namespace MagicHour.Generated;

/// <summary>
/// The Magic Hour v1 API: one property per resource. Every generated client adds its own property to this
/// class (openapi/templates/Client.Class.liquid), so the list follows the spec; this part holds what the
/// generator cannot know: the shared context and <see cref="Files"/>, which wraps the upload-URL client
/// with local-file uploads.
/// </summary>
public partial class MagicHourV1
{
    private FilesClient? _files;

    internal MagicHourV1(MagicHourClientContext context)
    {
        Context = context;
        context.V1 = this;
    }

    /// <summary>For mocking: a subclass overrides the resource properties it needs.</summary>
    protected MagicHourV1()
    {
        Context = null!;
    }

    private MagicHourClientContext Context { get; }

    /// <summary>Uploads: upload URLs and <see cref="FilesClient.UploadFileAsync(string, IProgress{TransferProgress}?, CancellationToken)"/>.</summary>
    public virtual FilesClient Files => _files ?? LazyInitializer.EnsureInitialized(ref _files, () => new FilesClient(Context, UploadUrls))!;
}
