using System.Collections;

namespace MagicHour.Generated;

/// <summary>
/// Checks a create request against the constraints the generator copied from the spec (required fields,
/// string lengths, ranges, patterns, item counts) before anything is sent, so a mistake costs no credit and
/// the error names the JSON path. Required enum fields left unset (which would be sent as "") count as missing.
/// The checks themselves are generated into every model (<see cref="IValidatedModel"/>, from
/// openapi/templates/Class.liquid); this walks the request with them, with no reflection, so it is
/// trimming- and NativeAOT-safe.
/// </summary>
internal static class RequestValidator
{
    /// <summary>How deep under the request objects are still checked.</summary>
    private const int MaxDepth = 16;

    public static void Validate(object request)
    {
        var problems = new List<string>();
        Visit(request, "$", problems, depth: 0);
        if (problems.Count > 0)
        {
            throw new ArgumentException($"The request is not valid: {string.Join("; ", problems)}.", nameof(request));
        }
    }

    /// <summary>Checks one object: a generated model is checked (it knows its constraints); anything else is not.</summary>
    public static void Visit(object value, string path, List<string> problems, int depth)
    {
        if (depth > MaxDepth || value is not IValidatedModel model) return;
        model.Validate(path, problems, depth);
    }

    /// <summary>
    /// Goes on into a property's value once its own constraints hold: a nested model is checked, and every item of
    /// a list (paths <c>name[i]</c>, null items skipped); strings and other values have nothing under them.
    /// </summary>
    /// <param name="child">The property's value.</param>
    /// <param name="at">The property's JSON path.</param>
    /// <param name="problems">Where messages are added.</param>
    /// <param name="depth">The depth of the object that holds the property.</param>
    public static void Descend(object? child, string at, List<string> problems, int depth)
    {
        switch (child)
        {
            case null or string:
                break;
            case IEnumerable items:
                var i = 0;
                foreach (var item in items)
                {
                    if (item is not null) Visit(item, $"{at}[{i}]", problems, depth + 1);
                    i++;
                }
                break;
            default:
                Visit(child, at, problems, depth + 1);
                break;
        }
    }
}
