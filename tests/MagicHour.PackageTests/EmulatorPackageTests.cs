using MagicHour.Emulator;
using MagicHour.Generated;
using PublicApiGenerator;

namespace MagicHour.PackageTests;

/// <summary>
/// The MagicHour.Emulator package as a user's test project sees it: its public surface is checked in as
/// PublicApi/MagicHour.Emulator.approved.txt (update it like the SDK's: MAGICHOUR_UPDATE_API_BASELINE=1 ... --filter PublicApi),
/// it does not depend on the SDK, and the CreateClient() source it ships (Package/MagicHourEmulatorClientExtensions.cs,
/// compiled into this project as the package's buildTransitive targets compile it into a user's) hands the SDK a working client.
/// </summary>
public class EmulatorPublicApiTests
{
    private static readonly Lazy<string> Listing = new(() => typeof(MagicHourEmulator).Assembly.GeneratePublicApi(new ApiGeneratorOptions
    {
        IncludeAssemblyAttributes = false,
    }).ReplaceLineEndings("\n"));

    public static string Generate() => Listing.Value;

    [Test]
    public void EmulatorPublicApi_MatchesTheCheckedInBaseline() => ApiBaseline.Check(Generate(), "MagicHour.Emulator.approved.txt");

    [Test]
    public void EmulatorSurface_IsTheTestingApiOnly()
    {
        var api = Generate();
        Assert.Multiple(() =>
        {
            Assert.That(api, Does.Contain("public static System.Threading.Tasks.Task<MagicHour.Emulator.MagicHourEmulator> StartAsync("));
            foreach (var plumbing in new[] { "EmulatorState", "FaultRegistry", "WebhookDispatcher", "ApiSpec", "SchemaValidator", "RequestCounter", "Program", "YamlToJson" })
            {
                Assert.That(api, Does.Not.Contain(plumbing), plumbing + " stays internal");
            }
        });
    }

    [Test]
    public void EmulatorAssembly_DoesNotReferenceTheSdk()
    {
        var references = typeof(MagicHourEmulator).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();
        Assert.That(references, Does.Not.Contain("MagicHour.Generated"), "the emulator speaks HTTP only, so it can catch SDK bugs instead of sharing them");
        Assert.That(references, Does.Contain("SkiaSharp"));
    }
}

public class EmulatorClientExtensionTests
{
    [Test]
    public async Task CreateClient_MakesAHeadshotAgainstTheEmulator()
    {
        await using var emulator = await Env.StartEmulatorAsync(o => o.RenderTime = TimeSpan.FromMilliseconds(200));
        using var client = emulator.CreateClient(o => o.MaxRetries = 0);
        var output = Path.Combine(Path.GetTempPath(), "mh-pkg-createclient-" + Guid.NewGuid().ToString("N"));
        try
        {
            var result = await client.V1.AiHeadshotGenerator.GenerateAsync(Env.Headshot(Env.Portrait), new GenerateOptions { DownloadDirectory = output });

            Env.AssertPng(result.DownloadedPaths.Single());
            var stats = emulator.GetStats();
            Assert.That((stats.ProjectsCreated, stats.DownloadsServed), Is.EqualTo((1L, 1L)));
            Assert.That(emulator.GetProject(result.ProjectId)!.Status, Is.EqualTo("complete"));
        }
        finally
        {
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        }
    }

    [TestCase(0, 10)]
    [TestCase(200, 50)]
    [TestCase(10_000, 500)]
    public async Task CreateClientOptions_PointAtTheEmulator_AndPollAtAQuarterOfItsRenderTime(int renderMs, int expectedPollMs)
    {
        await using var emulator = await Env.StartEmulatorAsync(o => o.RenderTime = TimeSpan.FromMilliseconds(renderMs));

        var options = emulator.CreateClientOptions();

        Assert.That((options.BaseUrl, options.ApiKey, options.PollInterval), Is.EqualTo((emulator.BaseUrl, emulator.ApiKey, (TimeSpan?)TimeSpan.FromMilliseconds(expectedPollMs))));
    }
}

/// <summary>
/// Compares a generated API listing with its checked-in baseline under PublicApi/; with MAGICHOUR_UPDATE_API_BASELINE=1
/// it rewrites the baseline instead (review the diff before committing).
/// </summary>
public static class ApiBaseline
{
    public const string UpdateVariable = "MAGICHOUR_UPDATE_API_BASELINE";

    public static void Check(string actual, string baselineFileName)
    {
        var baselinePath = Path.Combine(Env.RepoRoot, "tests", "MagicHour.PackageTests", "PublicApi", baselineFileName);
        var received = baselinePath.Replace(".approved.txt", ".received.txt", StringComparison.Ordinal);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(baselinePath, actual);
            File.Delete(received);
            Assert.Warn($"Baseline updated: {baselinePath}. Review its diff before committing.");
            return;
        }

        var approved = File.Exists(baselinePath) ? File.ReadAllText(baselinePath).ReplaceLineEndings("\n") : "";
        var diff = ApiDiff.Lines(approved, actual);
        if (diff.Count > 0)
        {
            File.WriteAllText(received, actual);
            Assert.Fail($"""
                The public API changed ({diff.Count} line(s)); the baseline {baselineFileName} was not updated.
                {string.Join("\n", diff.Take(60))}{(diff.Count > 60 ? "\n..." : "")}
                Whole new surface: {received}
                If the change is intended: {UpdateVariable}=1 dotnet test tests/MagicHour.PackageTests --filter PublicApi, and commit the baseline.
                """);
        }
        File.Delete(received);
    }
}

