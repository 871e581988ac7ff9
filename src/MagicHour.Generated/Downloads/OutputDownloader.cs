using System.Buffers;
using MagicHour.Generated.Http;
using Microsoft.Extensions.Logging;

namespace MagicHour.Generated;

/// <summary>
/// Downloads a project's outputs: several at once, each streamed to a hidden temp file in the target
/// directory and moved into place only when complete (so a failure leaves no partial file), with
/// sanitized names and no silent overwrite. Download URLs are pre-signed: no Authorization header is sent.
/// </summary>
internal sealed class OutputDownloader(MagicHourClientContext context)
{
    private const int BufferSize = 128 * 1024;

    public async Task<IReadOnlyList<string>> DownloadAllAsync(IReadOnlyList<ProjectDownload> downloads, string directory, GenerateOptions options, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var names = UniqueNames(downloads.Select((d, i) => FileNameSanitizer.FromUrl(d.Url, $"output-{i + 1}")).ToList());
        var paths = new string[downloads.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, downloads.Count),
            new ParallelOptions { MaxDegreeOfParallelism = context.Options.MaxConcurrentDownloads, CancellationToken = cancellationToken },
            async (i, ct) => paths[i] = await MagicHourTelemetry.StepAsync(MagicHourDiagnostics.ActivityNames.Download, "download", () => DownloadOneAsync(downloads[i].Url, directory, names[i], options, ct),
                (activity, path) => activity.SetTag(MagicHourDiagnostics.Tags.Bytes, MagicHourTelemetry.SizeOf(path))).ConfigureAwait(false)).ConfigureAwait(false);
        return paths;
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

    private static string MoveIntoPlace(string temp, string directory, string name, bool overwrite)
    {
        var stem = Path.GetFileNameWithoutExtension(name);
        var extension = Path.GetExtension(name);
        for (var n = 0; ; n++)
        {
            var candidate = Path.Combine(directory, n == 0 ? name : $"{stem}-{n}{extension}");
            try
            {
                File.Move(temp, candidate, overwrite);
                return candidate;
            }
            catch (IOException) when (((!overwrite && File.Exists(candidate)) || Directory.Exists(candidate)) && n < 10_000)
            {
                // Taken: try the next free name rather than overwrite the user's file (a directory can never be replaced).
            }
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
