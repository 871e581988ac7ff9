using MagicHour.Generated.Http;

namespace MagicHour.Generated;

/// <summary>Files: upload URLs, and uploading a local file or stream in one call.</summary>
public class FilesClient
{
    private readonly MagicHourClientContext _context = null!;

    internal FilesClient(MagicHourClientContext context, UploadUrlsClient uploadUrls)
    {
        _context = context;
        UploadUrls = uploadUrls;
    }

    /// <summary>For mocking: a subclass overrides the members a test needs.</summary>
    protected FilesClient()
    {
        UploadUrls = null!;
    }

    /// <summary>POST /v1/files/upload-urls, the raw step.</summary>
    public virtual UploadUrlsClient UploadUrls { get; }

    /// <summary>
    /// Uploads a local file and returns its storage path (<c>api-assets/...</c>) for a <c>*_file_path</c> field.
    /// An http(s) URL or an <c>api-assets/</c> path is returned unchanged without any request.
    /// </summary>
    /// <param name="pathOrUrl">A local file path, an http(s) URL, or a storage path.</param>
    /// <param name="progress">Receives bytes sent.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ArgumentException">The path is empty or a directory, the file is empty, or its extension is not accepted.</exception>
    /// <exception cref="MagicHourException">The API or storage refused the upload.</exception>
    public virtual Task<string> UploadFileAsync(string pathOrUrl, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pathOrUrl);
        if (FileUploader.IsRemoteReference(pathOrUrl)) return Task.FromResult(pathOrUrl);
        return UploadAsync(FileUploader.FromLocalFile(LocalFile.Inspect(pathOrUrl)), progress, cancellationToken);
    }

    /// <summary>Uploads a local file and returns its storage path.</summary>
    /// <inheritdoc cref="UploadFileAsync(string, IProgress{TransferProgress}?, CancellationToken)"/>
    public virtual Task<string> UploadFileAsync(FileInfo file, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        return UploadFileAsync(file.FullName, progress, cancellationToken);
    }

    /// <summary>
    /// Uploads the rest of a seekable stream (from its current position) and returns its storage path.
    /// <paramref name="fileName"/> gives the extension, which decides the media type. The stream is not disposed.
    /// </summary>
    /// <exception cref="ArgumentException">No file name or extension, an unsupported extension, an empty or non-seekable stream.</exception>
    public virtual Task<string> UploadFileAsync(Stream content, string fileName, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (string.IsNullOrWhiteSpace(fileName))
        {
            throw new ArgumentException("A file name (with extension) is required to upload a stream: the extension tells the API the media type.", nameof(fileName));
        }
        if (!content.CanRead || !content.CanSeek)
        {
            throw new ArgumentException($"The stream for '{fileName}' must be readable and seekable (its length is sent up front, and a failed upload is retried from the start). Copy it to a file or MemoryStream first.", nameof(content));
        }
        var extension = Path.GetExtension(fileName).TrimStart('.');
        var type = LocalFile.CheckExtension(extension, $"'{fileName}'", null);
        var start = content.Position;
        var length = content.Length - start;
        if (length <= 0)
        {
            throw new ArgumentException($"The stream for '{fileName}' has no bytes left to upload.", nameof(content));
        }
        var source = new FileUploader.Source(Path.GetFileName(fileName), extension.ToLowerInvariant(), type, length,
            () => { content.Position = start; return content; }, OwnsStream: false);
        return UploadAsync(source, progress, cancellationToken);
    }

    /// <summary>Synchronous twin of <see cref="UploadFileAsync(string, IProgress{TransferProgress}?, CancellationToken)"/>.</summary>
    public virtual string UploadFile(string pathOrUrl, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
        => SyncOverAsync.Run(ct => UploadFileAsync(pathOrUrl, progress, ct), cancellationToken);

    /// <summary>Synchronous twin of <see cref="UploadFileAsync(Stream, string, IProgress{TransferProgress}?, CancellationToken)"/>.</summary>
    public virtual string UploadFile(Stream content, string fileName, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
        => SyncOverAsync.Run(ct => UploadFileAsync(content, fileName, progress, ct), cancellationToken);

    private async Task<string> UploadAsync(FileUploader.Source source, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        var relay = progress is null ? null : new ActionProgress<GenerateProgress>(p => progress.Report(new TransferProgress(p.FileName ?? source.FileName, p.BytesTransferred, p.TotalBytes)));
        var paths = await _context.Uploader.UploadSourcesAsync([source], relay, cancellationToken).ConfigureAwait(false);
        return paths[0];
    }
}
