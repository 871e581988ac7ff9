namespace MagicHour.Generated.Http;

/// <summary>
/// An API response's body, read under the call's <see cref="Deadline"/> (NetworkTimeout) and, for an error status,
/// cut at MaxResponseBodyBytes. Every read is cancelled by the deadline as well as by the reader's own token, so a
/// body that stalls (headers sent, then nothing) ends in a <see cref="TimeoutException"/> at the deadline, or in a
/// cancellation the moment the caller cancels. Nothing is buffered: the stream is the connection's, wrapped. The
/// deadline ends when this content is disposed (with the response). Its own <see cref="HttpContent.Headers"/> stay
/// empty but for the computed length; the transport's are <see cref="TransportHeaders"/>.
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
        // The transport's headers are not copied (that would cost every call a header collection): the SDK reads them
        // from TransportHeaders. The length is read as the raw string, so no header is parsed and no value boxed.
        long? length = null;
        if (inner.Headers.NonValidated.TryGetValues("Content-Length", out var declared))
        {
            if (declared.Count == 1 && long.TryParse(declared.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)) length = value;
        }
        else
        {
            // A transport that sets no Content-Length header may still know the length (a StringContent, say).
            length = inner.Headers.ContentLength;
        }
        // Known only when the whole body fits; otherwise unknown (a cut body is shorter than announced).
        _length = length is { } l && (maxBytes is null || l <= maxBytes) ? l : null;
    }

    /// <summary>The transport's content headers (Content-Type and the others), which this content does not copy.</summary>
    internal System.Net.Http.Headers.HttpContentHeaders TransportHeaders => _inner.Headers;

    /// <summary>The body's length when known (declared and within the cut), without going through the headers (which would box it).</summary>
    internal long? KnownLength => _length;

    protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

    protected override Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken)
    {
        var linked = Link(cancellationToken, out var token);
        Task<Stream> opening;
        try
        {
            opening = _inner.ReadAsStreamAsync(token);
        }
        catch (Exception ex)
        {
            linked?.Dispose();
            return Task.FromException<Stream>(IsDeadline(ex, cancellationToken) ? TimedOut(ex) : ex);
        }
        if (!opening.IsCompletedSuccessfully) return OpenAsync(opening, linked, cancellationToken);
        // The usual case (the headers have arrived, so the transport's stream is ready): no state machine.
        linked?.Dispose();
        return Task.FromResult<Stream>(new DeadlineStream(opening.Result, this));
    }

    private async Task<Stream> OpenAsync(Task<Stream> opening, CancellationTokenSource? linked, CancellationToken cancellationToken)
    {
        using (linked)
        {
            try
            {
                return new DeadlineStream(await opening.ConfigureAwait(false), this);
            }
            catch (Exception ex) when (IsDeadline(ex, cancellationToken))
            {
                throw TimedOut(ex);
            }
        }
    }

    /// <summary>A failure once the deadline expired (and not the reader's own cancellation): the deadline's timeout.</summary>
    private bool IsDeadline(Exception ex, CancellationToken cancellationToken)
        => ex is OperationCanceledException or IOException or HttpRequestException && _deadline.Expired && !cancellationToken.IsCancellationRequested;

    /// <summary>
    /// Reads the whole body (whose length is known: <see cref="KnownLength"/>) into <paramref name="buffer"/>, under the
    /// deadline and <paramref name="cancellationToken"/>; returns the bytes read (fewer only if the body ended early).
    /// For <see cref="ApiCall.ReadAsync{T}"/>: a small body read this way needs no stream wrappers.
    /// </summary>
    internal async ValueTask<int> ReadWholeAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        using var linked = Link(cancellationToken, out var token);
        try
        {
            var stream = await _inner.ReadAsStreamAsync(token).ConfigureAwait(false);
            var total = 0;
            while (total < buffer.Length)
            {
                var read = await stream.ReadAsync(buffer[total..], token).ConfigureAwait(false);
                if (read == 0) break;
                total += read;
            }
            return total;
        }
        catch (Exception ex) when (IsDeadline(ex, cancellationToken))
        {
            throw TimedOut(ex);
        }
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

    private CreditLedger.Reservation? _reservation;

    /// <summary>
    /// The spending cap's reservation for the create this body answers (set by <see cref="SpendingCapHandler"/>):
    /// <see cref="ApiCall.ReadAsync{T}"/> settles it with the credits it read, and disposing the content settles one
    /// that was never read at the expected cost. Kept here rather than in the request's options, which cost a dictionary.
    /// </summary>
    internal CreditLedger.Reservation? Reservation
    {
        get => Volatile.Read(ref _reservation);
        set => Volatile.Write(ref _reservation, value);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            _deadline.Dispose();
            Interlocked.Exchange(ref _reservation, null)?.MaybeCharged();
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
            catch (Exception ex) when (owner.IsDeadline(ex, cancellationToken))
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
