using System.Text.RegularExpressions;

namespace MagicHour.PackageTests.ReadmeSnippets;

/// <summary>What a README C# block is, so it can be compiled the way a reader would use it (docs/readme-snippets.md).</summary>
public enum SnippetKind
{
    /// <summary>The whole Program.cs of a new console app (<c>dotnet new console</c>) that references the package.</summary>
    Console,
    /// <summary>The whole Program.cs of a new ASP.NET Core app (<c>dotnet new web</c>) that references the package.</summary>
    AspNetCore,
    /// <summary>A whole file of a new NUnit test project (<c>dotnet new nunit</c>) that references the package.</summary>
    NUnit,
    /// <summary>Statements from the body of an async method whose parameters the marker declares.</summary>
    Fragment,
}

/// <summary>One fenced C# block of a Markdown file and the marker before it.</summary>
public sealed partial record ReadmeSnippet(
    int Line,
    string Heading,
    SnippetKind Kind,
    bool Runnable,
    IReadOnlyList<string> References,
    IReadOnlyList<string> Usings,
    string Context,
    string Code)
{
    // Source-generated: no Regex compilation (Reflection.Emit and JIT) at test discovery.
    [GeneratedRegex(@"^\s{0,3}(```+|~~~+)\s*([^\s`]*)")]
    private static partial Regex Fence();
    [GeneratedRegex(@"^\s*<!--\s*snippet:(?<body>.*?)-->\s*$")]
    private static partial Regex Marker();
    private static readonly HashSet<string> CSharpInfo = new(StringComparer.OrdinalIgnoreCase) { "csharp", "cs", "c#" };

    public override string ToString() => $"line {Line} ({Kind}{(Runnable ? ", runnable" : "")}) under '{Heading}'";

    /// <summary>
    /// Every C# block of <paramref name="markdown"/>. A block is typed by the <c>&lt;!-- snippet: ... --&gt;</c> line right
    /// before it; an unmarked block is a console program. A malformed marker, or a marker not followed by a C# block, throws.
    /// </summary>
    public static IReadOnlyList<ReadmeSnippet> Parse(string markdown)
    {
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        var snippets = new List<ReadmeSnippet>();
        var heading = "(top)";
        string? marker = null;
        var markerLine = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var fence = Fence().Match(line);
            if (fence.Success)
            {
                var close = fence.Groups[1].Value;
                var end = i + 1;
                while (end < lines.Length && !lines[end].TrimStart().StartsWith(close, StringComparison.Ordinal)) end++;
                if (end == lines.Length) throw new FormatException($"line {i + 1}: code block never closed");
                var isCSharp = CSharpInfo.Contains(fence.Groups[2].Value);
                if (marker is not null && !isCSharp)
                    throw new FormatException($"line {markerLine}: a snippet marker must be followed by a ```csharp block");
                if (isCSharp)
                    snippets.Add(Create(i + 1, heading, marker, markerLine, string.Join('\n', lines[(i + 1)..end]) + "\n"));
                marker = null;
                i = end;
                continue;
            }
            var m = Marker().Match(line);
            if (m.Success)
            {
                marker = m.Groups["body"].Value;
                markerLine = i + 1;
                continue;
            }
            if (line.StartsWith('#')) heading = line.TrimStart('#').Trim();
            if (marker is not null && line.Trim().Length > 0)
                throw new FormatException($"line {markerLine}: a snippet marker must be followed by a ```csharp block (blank lines may come between)");
        }
        if (marker is not null) throw new FormatException($"line {markerLine}: a snippet marker at the end of the file");
        return snippets;
    }

    private static ReadmeSnippet Create(int line, string heading, string? marker, int markerLine, string code)
    {
        if (marker is null) return new ReadmeSnippet(line, heading, SnippetKind.Console, false, [], [], "", code);

        // "kind; runnable; references: A, B; usings: N1, N2; context: Type name, Type2 name2"
        var parts = marker.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) throw new FormatException($"line {markerLine}: empty snippet marker");
        var kind = parts[0].ToLowerInvariant() switch
        {
            "console" => SnippetKind.Console,
            "aspnetcore" => SnippetKind.AspNetCore,
            "nunit" => SnippetKind.NUnit,
            "fragment" => SnippetKind.Fragment,
            var other => throw new FormatException($"line {markerLine}: unknown snippet kind '{other}' (console, aspnetcore, nunit, fragment)"),
        };
        var runnable = false;
        IReadOnlyList<string> references = [], usings = [];
        var context = "";
        foreach (var part in parts.Skip(1))
        {
            var colon = part.IndexOf(':');
            var key = (colon < 0 ? part : part[..colon]).Trim().ToLowerInvariant();
            var value = colon < 0 ? "" : part[(colon + 1)..].Trim();
            switch (key)
            {
                case "runnable" when colon < 0: runnable = true; break;
                case "references": references = List(value); break;
                case "usings": usings = List(value); break;
                case "context": context = value; break;
                default: throw new FormatException($"line {markerLine}: unknown snippet marker part '{part}' (runnable, references:, usings:, context:)");
            }
        }
        if (runnable && kind != SnippetKind.Console) throw new FormatException($"line {markerLine}: only console snippets are runnable");
        if (context.Length > 0 && kind != SnippetKind.Fragment) throw new FormatException($"line {markerLine}: context: is for fragments");
        return new ReadmeSnippet(line, heading, kind, runnable, references, usings, context, code);

        static IReadOnlyList<string> List(string value) => value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
    }
}
