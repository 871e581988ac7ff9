using System.Text;

namespace MagicHour.Generated.Http;

/// <summary>Reads JSON response bodies with a size limit, so a huge or endless body is refused instead of buffered.</summary>
internal static class ResponseBody
{
    /// <summary>Reads the whole body as UTF-8 text, refusing bodies over <paramref name="maxBytes"/>.</summary>
    public static async Task<string> ReadTextAsync(HttpResponseMessage response, long maxBytes, CancellationToken cancellationToken)
    {
        await using var stream = await OpenJsonAsync(response, maxBytes, cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Opens the body as a stream that fails once more than <paramref name="maxBytes"/> were read. Not async when the
    /// content's stream is ready (the usual case: the headers have arrived), so it costs no state machine.
    /// </summary>
    public static ValueTask<Stream> OpenJsonAsync(HttpResponseMessage response, long maxBytes, CancellationToken cancellationToken)
    {
        var declared = response.Content is BoundedContent bounded ? bounded.KnownLength : response.Content.Headers.ContentLength;
        if (declared > maxBytes)
        {
            throw TooLarge((int)response.StatusCode, maxBytes);
        }
        var opening = response.Content.ReadAsStreamAsync(cancellationToken);
        return opening.IsCompletedSuccessfully
            ? new ValueTask<Stream>(Limit(opening.Result, declared, (int)response.StatusCode, maxBytes))
            : OpenSlowAsync(opening, declared, (int)response.StatusCode, maxBytes);
    }

    private static async ValueTask<Stream> OpenSlowAsync(Task<Stream> opening, long? declared, int status, long maxBytes)
        => Limit(await opening.ConfigureAwait(false), declared, status, maxBytes);

    private static Stream Limit(Stream inner, long? declared, int status, long maxBytes)
    {
        if (declared is not null)
        {
            // HTTP framing already stops the body at its declared length, which is within the limit.
            return inner;
        }
        return Counting(inner, status, maxBytes);
    }

    // Its own method: a lambda's captured parameters are allocated on entry to the method that declares them.
    private static CountingReadStream Counting(Stream inner, int status, long maxBytes)
        => new(inner, (total, _) =>
        {
            if (total > maxBytes) throw TooLarge(status, maxBytes);
        });

    internal static MagicHourException TooLarge(int status, long maxBytes)
        => new($"The response body is larger than the limit of {maxBytes} bytes (MagicHourClientOptions.MaxResponseBodyBytes) and was not read.", status, null, null, null);
}
