namespace MagicHour.SpecDrift;

/// <summary>One structural difference between the vendor's spec and ours, in one operation.</summary>
/// <param name="Method">HTTP method, upper case (<c>POST</c>).</param>
/// <param name="Path">The operation's path as the vendor writes it (ours when the vendor lacks the operation).</param>
/// <param name="Location">Where in the operation, e.g. <c>requestBody.content[application/json].schema.properties.name.type</c>.</param>
/// <param name="Upstream">The vendor's value, or <c>&lt;absent&gt;</c>.</param>
/// <param name="Ours">Our value, or <c>&lt;absent&gt;</c>.</param>
public sealed record Difference(string Method, string Path, string Location, string Upstream, string Ours)
{
    /// <summary>
    /// The name of our component schema (<c>components/schemas/X</c>) the location falls inside, or
    /// null when it is inline in the operation. Not part of <see cref="ToString"/>; see <see cref="ToReportLine"/>.
    /// </summary>
    public string? Schema { get; init; }

    /// <summary>Orders by path, then method, then location, then values (ordinal), so output is stable.</summary>
    public static IComparer<Difference> Order { get; } = Comparer<Difference>.Create((a, b) =>
    {
        var result = string.CompareOrdinal(a.Path, b.Path);
        if (result == 0)
        {
            result = string.CompareOrdinal(a.Method, b.Method);
        }

        if (result == 0)
        {
            result = string.CompareOrdinal(a.Location, b.Location);
        }

        if (result == 0)
        {
            result = string.CompareOrdinal(a.Upstream, b.Upstream);
        }

        return result != 0 ? result : string.CompareOrdinal(a.Ours, b.Ours);
    });

    /// <summary>The report line: <c>METHOD path  location  upstream=value  ours=value</c>.</summary>
    public override string ToString() => $"{Method} {Path}  {Location}  upstream={Upstream}  ours={Ours}";

    /// <summary>The printed line: <see cref="ToString"/> followed by <c>  (ours: Schema)</c> when <see cref="Schema"/> is set.</summary>
    public string ToReportLine() => Schema is null ? ToString() : $"{this}  (ours: {Schema})";
}
