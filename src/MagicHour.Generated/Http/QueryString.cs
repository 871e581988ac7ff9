using System.Globalization;
using System.Text;

namespace MagicHour.Generated.Http;

/// <summary>
/// Builds the query string of a generated operation: unset (null) parameters are left out, values are
/// percent-encoded and formatted with the invariant culture (numbers, booleans as <c>true</c>/<c>false</c>,
/// extensible enums as their wire value).
/// </summary>
internal struct QueryString
{
    private StringBuilder? _text;

    public void Add(string name, object? value)
    {
        if (value is null)
            return;
        var formatted = value switch
        {
            bool b => b ? "true" : "false",
            DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? string.Empty,
        };
        _text ??= new StringBuilder();
        _text.Append(_text.Length == 0 ? '?' : '&')
            .Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(formatted));
    }

    public override readonly string ToString() => _text?.ToString() ?? string.Empty;
}
