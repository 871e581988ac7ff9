using System.Text.Json.Nodes;

namespace MagicHour.SpecDrift;

/// <summary>The outcome of following a node's <c>$ref</c> chain.</summary>
/// <param name="Node">The node reached (the input itself when it is not a reference); null on error or when the input was null.</param>
/// <param name="Error">Why the chain could not be followed (dangling, external or cyclic reference); null on success.</param>
public readonly record struct Resolved(JsonNode? Node, string? Error)
{
    /// <summary>Whether following the chain failed.</summary>
    public bool Failed => Error is not null;
}

/// <summary>
/// Follows local <c>$ref</c>s (<c>#/components/schemas/X</c>, <c>#/components/responses/Y</c>,
/// <c>#/components/parameters/Z</c>, or any other JSON pointer into the same document).
/// </summary>
/// <remarks>
/// As OpenAPI 3.0 says, keys beside a <c>$ref</c> are ignored: a reference object means exactly its
/// target. (Our spec writes a nullable reference as <c>allOf: [$ref]</c> + <c>nullable</c> for this reason;
/// see <see cref="SchemaNormalizer"/>.)
/// </remarks>
public sealed class RefResolver
{
    private readonly JsonObject _root;
    private readonly Dictionary<string, JsonNode?> _cache = new(StringComparer.Ordinal);

    /// <summary>Creates a resolver for references inside <paramref name="root"/>.</summary>
    public RefResolver(JsonObject root) => _root = root;

    /// <summary>Whether <paramref name="node"/> is a reference object.</summary>
    public static bool IsRef(JsonNode? node, out string reference)
    {
        reference = string.Empty;
        if (node is JsonObject obj && obj.TryGetPropertyValue("$ref", out var value) && JsonValues.AsString(value) is { } text)
        {
            reference = text;
            return true;
        }

        return false;
    }

    /// <summary>Follows <paramref name="node"/>'s reference chain to the first node that is not a reference.</summary>
    public Resolved Resolve(JsonNode? node)
    {
        HashSet<string>? seen = null;
        while (IsRef(node, out var reference))
        {
            seen ??= new HashSet<string>(StringComparer.Ordinal);
            if (!seen.Add(reference))
            {
                return new Resolved(null, $"cyclic $ref '{reference}'");
            }

            var target = ResolvePointer(reference, out var error);
            if (error is not null)
            {
                return new Resolved(null, error);
            }

            node = target;
        }

        return new Resolved(node, null);
    }

    /// <summary>Returns the node a local reference points at, or an error text.</summary>
    public JsonNode? ResolvePointer(string reference, out string? error)
    {
        error = null;
        if (_cache.TryGetValue(reference, out var cached))
        {
            return cached;
        }

        if (!reference.StartsWith('#'))
        {
            error = $"external $ref '{reference}' is not supported";
            return null;
        }

        var pointer = Uri.UnescapeDataString(reference[1..]);
        JsonNode? current = _root;
        if (pointer.Length > 0)
        {
            if (!pointer.StartsWith('/'))
            {
                error = $"$ref '{reference}' is not a JSON pointer";
                return null;
            }

            foreach (var rawToken in pointer[1..].Split('/'))
            {
                var token = rawToken.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
                current = current switch
                {
                    JsonObject obj when obj.TryGetPropertyValue(token, out var child) && child is not null => child,
                    JsonArray array when int.TryParse(token, out var index) && index >= 0 && index < array.Count && array[index] is { } item => item,
                    _ => null,
                };
                if (current is null)
                {
                    error = $"unresolved $ref '{reference}'";
                    return null;
                }
            }
        }

        _cache[reference] = current;
        return current;
    }
}
