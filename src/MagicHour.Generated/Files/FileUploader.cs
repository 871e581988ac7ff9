using System.Net;
using MagicHour.Generated.Http;
using Microsoft.Extensions.Logging;

namespace MagicHour.Generated;

/// <summary>
/// Uploads files to Magic Hour storage: one POST /v1/files/upload-urls for all files, then a streamed PUT
/// per file (with Content-Length, never the whole file in memory, no Authorization header).
/// A PUT that fails in transit is repeated with a fresh stream, within one retry budget of the resilience policy;
/// a 307/308 is followed by sending the file again, read from disk; an expired upload URL is replaced once.
/// </summary>
internal sealed class FileUploader(MagicHourClientContext context)
{
    private const int MaxParallelUploads = 4;
    private const long ProgressStep = 256 * 1024;

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
            async (i, ct) => paths[i] = await MagicHourTelemetry.StepAsync(MagicHourDiagnostics.ActivityNames.Upload, "upload", async () =>
            {
                var path = await PutWithRenewalAsync(sources[i], slots[i], progress, ct).ConfigureAwait(false);
                context.Options.Metrics.Uploaded(sources[i].Length);
                return path;
            },
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
        // One retry budget for the whole transfer of this file, whatever happens on the way.
        var budget = context.Resilience.NewBudget();
        var status = await PutWithRetriesAsync(source, slot.UploadUrl, progress, budget, cancellationToken).ConfigureAwait(false);
        if (status is HttpStatusCode.Forbidden)
        {
            // Upload URLs are pre-signed and expire; a 403 means a stale signature, so ask for a new URL once.
            context.Logger.LogWarning(LogEvents.Retry, "Upload URL for {File} was refused (expired?); requesting a new one", source.FileName);
            slot = (await RequestSlotsAsync([source], cancellationToken).ConfigureAwait(false))[0];
            status = await PutWithRetriesAsync(source, slot.UploadUrl, progress, budget, cancellationToken).ConfigureAwait(false);
        }
        if (status is not HttpStatusCode.OK and not HttpStatusCode.Created and not HttpStatusCode.NoContent)
        {
            throw new MagicHourException($"Uploading '{source.FileName}' to storage failed; no project was created and no credits were charged.", (int)status, null, null, null);
        }
        context.Logger.LogInformation(LogEvents.Upload, "Uploaded {File} to {Path}", source.FileName, slot.FilePath);
        return slot.FilePath;
    }

    /// <summary>The most storage redirects one upload follows.</summary>
    internal const int MaxRedirects = 5;

    /// <summary>
    /// PUTs the bytes, each attempt reading the file again from the start: repeated on transport failures and
    /// transient statuses as the resilience policy decides, and sent to the new URL of a 307/308 redirect. Returns
    /// the final status (403 is returned, not retried).
    /// </summary>
    private async Task<HttpStatusCode> PutWithRetriesAsync(Source source, Uri uploadUrl, IProgress<GenerateProgress>? progress, RetryBudget budget, CancellationToken cancellationToken)
    {
        var what = $"PUT {uploadUrl.AbsolutePath} (upload of '{source.FileName}')";
        var redirects = 0;
        while (true)
        {
            HttpStatusCode status;
            Uri? location;
            try
            {
                (status, location) = await PutOnceAsync(source, uploadUrl, progress, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ResiliencePolicy.IsTransportFailure(ex) && !cancellationToken.IsCancellationRequested)
            {
                if (await context.Resilience.RetryAsync(budget, what, 0, ex, null, safeToRepeat: true, storage: true, cancellationToken).ConfigureAwait(false)) continue;
                throw;
            }
            if ((int)status is 301 or 302 or 307 or 308)
            {
                if (location is null || (location.Scheme != Uri.UriSchemeHttps && location.Scheme != Uri.UriSchemeHttp))
                {
                    throw new MagicHourException($"Uploading '{source.FileName}' to storage failed: the storage answered HTTP {(int)status} without an http(s) Location to send the file to. No project was created and no credits were charged.", (int)status, null, null, null);
                }
                if (++redirects > MaxRedirects)
                {
                    throw new MagicHourException($"Uploading '{source.FileName}' to storage failed: more than {MaxRedirects} redirects. No project was created and no credits were charged.", (int)status, null, null, null);
                }
                context.Logger.LogWarning(LogEvents.Retry, "Upload of {File} redirected (HTTP {Status}); sending the file again, read from the start, to the new location", source.FileName, (int)status);
                uploadUrl = location;
                continue;
            }
            if (status == HttpStatusCode.Forbidden
                || !await context.Resilience.RetryAsync(budget, what, (int)status, null, null, safeToRepeat: true, storage: true, cancellationToken).ConfigureAwait(false))
            {
                return status;
            }
        }
    }

    private async Task<(HttpStatusCode, Uri?)> PutOnceAsync(Source source, Uri uploadUrl, IProgress<GenerateProgress>? progress, CancellationToken cancellationToken)
    {
        using var stall = new StallGuard(context.Options.TransferStallTimeout, context.Options.TimeProvider, cancellationToken);
        try
        {
            return await PutOnceAsync(source, uploadUrl, progress, stall).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (stall.StalledError(ex, $"The upload of '{source.FileName}'") is { } stalled)
        {
            throw stalled;
        }
    }

    private async Task<(HttpStatusCode, Uri?)> PutOnceAsync(Source source, Uri uploadUrl, IProgress<GenerateProgress>? progress, StallGuard stall)
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
        MagicHourMetrics.MarkOperation(request, "upload");
        // The storage pipeline: no key, no retry of its own (retries happen above, with a fresh stream).
        using var response = await context.Storage.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stall.Token).ConfigureAwait(false);
        var location = response.Headers.Location is { } l ? (l.IsAbsoluteUri ? l : new Uri(uploadUrl, l)) : null;
        return (response.StatusCode, location);
    }
}
