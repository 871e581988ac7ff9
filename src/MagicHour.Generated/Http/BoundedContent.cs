namespace MagicHour.Generated.Http;

/// <summary>
/// An API response's body, read under the call's <see cref="Deadline"/> (NetworkTimeout) and, for an error status,
/// cut at MaxResponseBodyBytes. Every read is cancelled by the deadline as well as by the reader's own token, so a
/// body that stalls (headers sent, then nothing) ends in a <see cref="TimeoutException"/> at the deadline, or in a
/// cancellation the moment the caller cancels. Nothing is buffered: the stream is the connection's, wrapped. The
/// deadline ends when this content is disposed (with the response).
/// </summary>
internal sealed class BoundedContent : HttpContent
{
    private readonly HttpContent _inner;
    private readonly Deadline _deadline;
    private readonly long? _maxBytes;
    private readonly long? _length;
    private readonly HttpRequestMessage _request;

    /// <param name="inner">The transport's content.</param>
    /// <param name="deadline">The call's deadline, owned from here on.</param>
    /// <param name="maxBytes">Cut the body here (error bodies); null: the body is bounded where it is parsed.</param>
    /// <param name="request">The request, for the timeout's message.</param>
    public BoundedContent(HttpContent inner, Deadline deadline, long? maxBytes, HttpRequestMessage request)
    {
        _inner = inner;
        _deadline = deadline;
        _maxBytes = maxBytes;
        _request = request;
        foreach (var header in inner.Headers)
        {
            if (!string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }
        // Known only when the whole body fits; otherwise unknown (a cut body is shorter than announced).
        _length = inner.Headers.ContentLength is { } length && (maxBytes is null || length <= maxBytes) ? length : null;
    }

    protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

    protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken)
    {
        Stream inner;
        using (var linked = Link(cancellationToken, out var token))
        {
            try
            {
                inner = await _inner.ReadAsStreamAsync(token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException && _deadline.Expired && !cancellationToken.IsCancellationRequested)
            {
                throw TimedOut(ex);
            }
        }
        return new DeadlineStream(inner, this);
    }

    protected override Stream CreateContentReadStream(CancellationToken cancellationToken)
        => CreateContentReadStreamAsync(cancellationToken).GetAwaiter().GetResult();

    protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context, CancellationToken cancellationToken)
    {
        await using var source = await CreateContentReadStreamAsync(cancellationToken).ConfigureAwait(false);
        await source.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
    }

    // Never read Headers.ContentLength here: its getter calls back into TryComputeLength.
    protected override bool TryComputeLength(out long length)
    {
        length = _length ?? 0;
        return _length is not null;
    }

    /// <summary>Called once when the content is disposed (the spending cap settles a create whose answer was not read).</summary>
    internal Action? Disposed { get; set; }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            _deadline.Dispose();
            var disposed = Disposed;
            Disposed = null;
            disposed?.Invoke();
        }
        base.Dispose(disposing);
    }

    /// <summary>
    /// The reader's token joined with the deadline's. No allocation when the reader has none or passes the token the
    /// call was sent with (the usual case: the deadline already listens to it).
    /// </summary>
    private CancellationTokenSource? Link(CancellationToken cancellationToken, out CancellationToken token)
    {
        if (!cancellationToken.CanBeCanceled || cancellationToken == _deadline.CallerToken)
        {
            token = _deadline.Token;
            return null;
        }
        var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _deadline.Token);
        token = linked.Token;
        return linked;
    }

    private TimeoutException TimedOut(Exception inner)
        => new($"{ResilienceHandler.What(_request)} sent no complete answer within {_deadline.Limit.TotalSeconds:0.#} s (MagicHourClientOptions.NetworkTimeout).", inner);

    private sealed class DeadlineStream(Stream inner, BoundedContent owner) : Stream
    {
        private long _left = owner._maxBytes ?? long.MaxValue;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_left <= 0 || buffer.IsEmpty) return 0;
            if (buffer.Length > _left) buffer = buffer[..(int)_left];
            using var linked = owner.Link(cancellationToken, out var token);
            try
            {
                var read = await inner.ReadAsync(buffer, token).ConfigureAwait(false);
                _left -= read;
                return read;
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException && owner._deadline.Expired && !cancellationToken.IsCancellationRequested)
            {
                // A read cut off by the deadline may surface as the connection's abort (IOException): still a timeout.
                throw owner.TimedOut(ex);
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
