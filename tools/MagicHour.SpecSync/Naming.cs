using System.Text;
using System.Text.Json.Nodes;

namespace MagicHour.SpecSync;

/// <summary>
/// The project's naming conventions for what the sync adds (see README.md): resources and tags in
/// PascalCase from the path, operationIds <c>Resource_Verb</c>, schemas <c>ResourceVerbRequest</c>,
/// <c>ResourceAssets</c>, <c>ResourceVerbResponse</c>, <c>ResourceProperty</c>.
/// </summary>
public static class Naming
{
    private static readonly Dictionary<string, string> ReasonPhrases = new(StringComparer.Ordinal)
    {
        ["400"] = "BadRequest", ["401"] = "Unauthorized", ["402"] = "PaymentRequired", ["403"] = "Forbidden",
        ["404"] = "NotFound", ["405"] = "MethodNotAllowed", ["409"] = "Conflict", ["410"] = "Gone",
        ["413"] = "PayloadTooLarge", ["415"] = "UnsupportedMediaType", ["422"] = "UnprocessableEntity",
        ["429"] = "TooManyRequests", ["500"] = "InternalServerError", ["502"] = "BadGateway",
        ["503"] = "ServiceUnavailable", ["504"] = "GatewayTimeout", ["default"] = "DefaultError",
    };

    /// <summary><c>ai-video-translator</c>, <c>image_file_paths</c> → <c>AiVideoTranslator</c>, <c>ImageFilePaths</c>.</summary>
    public static string Pascal(string text)
    {
        var builder = new StringBuilder(text.Length);
        var upper = true;
        foreach (var c in text)
        {
            if (!char.IsLetterOrDigit(c))
            {
                upper = true;
                continue;
            }

            builder.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        return builder.Length == 0 ? "Value" : char.IsDigit(builder[0]) ? "V" + builder : builder.ToString();
    }

    /// <summary>The name of one item of a list property: <c>Points</c> → <c>Point</c>, <c>Entries</c> → <c>Entry</c>, <c>Data</c> → <c>DataItem</c>.</summary>
    public static string Singular(string plural) =>
        plural.EndsWith("ies", StringComparison.Ordinal) && plural.Length > 3 ? plural[..^3] + "y"
        : plural.EndsWith("ss", StringComparison.Ordinal) ? plural + "Item"
        : plural.EndsWith('s') && plural.Length > 1 ? plural[..^1]
        : plural + "Item";

    /// <summary>The resource of a path: its last segment that is not a parameter, in PascalCase (<c>/v1/files/upload-urls</c> → <c>UploadUrls</c>).</summary>
    public static string Resource(string path)
    {
        var segment = path.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .LastOrDefault(part => !part.StartsWith('{') && !IsVersion(part)) ?? "Root";
        return Pascal(segment);
    }

    /// <summary>
    /// The verb of an operation: POST without a trailing path parameter creates (<c>Create</c>), GET of a
    /// collection (an answer with an <c>items</c> list) is <c>List</c>, any other GET <c>Get</c>, then
    /// <c>Delete</c>, <c>Update</c>, <c>Replace</c>.
    /// </summary>
    public static string Verb(string method, string path, bool returnsList)
    {
        var single = path.TrimEnd('/').EndsWith('}');
        return method.ToLowerInvariant() switch
        {
            "post" => single ? "Action" : "Create",
            "get" => returnsList && !single ? "List" : "Get",
            "delete" => "Delete",
            "patch" => "Update",
            "put" => "Replace",
            var other => Pascal(other),
        };
    }

    /// <summary>The name of a shared error response for a status code (<c>402</c> → <c>PaymentRequired</c>).</summary>
    public static string Reason(string statusCode) =>
        ReasonPhrases.TryGetValue(statusCode, out var name) ? name : "Status" + Pascal(statusCode).TrimStart('V');

    /// <summary>The project kind from the vendor's tag (<c>Image Projects</c> → <c>image</c>), or null.</summary>
    public static string? ProjectKind(JsonObject vendorOperation)
    {
        foreach (var tag in vendorOperation["tags"] as JsonArray ?? [])
        {
            var text = tag?.GetValueKind() == System.Text.Json.JsonValueKind.String ? tag.GetValue<string>() : null;
            switch (text)
            {
                case "Image Projects": return "image";
                case "Video Projects": return "video";
                case "Audio Projects": return "audio";
            }
        }

        return null;
    }

    /// <summary><paramref name="name"/>, or with the first free number appended when <paramref name="taken"/> says it is used.</summary>
    public static string Unique(string name, Func<string, bool> taken)
    {
        if (!taken(name))
        {
            return name;
        }

        for (var i = 2; ; i++)
        {
            if (!taken(name + i))
            {
                return name + i;
            }
        }
    }

    /// <summary>The placeholder description of a new item; the sync never copies the vendor's prose.</summary>
    public static string Placeholder(string thing) => $"{PlaceholderPrefix} describe {thing}";

    /// <summary>What every placeholder starts with, so they can be found.</summary>
    public const string PlaceholderPrefix = "TODO(spec-sync):";

    private static bool IsVersion(string segment) => segment.Length >= 2 && segment[0] == 'v' && segment[1..].All(char.IsDigit);
}
