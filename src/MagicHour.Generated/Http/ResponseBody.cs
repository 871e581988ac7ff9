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

    /// <summary>Opens the body as a stream that fails once more than <paramref name="maxBytes"/> were read.</summary>
    public static async Task<Stream> OpenJsonAsync(HttpResponseMessage response, long maxBytes, CancellationToken cancellationToken)
    {
        var declared = response.Content.Headers.ContentLength;
        if (declared > maxBytes)
        {
            throw TooLarge((int)response.StatusCode, maxBytes);
        }
        var inner = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        if (declared is not null)
        {
            // HTTP framing already stops the body at its declared length, which is within the limit.
            return inner;
        }
        var status = (int)response.StatusCode;
        return new CountingReadStream(inner, (total, _) =>
        {
            if (total > maxBytes) throw TooLarge(status, maxBytes);
        });
    }

    internal static MagicHourException TooLarge(int status, long maxBytes)
        => new($"The response body is larger than the limit of {maxBytes} bytes (MagicHourClientOptions.MaxResponseBodyBytes) and was not read.", status, null, null, null);
}
