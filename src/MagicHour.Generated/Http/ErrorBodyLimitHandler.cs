using System.Net;

namespace MagicHour.Generated.Http;

/// <summary>
/// Cuts the body of every error response (status not 2xx) at <see cref="MagicHourClientOptions.MaxResponseBodyBytes"/>.
/// Success bodies are bounded where they are parsed (<see cref="ResponseBody"/>), but error bodies are also read
/// as a whole elsewhere: by the generated clients for statuses the spec does not list (a proxy's 502 page) and by
/// Kiota's RetryHandler before each retry. Without this, a misbehaving server or proxy could make the SDK buffer an
/// error page of any size. The first bytes are kept (enough for the message and <c>RawBody</c>); the rest is never read.
/// </summary>
internal sealed class ErrorBodyLimitHandler(long maxBytes) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode || response.Content is null || response.Content is LimitedErrorContent)
        {
            return response;
        }
        response.Content = new LimitedErrorContent(response.Content, maxBytes);
        return response;
    }

    /// <summary>Wraps an error body so at most <c>maxBytes</c> of it are ever read; headers are kept, except the length.</summary>
    private sealed class LimitedErrorContent : HttpContent
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
}
