using System.Net;

namespace MagicHour.Generated.Http;

/// <summary>
/// An error response's body, cut at the configured limit: an error page that is huge or never ends is not
/// read past MaxResponseBodyBytes by anyone (the SDK, Kiota's retry handler draining it, or a caller).
/// </summary>
internal sealed class LimitedErrorContent : HttpContent
{
    private readonly HttpContent _inner;
    private readonly long _maxBytes;
    private readonly long? _length;

    public LimitedErrorContent(HttpContent inner, long maxBytes)
    {
        _inner = inner;
        _maxBytes = maxBytes;
        foreach (var header in inner.Headers)
        {
            if (!string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }
        // Known only when the whole body fits; otherwise unknown (the cut body is shorter than announced).
        _length = inner.Headers.ContentLength is { } length && length <= maxBytes ? length : null;
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        => await SerializeToStreamAsync(stream, context, CancellationToken.None).ConfigureAwait(false);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await using var source = await _inner.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[(int)Math.Min(81920, Math.Max(1, _maxBytes))];
        long left = _maxBytes;
        int read;
        while (left > 0 && (read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken).ConfigureAwait(false)) > 0)
        {
            await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            left -= read;
        }
    }

    // Never read Headers.ContentLength here: its getter calls back into TryComputeLength.
    protected override bool TryComputeLength(out long length)
    {
        length = _length ?? 0;
        return _length is not null;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }
}
