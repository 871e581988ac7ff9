using System.Collections.Generic;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace MagicHour.Cli.CommandGenerator;

/// <summary>The SDK's XML documentation file, read by documentation id; symbols of a reference assembly carry no docs.</summary>
internal sealed class SdkDocs
{
    private readonly Dictionary<string, string> _members = new();

    public SdkDocs(string xml)
    {
        foreach (Match m in Regex.Matches(xml, "<member name=\"([^\"]+)\">(.*?)</member>", RegexOptions.Singleline))
        {
            _members[m.Groups[1].Value] = m.Groups[2].Value;
        }
    }

    /// <summary>The plain text of one element (<c>summary</c>, <c>remarks</c>) of <paramref name="symbol"/>'s docs, or "".</summary>
    public string Text(ISymbol symbol, string element)
    {
        var id = symbol.GetDocumentationCommentId();
        var xml = id is not null && _members.TryGetValue(id, out var found) ? found : symbol.GetDocumentationCommentXml() ?? "";
        var match = Regex.Match(xml, $"<{element}>(.*?)</{element}>", RegexOptions.Singleline);
        if (!match.Success) return "";
        var text = Regex.Replace(match.Groups[1].Value, "<c>(.*?)</c>", "$1");
        text = Regex.Replace(text, "<see (?:c|langword)ref=\"[^\"]*?([A-Za-z0-9_]+)\"\\s*/>", "$1");
        text = Regex.Replace(text, "<[^>]+>", "");
        text = System.Net.WebUtility.HtmlDecode(text);
        return Regex.Replace(text, "\\s+", " ").Trim();
    }
}
