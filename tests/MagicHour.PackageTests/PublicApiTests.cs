using MagicHour.Generated;
using PublicApiGenerator;

namespace MagicHour.PackageTests;

/// <summary>
/// The public surface of MagicHour.Generated (hand-written and generated from the spec) is checked in as
/// PublicApi/MagicHour.Generated.approved.txt. Any change to it, from code or from a spec edit, fails this test until
/// the baseline is updated, so the API diff is part of the change under review. To accept a change:
/// <c>MAGICHOUR_UPDATE_API_BASELINE=1 dotnet test tests/MagicHour.PackageTests --filter PublicApi</c>, then review the diff.
/// </summary>
public class PublicApiTests
{
    private const string UpdateVariable = "MAGICHOUR_UPDATE_API_BASELINE";

    // The listing takes the generator about 0.6 s of CPU: made once per run for the tests that read it.
    private static readonly Lazy<string> Listing = new(() => typeof(MagicHourClient).Assembly.GeneratePublicApi(new ApiGeneratorOptions
    {
        IncludeAssemblyAttributes = false,
        // The DI extensions live in Microsoft.Extensions.DependencyInjection, which the generator skips by default.
        DenyNamespacePrefixes = [],
        // The generator's version string is not API.
        ExcludeAttributes = ["System.CodeDom.Compiler.GeneratedCodeAttribute"],
    }).ReplaceLineEndings("\n"));

    public static string Generate() => Listing.Value;

    private static string BaselinePath => Path.Combine(Env.RepoRoot, "tests", "MagicHour.PackageTests", "PublicApi", "MagicHour.Generated.approved.txt");

    [Test]
    public void PublicApi_MatchesTheCheckedInBaseline()
    {
        var actual = Generate();
        var received = Path.ChangeExtension(BaselinePath, null).Replace(".approved", ".received") + ".txt";
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(BaselinePath, actual);
            File.Delete(received);
            Assert.Warn($"Baseline updated: {BaselinePath}. Review its diff before committing.");
            return;
        }

        var approved = File.Exists(BaselinePath) ? File.ReadAllText(BaselinePath).ReplaceLineEndings("\n") : "";
        var diff = ApiDiff.Lines(approved, actual);
        if (diff.Count > 0)
        {
            File.WriteAllText(received, actual);
            Assert.Fail($"""
                The public API changed ({diff.Count} line(s)); the baseline was not updated.
                {string.Join("\n", diff.Take(60))}{(diff.Count > 60 ? "\n..." : "")}
                Whole new surface: {received}
                If the change is intended: {UpdateVariable}=1 dotnet test tests/MagicHour.PackageTests --filter PublicApi, and commit the baseline.
                """);
        }
        File.Delete(received);
    }

    [Test]
    public void Diff_ShowsAddedAndRemovedMembers()
    {
        var before = "public class A\n{\n    public void M() { }\n}\n";
        var after = "public class A\n{\n    public void M(int x) { }\n    public void N() { }\n}\n";
        Assert.That(ApiDiff.Lines(before, after), Is.EqualTo(new[] { "- public void M() { }", "+ public void M(int x) { }", "+ public void N() { }" }));
        Assert.That(ApiDiff.Lines(before, before), Is.Empty);
    }

    [Test]
    public void Surface_HasNoPlumbingTypes()
    {
        var api = Generate();
        Assert.Multiple(() =>
        {
            Assert.That(api, Does.Contain("public sealed class MagicHourClient"));
            Assert.That(api, Does.Contain("AddMagicHour(this Microsoft.Extensions.DependencyInjection.IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration configuration)"));
            Assert.That(api, Does.Contain("public const string ActivitySourceName = \"MagicHour.Generated\";"));
            foreach (var plumbing in new[] { "MagicHourHttpPipeline", "ResolvedOptions", "ApiHostTokenProvider", "GenerateWorkflow", "MagicHourTelemetry", "NonDisposingHandler" })
            {
                Assert.That(api, Does.Not.Contain(plumbing), plumbing + " stays internal");
            }
        });
    }
}

/// <summary>A line diff of two API listings: "- old line", "+ new line"; removals before additions within each changed block.</summary>
public static class ApiDiff
{
    public static List<string> Lines(string before, string after)
    {
        var a = before.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        var b = after.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        // Only the middle that differs goes through the quadratic LCS.
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix]) prefix++;
        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[^(suffix + 1)] == b[^(suffix + 1)]) suffix++;
        a = a[prefix..^suffix];
        b = b[prefix..^suffix];

        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
            for (var j = b.Length - 1; j >= 0; j--)
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);

        var result = new List<string>();
        var removed = new List<string>();
        var added = new List<string>();
        void Flush()
        {
            result.AddRange(removed);
            result.AddRange(added);
            removed.Clear();
            added.Clear();
        }
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y]) { Flush(); x++; y++; }
            else if (y < b.Length && (x == a.Length || lcs[x, y + 1] >= lcs[x + 1, y])) added.Add("+ " + b[y++]);
            else removed.Add("- " + a[x++]);
        }
        Flush();
        return result;
    }
}
