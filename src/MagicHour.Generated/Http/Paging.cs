using System.Runtime.CompilerServices;

namespace MagicHour.Generated.Http;

/// <summary>Follows a cursor-paged list operation (the spec's <c>x-magichour-page-items</c> mark) through every page.</summary>
internal static class Paging
{
    public static async IAsyncEnumerable<TItem> EnumerateAsync<TPage, TItem>(
        Func<string?, CancellationToken, Task<TPage>> getPage,
        Func<TPage, ICollection<TItem>?> items,
        Func<TPage, string?> nextCursor,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? cursor = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await getPage(cursor, cancellationToken).ConfigureAwait(false);
            foreach (var item in items(page) ?? [])
                yield return item;

            cursor = nextCursor(page);
            if (string.IsNullOrEmpty(cursor))
                yield break;
            // A server handing back a cursor it already gave would make this loop forever.
            if (!seen.Add(cursor))
                throw new MagicHourException($"The API returned the page cursor '{cursor}' a second time; stopping instead of looping.", MagicHourErrorKind.Other);
        }
    }
}
