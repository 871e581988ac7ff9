using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MagicHour.SpecDrift;

/// <summary>The <c>--json</c> output: differences as an array of objects, for other tools to read.</summary>
public static class DifferenceJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Renders <paramref name="differences"/> as <c>[{"method", "path", "location", "upstream", "ours", "schema"}]</c>;
    /// <c>schema</c> is our component schema the location falls inside, or null.
    /// </summary>
    public static string Render(IEnumerable<Difference> differences)
    {
        var array = new JsonArray();
        foreach (var difference in differences)
        {
            array.Add(new JsonObject
            {
                ["method"] = difference.Method,
                ["path"] = difference.Path,
                ["location"] = difference.Location,
                ["upstream"] = difference.Upstream,
                ["ours"] = difference.Ours,
                ["schema"] = difference.Schema,
            });
        }

        return array.ToJsonString(Indented);
    }
}
