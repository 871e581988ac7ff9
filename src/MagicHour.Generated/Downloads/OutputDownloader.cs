using System.Buffers;
using MagicHour.Generated.Http;
using Microsoft.Extensions.Logging;

namespace MagicHour.Generated;

/// <summary>
/// Downloads a project's outputs: several at once, each streamed to a hidden temp file in the target
/// directory and moved into place only when complete (so a failure leaves no partial file), with
/// sanitized names and no silent overwrite (an atomic reservation of the name, see MoveIntoPlace). Download URLs are pre-signed: no Authorization header is sent.
/// </summary>
internal sealed class OutputDownloader(MagicHourClientContext context)
{
    private const int BufferSize = 128 * 1024;

    /// <summary>
    /// Downloads every output of <paramref name="projectId"/> into <paramref name="directory"/>. Each output runs to its
    /// own end (one failing does not abandon the others); outputs an earlier incomplete run already saved there are
    /// not downloaded again (<see cref="DownloadManifest"/>). When any output fails, throws
    /// <see cref="OutputsIncompleteException"/> carrying the paths that were saved and the first failure.
    /// </summary>
    public async Task<IReadOnlyList<string>> DownloadAllAsync(string projectId, IReadOnlyList<ProjectDownload?> downloads, string directory, GenerateOptions options, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var manifest = DownloadManifest.Load(directory, projectId);
        var keys = DownloadManifest.KeysOf(downloads);
        var names = UniqueNames(downloads.Select((d, i) => d?.Url is { } url ? FileNameSanitizer.FromUrl(url, $"output-{i + 1}") : $"output-{i + 1}").ToList());
        var paths = new string?[downloads.Count];
        var failures = new Exception?[downloads.Count];
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, downloads.Count),
                new ParallelOptions { MaxDegreeOfParallelism = context.Options.MaxConcurrentDownloads, CancellationToken = cancellationToken },
                async (i, ct) =>
                {
                    try
                    {
                        var url = DownloadUrlOf(downloads[i], i, downloads.Count);
                        paths[i] = manifest.Find(keys[i], directory)
                            ?? await MagicHourTelemetry.StepAsync(MagicHourDiagnostics.ActivityNames.Download, "download", async () =>
                                {
                                    var path = await DownloadOneAsync(url, directory, names[i], options, ct).ConfigureAwait(false);
                                    context.Options.Metrics.Downloaded(MagicHourTelemetry.SizeOf(path));
                                    return path;
                                },
                                (activity, path) => activity.SetTag(MagicHourDiagnostics.Tags.Bytes, MagicHourTelemetry.SizeOf(path))).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                    {
                        failures[i] = ex;
                    }
                }).ConfigureAwait(false);
        }
        finally
        {
            var saved = Enumerable.Range(0, downloads.Count).Where(i => paths[i] is not null).Select(i => (keys[i]!, paths[i]!)).ToList();
            manifest.Update(projectId, saved, keep: saved.Count > 0 && saved.Count < downloads.Count);
        }
        if (failures.FirstOrDefault(f => f is not null) is { } failure)
        {
            throw new OutputsIncompleteException(paths.Where(p => p is not null).ToList()!, failure);
        }
        return paths!;
    }

    /// <summary>The output's URL, when it is one this SDK may fetch: absolute http(s). Anything else is the server's error, reported as such.</summary>
    private static Uri DownloadUrlOf(ProjectDownload? download, int index, int count)
    {
        var which = count == 1 ? "The project's output" : $"Output {index + 1} of {count}";
        if (download?.Url is not { } url || url.OriginalString.Length == 0)
        {
            throw new MagicHourException($"{which} has no download URL in the project (the server sent {(download is null ? "null" : "no url")}); get the project again later.", MagicHourErrorKind.Other);
        }
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            // The URL itself is not shown: it may be long (data:) and carries a signature.
            throw new MagicHourException($"{which} has a download URL that is not an absolute http(s) URL ({(url.IsAbsoluteUri ? $"scheme '{url.Scheme}'" : "a relative URL")}); it was not fetched.", MagicHourErrorKind.Other);
        }
        return url;
    }

    private async Task<string> DownloadOneAsync(Uri url, string directory, string name, GenerateOptions options, CancellationToken cancellationToken)
    {
        // One retry budget per transfer, and the storage pipeline retries nothing itself: at most MaxRetries + 1 GETs.
        var budget = context.Resilience.NewBudget();
        var what = $"GET {url.AbsolutePath} (download of '{name}')";
        while (true)
        {
            var temp = Path.Combine(directory, $".{name}.{Guid.NewGuid():N}.part");
            try
            {
                await DownloadToAsync(url, temp, name, options.Progress, cancellationToken).ConfigureAwait(false);
                var final = MoveIntoPlace(temp, directory, name, options.OverwriteExisting);
                context.Logger.LogInformation(LogEvents.Download, "Downloaded {File}", final);
                return final;
            }
            catch (Exception ex) when (IsRetryable(ex) && !cancellationToken.IsCancellationRequested)
            {
                TryDelete(temp);
                var status = ex is MagicHourException api ? api.StatusCode : 0;
                if (!await context.Resilience.RetryAsync(budget, what, status, status == 0 ? ex : null, null, safeToRepeat: true, storage: true, cancellationToken).ConfigureAwait(false))
                {
                    throw;
                }
            }
            catch
            {
                TryDelete(temp);
                throw;
            }
        }
    }

    private async Task DownloadToAsync(Uri url, string temp, string name, IProgress<GenerateProgress>? progress, CancellationToken cancellationToken)
    {
        using var stall = new StallGuard(context.Options.TransferStallTimeout, context.Options.TimeProvider, cancellationToken);
        try
        {
            await CopyToAsync(url, temp, name, progress, stall).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (stall.StalledError(ex, $"The download of '{name}'") is { } stalled)
        {
            throw stalled;
        }
    }

    private async Task CopyToAsync(Uri url, string temp, string name, IProgress<GenerateProgress>? progress, StallGuard stall)
    {
        var cancellationToken = stall.Token;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        MagicHourMetrics.MarkOperation(request, "download");
        HttpResponseMessage sent;
        try
        {
            // The storage pipeline: no key, no retry of its own.
            sent = await context.Storage.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            // Kiota's RedirectHandler: a redirect loop, or a 3xx without Location.
            throw new MagicHourException($"Downloading '{name}' failed: {ex.Message}.", MagicHourErrorKind.Other, null, ex);
        }
        using var response = sent;
        stall.Progress();
        if (!response.IsSuccessStatusCode)
        {
            throw new MagicHourException($"Downloading '{name}' failed.", (int)response.StatusCode, null, null, null);
        }
        var expected = response.Content.Headers.ContentLength;
        long written = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            await using var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            long lastReport = 0;
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                stall.Progress();
                written += read;
                if (progress is not null && written - lastReport >= 256 * 1024)
                {
                    lastReport = written;
                    progress.Report(new GenerateProgress(GenerateStage.Downloading, FileName: name, BytesTransferred: written, TotalBytes: expected));
                }
            }
            if (expected is { } length && written != length)
            {
                throw new IOException($"The download of '{name}' ended after {written} of {length} bytes.");
            }
            await file.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        progress?.Report(new GenerateProgress(GenerateStage.Downloading, FileName: name, BytesTransferred: written, TotalBytes: expected ?? written));
    }

    /// <summary>
    /// Puts the finished temp file in place under <paramref name="name"/>, or the first free <c>name-n</c>, never
    /// replacing an entry that exists (unless <paramref name="overwrite"/>), also against other tasks and processes
    /// placing into the same directory at the same moment. <c>File.Move(overwrite: false)</c> cannot do that (on Unix
    /// it checks, then renames), so the name is first reserved atomically by creating it exclusively
    /// (<see cref="FileMode.CreateNew"/>, O_EXCL), then the temp file is renamed over that reservation, which is ours;
    /// the reservation is removed if the rename fails.
    /// </summary>
    private static string MoveIntoPlace(string temp, string directory, string name, bool overwrite)
    {
        var stem = Path.GetFileNameWithoutExtension(name);
        var extension = Path.GetExtension(name);
        for (var n = 0; ; n++)
        {
            var candidate = Path.Combine(directory, n == 0 ? name : $"{stem}-{n}{extension}");
            if (overwrite && !Directory.Exists(candidate))
            {
                File.Move(temp, candidate, overwrite: true);
                return candidate;
            }
            if (!TryReserve(candidate, n < 10_000)) continue;
            try
            {
                File.Move(temp, candidate, overwrite: true);
                return candidate;
            }
            catch
            {
                TryDelete(candidate);
                throw;
            }
        }
    }

    /// <summary>Creates <paramref name="path"/> exclusively; false when an entry of that name exists (a file or a directory: never replaced).</summary>
    private static bool TryReserve(string path, bool mayTryAnother)
    {
        try
        {
            new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1).Dispose();
            return true;
        }
        catch (IOException) when (mayTryAnother && (File.Exists(path) || Directory.Exists(path)))
        {
            return false;
        }
    }

    private static List<string> UniqueNames(List<string> names)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var result = new List<string>(names.Count);
        foreach (var name in names)
        {
            var candidate = name;
            for (var n = 1; !seen.Add(candidate); n++) candidate = $"{Path.GetFileNameWithoutExtension(name)}-{n}{Path.GetExtension(name)}";
            result.Add(candidate);
        }
        return result;
    }

    /// <summary>A failed GET (status) or transport failure, for the resilience policy to classify; not a local file error.</summary>
    private static bool IsRetryable(Exception ex)
        => ex is MagicHourException { StatusCode: > 0, InnerException: null } || (ResiliencePolicy.IsTransportFailure(ex) && ex is not TimeoutException);

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>Some outputs of a project could not be downloaded; <see cref="Saved"/> are the ones that landed.</summary>
internal sealed class OutputsIncompleteException(IReadOnlyList<string> saved, Exception firstFailure)
    : Exception(firstFailure.Message, firstFailure)
{
    public IReadOnlyList<string> Saved { get; } = saved;
}
