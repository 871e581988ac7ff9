using System.Buffers;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace MagicHour.Generated.Http;

/// <summary>
/// The request and response plumbing every generated operation shares (openapi/templates/Client.Class.liquid
/// calls it), kept out of the template so each of the 36 methods stays a few lines and the per-call work is
/// written once: JSON through the source-generated metadata (no reflection, trim/AOT safe), response headers
/// copied only when an exception needs them, and bodies read with the configured size limit.
/// </summary>
internal static class ApiCall
{
    private const string JsonMediaType = "application/json";

    /// <summary>How much of a success body is kept for <see cref="MagicHourException.RawBody"/> when it does not parse.</summary>
    private const int RecordedBytes = 64 * 1024;

    // Skipped as System.Text.Json's stream reading skips it.
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>A new request for <paramref name="url"/> that accepts JSON, marked with its operation id for the metrics.</summary>
    public static HttpRequestMessage Request(HttpMethod method, Uri url, string? operationId = null)
    {
        var request = operationId is null ? new HttpRequestMessage(method, url) : new ApiRequestMessage(method, url, operationId);
        // Unvalidated: stored as the string and written as is, instead of parsed into a header object per call.
        request.Headers.TryAddWithoutValidation("Accept", JsonMediaType);
        return request;
    }

    /// <summary>The request body: <paramref name="body"/> as UTF-8 JSON through its source-generated metadata.</summary>
    public static ByteArrayContent JsonContent<T>(T body, JsonSerializerOptions options)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, options.TypeInfo<T>()));
        content.Headers.TryAddWithoutValidation("Content-Type", JsonMediaType);
        return content;
    }

    /// <summary>Reads a success body as <typeparamref name="T"/> within the size limit: whole when it is small and its length known, else streaming.</summary>
    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonSerializerOptions options, long maxBytes, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        T? value;
        // The body read so far is kept (up to 64 KiB): a success answer that does not parse (a create cut off
        // mid-way: charged) keeps it in RawBody, where the project id may still be found.
        byte[]? whole = null;
        var wholeLength = 0;
        RecordingReadStream? stream = null;
        try
        {
            if (response.Content is BoundedContent { KnownLength: { } length and <= RecordedBytes } bounded && length <= maxBytes)
            {
                // The usual answer: its length is declared and small. Read whole into a pooled buffer and parsed from
                // memory, with no stream wrappers (about 200 bytes less per call than streaming it).
                whole = ArrayPool<byte>.Shared.Rent((int)Math.Max(length, 1));
                wholeLength = await bounded.ReadWholeAsync(whole.AsMemory(0, (int)length), cancellationToken).ConfigureAwait(false);
                value = Parse<T>(whole.AsSpan(0, wholeLength), options);
            }
            else
            {
                stream = new RecordingReadStream(await ResponseBody.OpenJsonAsync(response, maxBytes, cancellationToken).ConfigureAwait(false), RecordedBytes);
                value = await JsonSerializer.DeserializeAsync(stream, options.TypeInfo<T>(), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (JsonException exception)
        {
            var recorded = whole is not null ? Encoding.UTF8.GetString(whole, 0, wholeLength) : stream?.Recorded() ?? string.Empty;
            throw new MagicHourException($"Could not read the response body as {typeof(T).Name}.", status, recorded, Headers(response), exception);
        }
        catch (Exception exception) when (ResiliencePolicy.IsTransportFailure(exception) && !cancellationToken.IsCancellationRequested)
        {
            throw BodyFailed(response, exception);
        }
        finally
        {
            if (stream is not null) await stream.DisposeAsync().ConfigureAwait(false);
            if (whole is not null) ArrayPool<byte>.Shared.Return(whole);
        }
        if (value is IProjectCreated created && response.Content is BoundedContent { Reservation: { } reservation })
        {
            reservation.Charged(created.CreditsCharged, created.Id);
        }
        return value ?? throw new MagicHourException($"The response body was empty where {typeof(T).Name} was expected.", status, string.Empty, Headers(response), null);
    }

    private static T? Parse<T>(ReadOnlySpan<byte> json, JsonSerializerOptions options)
        => JsonSerializer.Deserialize(json.StartsWith(Utf8Bom) ? json[Utf8Bom.Length..] : json, options.TypeInfo<T>());

    /// <summary>
    /// The exception for a documented error status: the body is read as text (kept whole in
    /// <see cref="MagicHourException.RawBody"/>) and parsed as <typeparamref name="TError"/> when it is JSON.
    /// A body that is not JSON (a proxy's HTML 502, say) still gives an exception with status and text.
    /// </summary>
    public static async Task<MagicHourException> ErrorAsync<TError>(HttpResponseMessage response, string description, JsonSerializerOptions options, long maxBytes, CancellationToken cancellationToken)
        where TError : class
    {
        var status = (int)response.StatusCode;
        // Masked (in ReadErrorTextAsync) before parsing, so the parsed Result cannot carry an API key the server echoed either.
        var text = await ReadErrorTextAsync(response, maxBytes, cancellationToken).ConfigureAwait(false);
        TError? error = null;
        try
        {
            error = JsonSerializer.Deserialize(text, options.TypeInfo<TError>());
        }
        catch (JsonException)
        {
        }
        return error is null
            ? new MagicHourException(description, status, text, Headers(response), null)
            : new MagicHourException<TError>(description, status, text, Headers(response), error, null);
    }

    /// <summary>The exception for a status the spec does not list for the operation.</summary>
    public static async Task<MagicHourException> UnexpectedAsync(HttpResponseMessage response, long maxBytes, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var text = await ReadErrorTextAsync(response, maxBytes, cancellationToken).ConfigureAwait(false);
        return new MagicHourException($"The HTTP status code of the response was not expected ({status}).", status, text, Headers(response), null);
    }

    /// <summary>An error body as text; a body that stalls or breaks ends in a <see cref="MagicHourException"/> with the status.</summary>
    private static async Task<string> ReadErrorTextAsync(HttpResponseMessage response, long maxBytes, CancellationToken cancellationToken)
    {
        try
        {
            return KeyRedaction.Redact(await ResponseBody.ReadTextAsync(response, maxBytes, cancellationToken).ConfigureAwait(false))!;
        }
        catch (Exception exception) when (ResiliencePolicy.IsTransportFailure(exception) && !cancellationToken.IsCancellationRequested)
        {
            throw BodyFailed(response, exception);
        }
    }

    /// <summary>A body that stalled past the deadline, or whose connection broke: the status is known, the body is not.</summary>
    private static MagicHourException BodyFailed(HttpResponseMessage response, Exception exception)
        => ResiliencePolicy.Failed($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}", exception, (int)response.StatusCode);

    /// <summary>Response and content headers, for an exception (success paths never copy them).</summary>
    public static IReadOnlyDictionary<string, IEnumerable<string>> Headers(HttpResponseMessage response)
    {
        var headers = new Dictionary<string, IEnumerable<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers) headers[name] = values;
        foreach (var (name, values) in response.Content is BoundedContent bounded ? bounded.TransportHeaders : response.Content.Headers) headers[name] = values;
        return headers;
    }

    /// <summary>A path segment: the value's invariant text, escaped.</summary>
    public static string PathSegment(string value) => Uri.EscapeDataString(value);
}
