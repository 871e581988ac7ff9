namespace MagicHour.Generated;

/// <summary>Bytes moved so far for one file.</summary>
/// <param name="FileName">The file's name.</param>
/// <param name="BytesTransferred">Bytes sent or received so far.</param>
/// <param name="TotalBytes">The file's size, when known.</param>
public sealed record TransferProgress(string FileName, long BytesTransferred, long? TotalBytes);

/// <summary>An IProgress that reports synchronously, in order (unlike Progress&lt;T&gt;, which posts).</summary>
internal sealed class ActionProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
