using System.Text;

namespace MagicHour.Generated.Http;

/// <summary>Reads JSON response bodies with a size limit, so a huge or endless body is refused instead of buffered.</summary>
public static class ResponseBody
{
    /// <summary>Reads the whole body as UTF-8 text, refusing bodies over <paramref name="maxBytes"/>.</summary>
    public static async Task<string> ReadTextAsync(HttpResponseMessage response, long maxBytes, CancellationToken cancellationToken)
    {
        await using var stream = await OpenJsonAsync(response, maxBytes, cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Opens the body as a stream that fails once more than <paramref name="maxBytes"/> were read.</summary>
    public static async Task<Stream> OpenJsonAsync(HttpResponseMessage response, long maxBytes, CancellationToken cancellationToken)
    {
        var declared = response.Content.Headers.ContentLength;
        if (declared > maxBytes)
        {
            throw TooLarge((int)response.StatusCode, maxBytes);
        }
        var inner = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return new LimitedReadStream(inner, maxBytes, (int)response.StatusCode);
    }

    internal static MagicHourException TooLarge(int status, long maxBytes)
        => new($"The response body is larger than the limit of {maxBytes} bytes (MagicHourClientOptions.MaxResponseBodyBytes) and was not read.", status, null, null, null);

    private sealed class LimitedReadStream(Stream inner, long maxBytes, int status) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int n)
        {
            _read += n;
            if (_read > maxBytes) throw TooLarge(status, maxBytes);
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
