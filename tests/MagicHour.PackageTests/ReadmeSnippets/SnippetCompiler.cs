using System.Collections.Concurrent;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;
using MagicHour.Generated;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MagicHour.PackageTests.ReadmeSnippets;

/// <summary>The outcome of compiling one snippet: the assembly it made (when it compiled) and what the compiler said.</summary>
public sealed record SnippetCompilation(CSharpCompilation Compilation, IReadOnlyList<Diagnostic> Problems, IReadOnlyList<string> ImplementationFiles)
{
    public bool Succeeded => Problems.Count == 0;
}

/// <summary>
/// Compiles a README snippet in-process with Roslyn the way the project a reader creates would: the .NET reference pack
/// of the SDK's target framework (plus ASP.NET Core's for web apps), the package and its dependencies, the template's
/// implicit usings, nullable enabled and every warning an error.
/// </summary>
public static class SnippetCompiler
{
    // Microsoft.NET.Sdk's implicit usings for a console app; Microsoft.NET.Sdk.Web adds the rest (dotnet new console / web).
    private static readonly string[] ConsoleUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];
    private static readonly string[] WebUsings =
        ["System.Net.Http.Json", "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Http",
         "Microsoft.AspNetCore.Routing", "Microsoft.Extensions.Configuration", "Microsoft.Extensions.DependencyInjection",
         "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging"];

    /// <summary>A <c>references:</c> entry that means the shared framework (a FrameworkReference), not an assembly.</summary>
    public const string AspNetCoreFramework = "Microsoft.AspNetCore.App";

    // The .NET SDK's default <NoWarn>: assembly version unification notes for packages built against older frameworks.
    private static readonly Dictionary<string, ReportDiagnostic> SdkNoWarn = new()
    {
        ["CS1701"] = ReportDiagnostic.Suppress,
        ["CS1702"] = ReportDiagnostic.Suppress,
    };

    private static readonly ConcurrentDictionary<string, MetadataReference> ReferenceCache = new(StringComparer.Ordinal);
    // One empty compilation per set of references: a snippet's compilation adds its trees to it, so the references are
    // bound to assemblies once per set, not once per snippet.
    private static readonly ConcurrentDictionary<string, CSharpCompilation> Projects = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, IReadOnlyList<string>> AssemblyReferences = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, IReadOnlyList<string>> ReferencePacks = new(StringComparer.Ordinal);
    private static readonly Lazy<IReadOnlyList<string>> PackageNamespaceList = new(() =>
        typeof(MagicHourClient).Assembly.GetExportedTypes().Select(t => t.Namespace).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList());
    private static readonly System.Text.RegularExpressions.Regex LeadingUsing = new(@"^\s*using\s+[\w.]+\s*;\s*$");
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.None);

    public static SnippetCompilation Compile(ReadmeSnippet snippet)
    {
        var (packFiles, implementationFiles) = References(snippet);
        var trees = new List<SyntaxTree>
        {
            CSharpSyntaxTree.ParseText(GlobalUsings(snippet), ParseOptions, path: "GlobalUsings.g.cs", encoding: Encoding.UTF8),
            CSharpSyntaxTree.ParseText(Source(snippet), ParseOptions, path: "Program.cs", encoding: Encoding.UTF8),
        };
        // The emulator package compiles CreateClient/CreateClientOptions into projects that also reference the SDK
        // (its buildTransitive targets); a snippet referencing it gets the same source file.
        if (snippet.References.Contains("MagicHour.Emulator"))
        {
            var extensions = Path.Combine(Env.RepoRoot, "tools", "MagicHour.Emulator", "Package", "MagicHourEmulatorClientExtensions.cs");
            trees.Add(CSharpSyntaxTree.ParseText(File.ReadAllText(extensions), ParseOptions, path: "MagicHourEmulatorClientExtensions.cs", encoding: Encoding.UTF8));
        }
        var executable = snippet.Kind is SnippetKind.Console or SnippetKind.AspNetCore;
        var options = new CSharpCompilationOptions(executable ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary)
            .WithNullableContextOptions(NullableContextOptions.Enable)
            .WithWarningLevel(9999)
            .WithGeneralDiagnosticOption(ReportDiagnostic.Error)
            // A fragment is shown without its method; the wrapper is async whether or not the statements await.
            .WithSpecificDiagnosticOptions(snippet.Kind == SnippetKind.Fragment
                ? new Dictionary<string, ReportDiagnostic>(SdkNoWarn) { ["CS1998"] = ReportDiagnostic.Suppress }
                : SdkNoWarn);
        var references = packFiles.Concat(implementationFiles).ToList();
        var project = Projects.GetOrAdd(string.Join('\n', references), _ => CSharpCompilation.Create("ReadmeSnippet", references: references.Select(Reference)));
        var compilation = project.WithAssemblyName("ReadmeSnippet" + snippet.Line).WithOptions(options).AddSyntaxTrees(trees);
        var problems = compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error || d.IsWarningAsError)
            .ToList();
        return new SnippetCompilation(compilation, problems, implementationFiles);
    }

    /// <summary>The program's own lines, numbered as in the README, in the compiler's messages.</summary>
    public static string Describe(ReadmeSnippet snippet, IEnumerable<Diagnostic> problems) => string.Join("\n", problems.Select(d =>
    {
        var span = d.Location.GetMappedLineSpan();
        var where = span.Path == "Program.cs" || span.HasMappedPath ? $"README.md({snippet.Line + 1 + span.StartLinePosition.Line},{span.StartLinePosition.Character + 1})" : span.Path;
        return $"{where}: {d.Id}: {d.GetMessage()}";
    }));

    private static string GlobalUsings(ReadmeSnippet snippet)
    {
        IEnumerable<string> usings = ConsoleUsings;
        if (snippet.Kind == SnippetKind.AspNetCore) usings = usings.Concat(WebUsings);
        if (snippet.Kind == SnippetKind.NUnit) usings = usings.Append("NUnit.Framework");   // dotnet new nunit's GlobalUsings
        return string.Concat(usings.Select(u => $"global using {u};\n"));
    }

    private static string Source(ReadmeSnippet snippet)
    {
        if (snippet.Kind != SnippetKind.Fragment) return "#line 1 \"Program.cs\"\n" + snippet.Code;

        // A fragment sits in a file that has the package's namespaces, the marker's usings and the using directives the
        // fragment starts with in scope; its statements are the body of an async method taking the marker's context.
        var lines = snippet.Code.Split('\n');
        var leading = lines.TakeWhile(l => l.Trim().Length == 0 || LeadingUsing.IsMatch(l)).Count();
        var shown = lines.Take(leading).Where(l => l.Trim().Length > 0).Select(l => l.Trim()["using ".Length..].TrimEnd(';').Trim());
        var usings = PackageNamespaces().Concat(snippet.Usings).Concat(shown).Distinct();
        var body = string.Join('\n', lines.Skip(leading));
        return string.Concat(usings.Select(u => $"using {u};\n")) + $$"""
            internal static class ReadmeFragment
            {
                internal static async Task RunAsync({{snippet.Context}})
                {
            #line {{leading + 1}} "Program.cs"
            {{body}}
            #line default
                }
            }
            """;
    }

    private static IEnumerable<string> PackageNamespaces() => PackageNamespaceList.Value;

    /// <summary>
    /// The reference pack(s) and the implementation files of the package and of each assembly the marker references, with
    /// their dependencies. A dependency the test's output directory lacks because ASP.NET Core's shared framework has it
    /// (Microsoft.Extensions.*) is taken from there, as the package's NuGet dependency would bring it to a console app.
    /// An assembly that depends on ASP.NET Core itself (the emulator) brings the framework reference along, as a project
    /// reference would.
    /// </summary>
    private static (IReadOnlyList<string> Pack, IReadOnlyList<string> Implementation) References(ReadmeSnippet snippet)
    {
        var roots = new List<string> { typeof(MagicHourClient).Assembly.GetName().Name! };
        roots.AddRange(snippet.References.Where(r => r != AspNetCoreFramework));
        if (snippet.Kind == SnippetKind.NUnit) roots.Add("nunit.framework");
        var (local, aspNetCore) = Closure(roots);
        var web = snippet.Kind == SnippetKind.AspNetCore || snippet.References.Contains(AspNetCoreFramework)
            || aspNetCore.Any(f => Path.GetFileName(f).StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal));
        var pack = ReferencePack("Microsoft.NETCore.App.Ref").Concat(web ? ReferencePack(AspNetCoreFramework + ".Ref") : []).ToList();
        var inPack = pack.Select(Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var implementation = local.Concat(web ? [] : aspNetCore).Where(f => !inPack.Contains(Path.GetFileNameWithoutExtension(f))).ToList();
        return (pack, implementation);
    }

    /// <summary>
    /// The files of the assemblies <paramref name="roots"/> need: from the test's output directory, else from ASP.NET Core's
    /// shared framework; what neither has is .NET's own (Microsoft.NETCore.App).
    /// </summary>
    private static (IReadOnlyList<string> Local, IReadOnlyList<string> AspNetCore) Closure(IReadOnlyList<string> roots)
    {
        var aspNetCoreDir = Path.GetDirectoryName(typeof(Microsoft.AspNetCore.Http.HttpContext).Assembly.Location)!;
        var local = new List<string>();
        var aspNetCore = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var queue = new Queue<string>(roots);
        while (queue.TryDequeue(out var name))
        {
            if (!seen.Add(name)) continue;
            var file = Path.Combine(AppContext.BaseDirectory, name + ".dll");
            var shared = Path.Combine(aspNetCoreDir, name + ".dll");
            if (File.Exists(file)) local.Add(file);
            else if (File.Exists(shared)) aspNetCore.Add(file = shared);
            else if (roots.Contains(name, StringComparer.OrdinalIgnoreCase))
                throw new InvalidOperationException($"{name}.dll is not in the test's output directory " +
                    "(a snippet's references: names an assembly tests/MagicHour.PackageTests references)");
            else continue;
            foreach (var dependency in ReferencedAssemblies(file)) queue.Enqueue(dependency);
        }
        return (local, aspNetCore);
    }

    private static IReadOnlyList<string> ReferencedAssemblies(string file) => AssemblyReferences.GetOrAdd(file, ReadReferencedAssemblies);

    private static IReadOnlyList<string> ReadReferencedAssemblies(string file)
    {
        using var stream = File.OpenRead(file);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        return metadata.AssemblyReferences.Select(h => metadata.GetString(metadata.GetAssemblyReference(h).Name)).ToList();
    }

    /// <summary>The reference assemblies a new project of this runtime's major version compiles against (the installed pack).</summary>
    private static IReadOnlyList<string> ReferencePack(string pack) => ReferencePacks.GetOrAdd(pack, FindReferencePack);

    private static IReadOnlyList<string> FindReferencePack(string pack)
    {
        var runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;          // .../shared/Microsoft.NETCore.App/10.0.x
        var dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDir, "..", "..", ".."));
        var tfm = $"net{Environment.Version.Major}.{Environment.Version.Minor}";
        var versions = new DirectoryInfo(Path.Combine(dotnetRoot, "packs", pack));
        var dir = versions.Exists
            ? versions.GetDirectories()
                .Where(d => Version.TryParse(d.Name.Split('-')[0], out var v) && v.Major == Environment.Version.Major)
                .OrderByDescending(d => Version.Parse(d.Name.Split('-')[0]))
                .Select(d => Path.Combine(d.FullName, "ref", tfm))
                .FirstOrDefault(Directory.Exists)
            : null;
        if (dir is null) throw new InvalidOperationException($"no {pack} for {tfm} under {dotnetRoot}/packs (installed with the .NET SDK)");
        return Directory.EnumerateFiles(dir, "*.dll").Order(StringComparer.Ordinal).ToList();
    }

    private static MetadataReference Reference(string file) => ReferenceCache.GetOrAdd(file, f => MetadataReference.CreateFromFile(f));
}
