using System.Globalization;
using System.Text.Json;

namespace MagicHour.Generated;

/// <summary>
/// The spec's numeric constraints NSwag's model template cannot see (<c>multipleOf</c>, numeric <c>enum</c>), checked
/// from each model's generated validation (openapi/templates/Class.liquid), so a request the API would refuse with 422
/// fails before any upload or credit. The rules are read from NSwag's JSON copy of the spec, embedded at build time,
/// once, on the first check.
/// </summary>
internal static class SpecConstraints
{
    internal sealed record NumericRule(decimal? MultipleOf, double[]? Allowed);

    private static readonly Lazy<Dictionary<string, NumericRule>> Rules = new(LoadRules);

    /// <summary>Checks <paramref name="value"/> against the rule for <paramref name="key"/> (<c>Schema.json_name</c>), if there is one.</summary>
    public static void Numeric(List<string> problems, string at, object? value, string key)
    {
        if (value is null || !Rules.Value.TryGetValue(key, out var rule)) return;
        var number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
        if (rule.Allowed is { } allowed && !allowed.Contains(number))
        {
            problems.Add(string.Format(CultureInfo.InvariantCulture, "The field {0} must be one of {1} (got {2}).",
                at, string.Join(", ", allowed.Select(a => a.ToString(CultureInfo.InvariantCulture))), number));
        }
        if (rule.MultipleOf is { } step && step > 0 && !IsMultiple(number, step))
        {
            problems.Add(string.Format(CultureInfo.InvariantCulture, "The field {0} must be a multiple of {1} (got {2}).", at, step, number));
        }
    }

    /// <summary>
    /// In decimal arithmetic where the value fits (0.35 is a multiple of 0.05, which binary doubles cannot say
    /// exactly); beyond decimal's range (about 7.9e28), or NaN/infinity, the value is not a multiple.
    /// </summary>
    private static bool IsMultiple(double number, decimal step)
        => double.IsFinite(number) && Math.Abs(number) < 7.9e28 && (decimal)number % step == 0;

    /// <summary>Every named schema's numeric properties with a multipleOf or an enum, keyed <c>Schema.json_name</c>.</summary>
    internal static Dictionary<string, NumericRule> LoadRules()
    {
        using var stream = typeof(SpecConstraints).Assembly.GetManifestResourceStream("MagicHour.Generated.Spec.json")
            ?? throw new InvalidOperationException("The embedded spec (MagicHour.Generated.Spec.json) is missing from the assembly.");
        using var document = JsonDocument.Parse(stream);
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");
        var rules = new Dictionary<string, NumericRule>(StringComparer.Ordinal);
        foreach (var schema in schemas.EnumerateObject())
        {
            if (!schema.Value.TryGetProperty("properties", out var properties)) continue;
            foreach (var property in properties.EnumerateObject())
            {
                var target = Resolve(schemas, property.Value);
                if (!target.TryGetProperty("type", out var type) || type.GetString() is not ("number" or "integer")) continue;
                decimal? multipleOf = target.TryGetProperty("multipleOf", out var m) ? m.GetDecimal() : null;
                // NSwag writes a numeric enum's values as JSON strings ("1"), so both forms are read.
                var allowed = target.TryGetProperty("enum", out var e) && e.ValueKind == JsonValueKind.Array
                    ? e.EnumerateArray().Select(Number).OfType<double>().ToArray()
                    : null;
                if (multipleOf is not null || allowed is not null)
                    rules[schema.Name + "." + property.Name] = new NumericRule(multipleOf, allowed);
            }
        }
        return rules;
    }

    private static double? Number(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    /// <summary>Follows <c>$ref</c> and single-entry <c>allOf</c> to the schema that carries the constraints.</summary>
    private static JsonElement Resolve(JsonElement schemas, JsonElement schema)
    {
        for (var depth = 0; depth < 8; depth++)
        {
            if (schema.TryGetProperty("$ref", out var reference))
                schema = schemas.GetProperty(reference.GetString()!.Split('/')[^1]);
            else if (schema.TryGetProperty("allOf", out var allOf) && allOf.GetArrayLength() == 1)
                schema = allOf[0];
            else
                break;
        }
        return schema;
    }
}
