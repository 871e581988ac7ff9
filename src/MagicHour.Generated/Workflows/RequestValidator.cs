using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json.Serialization;

namespace MagicHour.Generated;

/// <summary>
/// Checks a create request against the constraints the generator copied from the spec (required fields,
/// string lengths, ranges, patterns, item counts) before anything is sent, so a mistake costs no credit and
/// the error names the JSON path. Required enum fields left unset (which would be sent as "") count as missing.
/// </summary>
internal static class RequestValidator
{
    public static void Validate(object request)
    {
        var problems = new List<string>();
        Visit(request, "$", problems, depth: 0);
        if (problems.Count > 0)
        {
            throw new ArgumentException($"The request is not valid: {string.Join("; ", problems)}.", nameof(request));
        }
    }

    private static void Visit(object value, string path, List<string> problems, int depth)
    {
        var type = value.GetType();
        if (depth > 16 || type.Namespace != typeof(RequestValidator).Namespace || !type.IsClass) return;

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.Name == "AdditionalProperties") continue;
            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? property.Name;
            var at = $"{path}.{name}";
            var child = property.GetValue(value);

            var required = property.GetCustomAttribute<RequiredAttribute>() is not null;
            if (required && child is not null && child.GetType().IsValueType && child.GetType().GetProperty("IsKnown") is not null && child.ToString() == string.Empty)
            {
                problems.Add($"{at} is required");
                continue;
            }

            var context = new ValidationContext(value) { MemberName = property.Name, DisplayName = at };
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateProperty(child, context, results))
            {
                problems.AddRange(results.Select(r => r.ErrorMessage ?? $"{at} is not valid"));
                continue;
            }

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
}
