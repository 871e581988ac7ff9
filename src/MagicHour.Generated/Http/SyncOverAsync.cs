namespace MagicHour.Generated.Http;

/// <summary>Runs async SDK code for the synchronous twins.</summary>
internal static class SyncOverAsync
{
    /// <summary>
    /// Runs <paramref name="operation"/> on the thread pool and blocks for its result. Running it on the pool
    /// (not on the caller's thread) means no continuation needs the caller's SynchronizationContext, so a
    /// UI or legacy ASP.NET thread cannot deadlock. Exceptions surface unwrapped.
    /// </summary>
    public static T Run<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
        => Task.Run(() => operation(cancellationToken), cancellationToken).GetAwaiter().GetResult();

    /// <summary>As <see cref="Run{T}"/>, for operations without a result.</summary>
    public static void Run(Func<CancellationToken, Task> operation, CancellationToken cancellationToken)
        => Task.Run(() => operation(cancellationToken), cancellationToken).GetAwaiter().GetResult();
}
