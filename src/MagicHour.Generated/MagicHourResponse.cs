using System.Net;

namespace MagicHour.Generated;

/// <summary>
/// The typed result of a call together with its raw HTTP response, returned by the <c>…WithResponseAsync</c> twin of
/// every operation (in the spirit of System.ClientModel's <c>ClientResult&lt;T&gt;</c>). The common call stays
/// <c>var project = await client.V1.ImageProjects.GetAsync(id);</c>; reach for this when you need a header.
/// </summary>
/// <typeparam name="T">The response model.</typeparam>
public class MagicHourResponse<T>
{
    private readonly MagicHourRawResponse _rawResponse;

    /// <summary>Wraps a value and the response it came from (tests build one with <see cref="MagicHourModelFactory.Response{T}"/>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="rawResponse"/> is null.</exception>
    public MagicHourResponse(T value, MagicHourRawResponse rawResponse)
    {
        Value = value;
        _rawResponse = rawResponse ?? throw new ArgumentNullException(nameof(rawResponse));
    }

    /// <summary>For mocking.</summary>
    protected MagicHourResponse()
    {
        Value = default!;
        _rawResponse = null!;
    }

    /// <summary>The response body as its model.</summary>
    public virtual T Value { get; }

    /// <summary>The HTTP response the value was read from: status and headers (the body has been read).</summary>
    public virtual MagicHourRawResponse GetRawResponse() => _rawResponse;
}

/// <summary>
/// The status and headers of a successful HTTP response. Headers are read from the response when first asked for,
/// so a call that never looks at them copies nothing.
/// </summary>
public class MagicHourRawResponse
{
    private readonly HttpResponseMessage? _message;
    private IReadOnlyDictionary<string, IReadOnlyList<string>>? _headers;

    internal MagicHourRawResponse(HttpResponseMessage message)
    {
        _message = message;
        Status = (int)message.StatusCode;
    }

    /// <summary>A response with the given status and headers (header names compare case-insensitively).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="headers"/> is null.</exception>
    public MagicHourRawResponse(int status, IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        Status = status;
        var copy = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in headers) copy[name] = values;
        _headers = copy;
    }

    /// <summary>For mocking.</summary>
    protected MagicHourRawResponse()
    {
    }

    /// <summary>The HTTP status code, e.g. 200.</summary>
    public virtual int Status { get; }

    /// <summary>Response and content headers by name (case-insensitive).</summary>
    public virtual IReadOnlyDictionary<string, IReadOnlyList<string>> Headers => _headers ??= ReadHeaders(_message);

    /// <summary>The first value of header <paramref name="name"/>, or null when the response has none.</summary>
    /// <param name="name">A header name, e.g. <c>x-request-id</c> or <c>x-ratelimit-remaining</c>.</param>
    public virtual string? GetHeader(string name)
        => Headers.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

    /// <summary>The status, e.g. <c>HTTP 200</c>.</summary>
    public override string ToString() => $"HTTP {Status} ({(HttpStatusCode)Status})";

    private static Dictionary<string, IReadOnlyList<string>> ReadHeaders(HttpResponseMessage? message)
    {
        var headers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        if (message is null) return headers;
        // The same merge as an exception's headers (content headers over response headers).
        foreach (var (name, values) in Http.ApiCall.Headers(message)) headers[name] = values.ToArray();
        return headers;
    }
}
