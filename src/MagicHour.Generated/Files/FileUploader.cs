using System.Net;
using MagicHour.Generated.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace MagicHour.Generated;

/// <summary>
/// Uploads files to Magic Hour storage: one POST /v1/files/upload-urls for all files, then a streamed PUT
/// per file (with Content-Length, never the whole file in memory, no Authorization header).
/// A PUT that fails in transit is repeated with a fresh stream; an expired upload URL is replaced once.
/// </summary>
internal sealed class FileUploader(MagicHourClientContext context)
{
    private const int MaxParallelUploads = 4;
    private const long ProgressStep = 256 * 1024;
    private static readonly HttpRequestOptionsKey<IRequestOption> RetryOptionKey = new(typeof(RetryHandlerOption).FullName!);

    /// <summary>
    /// Magic Hour storage paths: uploads (<c>api-assets/</c>) and saved items' files (<c>saved-items/</c>,
    /// from GET /v1/saved-items, meant to be passed to a file field as they are).
    /// </summary>
    internal static readonly string[] StoragePathPrefixes = ["api-assets/", "saved-items/"];

    /// <summary>An http(s) URL or a storage path is sent as it is, with no upload.</summary>
    public static bool IsRemoteReference(string value)
        => StoragePathPrefixes.Any(prefix => value.StartsWith(prefix, StringComparison.Ordinal))
        || (Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps));

    /// <summary>A source of bytes that can be read again from the start for each attempt.</summary>
    internal sealed record Source(string FileName, string Extension, FileType Type, long Length, Func<Stream> Open, bool OwnsStream);

    public static Source FromLocalFile(LocalFile file)
        => new(file.FileName, file.Extension, file.Type, file.Length,
            () => new FileStream(file.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan),
            OwnsStream: true);

    public Task<IReadOnlyList<string>> UploadAsync(IReadOnlyList<LocalFile> files, IProgress<GenerateProgress>? progress, CancellationToken cancellationToken)
        => UploadSourcesAsync(files.Select(FromLocalFile).ToList(), progress, cancellationToken);

    public async Task<IReadOnlyList<string>> UploadSourcesAsync(IReadOnlyList<Source> sources, IProgress<GenerateProgress>? progress, CancellationToken cancellationToken)
    {
        var slots = await RequestSlotsAsync(sources, cancellationToken).ConfigureAwait(false);
        var paths = new string[sources.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, sources.Count), new ParallelOptions { MaxDegreeOfParallelism = MaxParallelUploads, CancellationToken = cancellationToken },
            async (i, ct) => paths[i] = await MagicHourTelemetry.StepAsync(MagicHourDiagnostics.ActivityNames.Upload, "upload", () => PutWithRenewalAsync(sources[i], slots[i], progress, ct),
                (activity, _) => activity.SetTag(MagicHourDiagnostics.Tags.Bytes, sources[i].Length)).ConfigureAwait(false)).ConfigureAwait(false);
        return paths;
    }

    private async Task<List<UploadSlot>> RequestSlotsAsync(IReadOnlyList<Source> sources, CancellationToken cancellationToken)
    {
        var request = new UploadUrlsCreateRequest
        {
            Items = sources.Select(s => new UploadUrlRequestItem { Type = s.Type, Extension = s.Extension }).ToList(),
        };
        var response = await context.V1.UploadUrls.CreateAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.Items.Count != sources.Count)
        {
            throw new MagicHourException($"Asked for {sources.Count} upload URL(s) but the API returned {response.Items.Count}.", MagicHourErrorKind.Other);
        }
        return response.Items;
    }

    private async Task<string> PutWithRenewalAsync(Source source, UploadSlot slot, IProgress<GenerateProgress>? progress, CancellationToken cancellationToken)
    {
        context.Logger.LogInformation(LogEvents.Upload, "Uploading {File} ({Bytes} bytes) as {Type}", source.FileName, source.Length, source.Type);
        var status = await PutWithRetriesAsync(source, slot.UploadUrl, progress, cancellationToken).ConfigureAwait(false);
        if (status is HttpStatusCode.Forbidden)
        {
            // Upload URLs are pre-signed and expire; a 403 means a stale signature, so ask for a new URL once.
            context.Logger.LogWarning(LogEvents.Retry, "Upload URL for {File} was refused (expired?); requesting a new one", source.FileName);
            slot = (await RequestSlotsAsync([source], cancellationToken).ConfigureAwait(false))[0];
            status = await PutWithRetriesAsync(source, slot.UploadUrl, progress, cancellationToken).ConfigureAwait(false);
        }
        if (status is not HttpStatusCode.OK and not HttpStatusCode.Created and not HttpStatusCode.NoContent)
        {
            throw new MagicHourException($"Uploading '{source.FileName}' to storage failed.", (int)status, null, null, null);
        }
        context.Logger.LogInformation(LogEvents.Upload, "Uploaded {File} to {Path}", source.FileName, slot.FilePath);
        return slot.FilePath;
    }

    /// <summary>PUTs the bytes, repeating on transport failures and 429/5xx; returns the final status (403 is returned, not retried).</summary>
    private async Task<HttpStatusCode> PutWithRetriesAsync(Source source, Uri uploadUrl, IProgress<GenerateProgress>? progress, CancellationToken cancellationToken)
    {
        var maxAttempts = context.Options.MaxRetries + 1;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var status = await PutOnceAsync(source, uploadUrl, progress, cancellationToken).ConfigureAwait(false);
                var transient = status == HttpStatusCode.TooManyRequests || (int)status >= 500;
                if (!transient || attempt >= maxAttempts) return status;
                context.Logger.LogWarning(LogEvents.Retry, "Upload of {File} got HTTP {Status}; attempt {Attempt} of {Max}", source.FileName, (int)status, attempt + 1, maxAttempts);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException && attempt < maxAttempts && !cancellationToken.IsCancellationRequested)
            {
                context.Logger.LogWarning(LogEvents.Retry, ex, "Upload of {File} failed in transit; attempt {Attempt} of {Max}", source.FileName, attempt + 1, maxAttempts);
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250 * Math.Pow(2, attempt - 1)), context.Options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<HttpStatusCode> PutOnceAsync(Source source, Uri uploadUrl, IProgress<GenerateProgress>? progress, CancellationToken cancellationToken)
    {
        using var stall = new StallGuard(context.Options.TransferStallTimeout, cancellationToken);
        try
        {
            return await PutOnceAsync(source, uploadUrl, progress, stall).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (stall.StalledError(ex, $"The upload of '{source.FileName}'", cancellationToken) is { } stalled)
        {
            throw stalled;
        }
    }

    private async Task<HttpStatusCode> PutOnceAsync(Source source, Uri uploadUrl, IProgress<GenerateProgress>? progress, StallGuard stall)
    {
        var stream = source.Open();
        long lastReported = 0;
        var body = new CountingReadStream(stream, (total, read) =>
        {
            stall.Progress();
            // Report at most every 256 KiB, and once at the end.
            if (progress is null || (read != 0 && total - lastReported < ProgressStep)) return;
            lastReported = total;
            progress.Report(new GenerateProgress(GenerateStage.Uploading, FileName: source.FileName, BytesTransferred: total, TotalBytes: source.Length));
        }, leaveOpen: !source.OwnsStream);
        using var content = new StreamContent(body, 81920);
        content.Headers.ContentLength = source.Length;
        using var request = new HttpRequestMessage(HttpMethod.Put, uploadUrl) { Content = content };
        AuthorizationGuardHandler.MarkAsStorage(request);
        // This stream cannot be replayed by Kiota's RetryHandler; retries happen above, with a fresh stream.
        request.Options.Set(RetryOptionKey, new RetryHandlerOption { MaxRetry = 0, ShouldRetry = static (_, _, _) => false });
        using var response = await context.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stall.Token).ConfigureAwait(false);
        return response.StatusCode;
    }
}
