using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MagicHour.Emulator;

/// <summary>A string the spec marks as a file input (<c>x-magichour-file</c>), found at <paramref name="Field"/>.</summary>
internal readonly record struct FileInput(string Field, string Value);

/// <summary>
/// Checks a JSON value against an OpenAPI 3.0 schema of the spec: type, nullable, enum, minimum/maximum (and the
/// 3.0 boolean exclusive forms), multipleOf, minLength/maxLength, pattern, format uri, minItems/maxItems,
/// required, at every depth through properties, items, $ref and allOf (oneOf/anyOf: any branch). Returns the
/// first violation as a message naming the field (<c>assets.face_mappings[0].new_face</c>), and collects the
/// values of file inputs for the caller's existence checks. Unknown properties are allowed, and a null optional
/// property counts as absent (clients that serialise unset fields as null are accepted).
/// </summary>
internal sealed class SchemaValidator(ApiSpec spec)
{
    /// <summary>How many enum values a message lists before it abbreviates.</summary>
    private const int EnumValuesShown = 12;

    private static readonly ConcurrentDictionary<string, Regex> Patterns = new(StringComparer.Ordinal);

    public string? Validate(JsonNode? value, JsonNode? schema, List<FileInput> files) => Check(value, schema, "", false, files);

    private string? Check(JsonNode? value, JsonNode? schemaNode, string at, bool isFile, List<FileInput> files)
    {
        if (spec.Resolve(schemaNode) is not JsonObject schema)
        {
            return null;
        }
        isFile |= schema["x-magichour-file"] is JsonValue f && f.GetValueKind() == JsonValueKind.True;
        if (value is null)
        {
            return IsNullable(schema) ? null : $"Field '{Name(at)}' must not be null.";
        }
        foreach (var part in (schema["allOf"] as JsonArray) ?? [])
        {
            if (Check(value, part, at, isFile, files) is { } error)
            {
                return error;
            }
        }
        if ((schema["oneOf"] ?? schema["anyOf"]) is JsonArray branches && branches.Count > 0
            && !branches.Any(b => Check(value, b, at, isFile, []) is null))
        {
            return $"Field '{Name(at)}' does not match any of the forms the spec allows.";
        }
        return CheckType(value, schema, at)
            ?? CheckEnum(value, schema, at)
            ?? value switch
            {
                JsonObject obj => CheckObject(obj, schema, at, files),
                JsonArray array => CheckArray(array, schema, at, isFile, files),
                _ when value.GetValueKind() == JsonValueKind.String => CheckString(value.GetValue<string>(), schema, at, isFile, files),
                _ when value.GetValueKind() == JsonValueKind.Number => CheckNumber(JsonKinds.Number(value), schema, at),
                _ => null,
            };
    }

    private static bool IsNullable(JsonObject schema) =>
        schema["nullable"] is JsonValue n && n.GetValueKind() == JsonValueKind.True
        || schema["enum"] is JsonArray values && values.Any(v => v is null);

    private static string? CheckType(JsonNode value, JsonObject schema, string at)
    {
        if (schema["type"] is not JsonValue typeNode)
        {
            return null;
        }
        var type = typeNode.GetValue<string>();
        var actual = JsonKinds.Of(value);
        var ok = type switch
        {
            "integer" => actual == "number" && JsonKinds.Number(value) is var d && d == Math.Floor(d),
            _ => actual == type,
        };
        return ok ? null : $"Field '{Name(at)}' must be {(type is "object" or "array" or "integer" ? "an" : "a")} {type} (got {Describe(value)}).";
    }

    private static string? CheckEnum(JsonNode value, JsonObject schema, string at)
    {
        if (schema["enum"] is not JsonArray allowed || allowed.Any(a => JsonKinds.SameValue(a, value)))
        {
            return null;
        }
        var shown = allowed.Where(a => a is not null).Select(a => a is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : a!.ToJsonString()).ToList();
        var list = shown.Count <= EnumValuesShown
            ? string.Join(", ", shown)
            : $"one of the {shown.Count} values the spec lists, such as {string.Join(", ", shown.Take(EnumValuesShown))}";
        return $"Field '{Name(at)}' must be one of {list} (got {Describe(value)}).";
    }

    private string? CheckObject(JsonObject obj, JsonObject schema, string at, List<FileInput> files)
    {
        foreach (var required in (schema["required"] as JsonArray) ?? [])
        {
            var name = required!.GetValue<string>();
            if (!obj.TryGetPropertyValue(name, out var present) || present is null && !IsNullable(PropertySchema(schema, name)))
            {
                return $"Missing required field '{Join(at, name)}'.";
            }
        }
        if (schema["properties"] is not JsonObject properties)
        {
            return null;
        }
        foreach (var (name, propertySchema) in properties)
        {
            if (obj.TryGetPropertyValue(name, out var value) && value is not null
                && Check(value, propertySchema, Join(at, name), false, files) is { } error)
            {
                return error;
            }
        }
        return null;
    }

    private JsonObject PropertySchema(JsonObject schema, string name) =>
        spec.Resolve(schema["properties"]?[name]) as JsonObject ?? [];

    private string? CheckArray(JsonArray array, JsonObject schema, string at, bool isFile, List<FileInput> files)
    {
        if (Number(schema, "minItems") is { } min && array.Count < min)
        {
            return $"Field '{Name(at)}' must have at least {min} items (got {array.Count}).";
        }
        if (Number(schema, "maxItems") is { } max && array.Count > max)
        {
            return $"Field '{Name(at)}' must have at most {max} items (got {array.Count}).";
        }
        for (var i = 0; i < array.Count; i++)
        {
            if (Check(array[i], schema["items"], $"{at}[{i}]", isFile, files) is { } error)
            {
                return error;
            }
        }
        return null;
    }

    private static string? CheckString(string text, JsonObject schema, string at, bool isFile, List<FileInput> files)
    {
        var length = text.Length - text.Count(char.IsLowSurrogate); // code points, as JSON Schema counts
        if (Number(schema, "minLength") is { } min && length < min)
        {
            return min == 1 ? $"Field '{Name(at)}' must not be empty." : $"Field '{Name(at)}' must be at least {min} characters long (got {length}).";
        }
        if (Number(schema, "maxLength") is { } max && length > max)
        {
            return $"Field '{Name(at)}' must be at most {max} characters long (got {length}).";
        }
        if (schema["pattern"] is JsonValue p && !Patterns.GetOrAdd(p.GetValue<string>(), static s => new Regex(s, RegexOptions.CultureInvariant)).IsMatch(text))
        {
            return $"Field '{Name(at)}' must match the pattern {p.GetValue<string>()} (got '{text}').";
        }
        if (schema["format"] is JsonValue format && format.GetValue<string>() == "uri"
            && !(Uri.TryCreate(text, UriKind.Absolute, out var uri) && text.StartsWith(uri.Scheme + ":", StringComparison.OrdinalIgnoreCase)))
        {
            return $"Field '{Name(at)}' must be an absolute URI (got '{text}').";
        }
        if (isFile && !files.Any(f => f.Field == at))
        {
            files.Add(new FileInput(at, text));
        }
        return null;
    }

    private static string? CheckNumber(double number, JsonObject schema, string at)
    {
        var exclusiveMin = schema["exclusiveMinimum"] is JsonValue emin && emin.GetValueKind() == JsonValueKind.True;
        var exclusiveMax = schema["exclusiveMaximum"] is JsonValue emax && emax.GetValueKind() == JsonValueKind.True;
        if (Number(schema, "minimum") is { } min && (exclusiveMin ? number <= min : number < min))
        {
            return $"Field '{Name(at)}' must be {(exclusiveMin ? "greater than" : "at least")} {Format(min)} (got {Format(number)}).";
        }
        if (Number(schema, "maximum") is { } max && (exclusiveMax ? number >= max : number > max))
        {
            return $"Field '{Name(at)}' must be {(exclusiveMax ? "less than" : "at most")} {Format(max)} (got {Format(number)}).";
        }
        if (Number(schema, "multipleOf") is { } step && step > 0)
        {
            var quotient = number / step;
            if (Math.Abs(quotient - Math.Round(quotient)) > 1e-9 * Math.Max(1, Math.Abs(quotient)))
            {
                return $"Field '{Name(at)}' must be a multiple of {Format(step)} (got {Format(number)}).";
            }
        }
        return null;
    }

    private static double? Number(JsonObject schema, string keyword) =>
        schema[keyword] is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? JsonKinds.Number(v) : null;

    private static string Format(double number) => number.ToString("0.############", CultureInfo.InvariantCulture);

    private static string Describe(JsonNode value) => JsonKinds.Of(value) switch
    {
        "string" => $"'{value.GetValue<string>()}'",
        "number" => Format(JsonKinds.Number(value)),
        var kind => kind,
    };

    private static string Join(string at, string name) => at.Length == 0 ? name : $"{at}.{name}";

    private static string Name(string at) => at.Length == 0 ? "(body)" : at;
}
