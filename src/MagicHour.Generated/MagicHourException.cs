using System.Text.Json;

namespace MagicHour.Generated;

/// <summary>What kind of failure a <see cref="MagicHourException"/> reports, so callers need no string matching.</summary>
public enum MagicHourErrorKind
{
    /// <summary>No HTTP status applies (transport failure, failed project, timeout).</summary>
    Other,
    /// <summary>400: the request was malformed.</summary>
    BadRequest,
    /// <summary>401: the API key is missing or wrong.</summary>
    Unauthorized,
    /// <summary>402: not enough credits.</summary>
    PaymentRequired,
    /// <summary>404: no such resource.</summary>
    NotFound,
    /// <summary>422: the request was well formed but cannot be processed.</summary>
    UnprocessableEntity,
    /// <summary>429: too many requests, even after the allowed retries.</summary>
    RateLimited,
    /// <summary>5xx: the server failed, even after the allowed retries.</summary>
    ServerError,
    /// <summary>The project ended in <c>error</c>.</summary>
    ProjectFailed,
    /// <summary>The project ended in <c>canceled</c>.</summary>
    ProjectCanceled,
    /// <summary>The project did not end within the allowed time.</summary>
    Timeout,
    /// <summary>
    /// A create was refused before it was sent: it would take the credits this client was charged past
    /// <see cref="MagicHourClientOptions.MaxCredits"/> or <see cref="GenerateOptions.MaxCredits"/>. Nothing was sent or charged.
    /// </summary>
    CreditLimitReached,
}

/// <summary>
/// The one exception type of this SDK: an API error (with status code, the API's message and the raw body),
/// or a failure of the workflow. Once a project exists, <see cref="ProjectId"/> says which, so the job can be
/// resumed without paying again. Never contains the API key, even when the server echoes it (it is masked as
/// <c>***</c> in Message, ToString(), RawBody, ApiMessage and Headers).
/// </summary>
public class MagicHourException : Exception
{
    /// <summary>Creates the exception for an HTTP response (the signature NSwag's generated clients call).</summary>
    public MagicHourException(string message, int statusCode, string? response, IReadOnlyDictionary<string, IEnumerable<string>>? headers, Exception? innerException)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        // What the server sent is redacted before it is kept: an error body may echo the API key.
        RawBody = KeyRedaction.Redact(response);
        Headers = KeyRedaction.Redact(headers ?? new Dictionary<string, IEnumerable<string>>());
        ApiMessage = KeyRedaction.Redact(TryReadField(response, "message"));
        ErrorCode = KeyRedaction.Redact(TryReadField(response, "code"));
        Kind = KindOf(statusCode);
    }

    /// <summary>Creates a workflow exception that has no HTTP response.</summary>
    public MagicHourException(string message, MagicHourErrorKind kind, string? projectId = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        ProjectId = projectId;
        Headers = new Dictionary<string, IEnumerable<string>>();
    }

    /// <summary>The HTTP status code, or 0 when the failure was not an HTTP error response.</summary>
    public int StatusCode { get; }

    /// <summary>The failure category.</summary>
    public MagicHourErrorKind Kind { get; }

    /// <summary>The <c>message</c> field of the API's error body, if there was one.</summary>
    public string? ApiMessage { get; }

    /// <summary>A machine-readable error code: the body's <c>code</c> field, or a project's <c>error.code</c>.</summary>
    public string? ErrorCode { get; internal init; }

    /// <summary>The response body exactly as received (bounded by the response size limit).</summary>
    public string? RawBody { get; }

    /// <summary>The response headers.</summary>
    public IReadOnlyDictionary<string, IEnumerable<string>> Headers { get; }

    /// <summary>The project this failure concerns, when one had been created (credits were charged).</summary>
    public string? ProjectId { get; internal set; }

    /// <summary>Credits charged for <see cref="ProjectId"/>, when known.</summary>
    public int? CreditsCharged { get; internal set; }

    /// <summary>
    /// The outputs that were saved before this failure (full paths), when some of a project's outputs downloaded
    /// and others did not. A <c>ResumeAsync</c> into the same directory does not download these again.
    /// </summary>
    public IReadOnlyList<string> SavedPaths { get; internal set; } = [];

    /// <inheritdoc/>
    public override string Message
    {
        get
        {
            var text = base.Message;
            if (StatusCode != 0) text += $" (HTTP {StatusCode})";
            if (!string.IsNullOrEmpty(ApiMessage) && !text.Contains(ApiMessage, StringComparison.Ordinal)) text += $": {ApiMessage}";
            if (ProjectId is not null) text += $" [project {ProjectId}]";
            return KeyRedaction.Redact(text)!;
        }
    }

    /// <summary>The exception as text, with any API key the server echoed masked, also in inner exceptions.</summary>
    public override string ToString() => KeyRedaction.Redact(base.ToString())!;

    private static MagicHourErrorKind KindOf(int statusCode) => statusCode switch
    {
        400 => MagicHourErrorKind.BadRequest,
        401 => MagicHourErrorKind.Unauthorized,
        402 => MagicHourErrorKind.PaymentRequired,
        404 => MagicHourErrorKind.NotFound,
        422 => MagicHourErrorKind.UnprocessableEntity,
        429 => MagicHourErrorKind.RateLimited,
        >= 500 and < 600 => MagicHourErrorKind.ServerError,
        _ => MagicHourErrorKind.Other,
    };

    private static string? TryReadField(string? body, string name)
    {
        if (string.IsNullOrWhiteSpace(body) || body.Length > 64 * 1024) return null;
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty(name, out var value)
                && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>A <see cref="MagicHourException"/> whose error body was parsed into <typeparamref name="TResult"/>.</summary>
/// <typeparam name="TResult">The error model the API documents for this status.</typeparam>
public class MagicHourException<TResult> : MagicHourException
{
    /// <summary>Creates the exception (the signature NSwag's generated clients call).</summary>
    public MagicHourException(string message, int statusCode, string? response, IReadOnlyDictionary<string, IEnumerable<string>>? headers, TResult result, Exception? innerException)
        : base(message, statusCode, response, headers, innerException)
    {
        Result = result;
    }

    /// <summary>The parsed error body.</summary>
    public TResult Result { get; }
}

/// <summary>A project ended in <c>error</c> or <c>canceled</c>. Credits for a failed project are normally refunded by the API.</summary>
public sealed class MagicHourProjectFailedException : MagicHourException
{
    internal MagicHourProjectFailedException(string message, MagicHourErrorKind kind, string projectId, string? errorCode, string? status)
        : base(message, kind, projectId)
    {
        ErrorCode = errorCode;
        Status = status;
    }

    /// <summary>The final status: <c>error</c> or <c>canceled</c>.</summary>
    public string? Status { get; }
}

/// <summary>The caller cancelled the job; <see cref="ProjectId"/> is set when a project had already been created.</summary>
public sealed class MagicHourCanceledException : OperationCanceledException
{
    internal MagicHourCanceledException(string message, string? projectId, Exception? innerException, CancellationToken token)
        : base(message, innerException, token)
    {
        ProjectId = projectId;
    }

    /// <summary>The project created before cancellation, if any; pass it to ResumeAsync to finish without paying again.</summary>
    public string? ProjectId { get; }
}
