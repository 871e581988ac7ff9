namespace MagicHour.Generated;

/// <summary>Bytes moved so far for one file.</summary>
/// <param name="FileName">The file's name.</param>
/// <param name="BytesTransferred">Bytes sent or received so far.</param>
/// <param name="TotalBytes">The file's size, when known.</param>
public sealed record TransferProgress(string FileName, long BytesTransferred, long? TotalBytes);

/// <summary>A read-only stream wrapper that reports bytes read, at most every 256 KiB and at the end.</summary>
internal sealed class ProgressReadStream(Stream inner, Action<long> report, bool leaveOpen = false) : Stream
{
    private const long ReportEvery = 256 * 1024;
    private long _read;
    private long _lastReported;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => inner.Length;
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
        if (n == 0 || _read - _lastReported >= ReportEvery)
        {
            _lastReported = _read;
            report(_read);
        }
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !leaveOpen) inner.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>An IProgress that reports synchronously, in order (unlike Progress&lt;T&gt;, which posts).</summary>
internal sealed class ActionProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
