using System.Buffers;
using System.Text;

namespace MagicHour.Generated.Http;

/// <summary>
/// A forward-only read wrapper that keeps a copy of the first <c>limit</c> bytes read (in a pooled buffer), so a
/// success body that turns out not to parse (a create answer cut off mid-way) can still be shown whole in
/// <see cref="MagicHourException.RawBody"/>, and its project id found in it. Disposing returns the buffer.
/// </summary>
internal sealed class RecordingReadStream(Stream inner, int limit) : Stream
{
    private byte[]? _copy;
    private int _length;

    /// <summary>The bytes read so far (up to the limit), as UTF-8 text.</summary>
    public string Recorded() => _copy is null ? string.Empty : Encoding.UTF8.GetString(_copy, 0, _length);

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _length; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override int Read(byte[] buffer, int offset, int count)
        => Keep(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Keep(buffer.Span[..n]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Keep(ReadOnlySpan<byte> read)
    {
        var take = Math.Min(read.Length, limit - _length);
        if (take <= 0) return read.Length;
        if (_copy is null || _copy.Length < _length + take)
        {
            var grown = ArrayPool<byte>.Shared.Rent(Math.Min(limit, Math.Max(_length + take, (_copy?.Length ?? 2048) * 2)));
            if (_copy is not null)
            {
                _copy.AsSpan(0, _length).CopyTo(grown);
                ArrayPool<byte>.Shared.Return(_copy);
            }
            _copy = grown;
        }
        read[..take].CopyTo(_copy.AsSpan(_length));
        _length += take;
        return read.Length;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            if (_copy is not null) ArrayPool<byte>.Shared.Return(_copy);
            _copy = null;
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        Dispose(true);
        GC.SuppressFinalize(this);
    }
}
