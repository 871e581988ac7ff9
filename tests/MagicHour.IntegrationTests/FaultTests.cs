using MagicHour.Emulator;
using MagicHour.Generated;

namespace MagicHour.IntegrationTests;

/// <summary>
/// One test per emulator fault kind. Each asserts what the SDK does, how many projects the emulator
/// created (never two), that no partial file is left, and that the project id is exposed when one exists.
/// </summary>
public class FaultTests
{
    private const string Create = "POST /v1/ai-headshot-generator";

    private static async Task<(MagicHourEmulator Emu, MagicHourClient Client, TempDir Dir)> SetUp(EmulatorFault fault, Action<MagicHourEmulatorOptions>? configure = null)
    {
        var emu = await Env.StartAsync(o => { o.Faults.Add(fault); configure?.Invoke(o); });
        return (emu, Env.Client(emu), new TempDir());
    }

    private static Task<GenerateResult<ImageProject>> Run(MagicHourClient client, TempDir dir, TimeSpan? timeout = null)
        => client.V1.AiHeadshotGenerator.GenerateAsync(Env.Headshot(dir.Portrait()), new GenerateOptions { DownloadDirectory = dir.Sub("out"), Timeout = timeout ?? TimeSpan.FromSeconds(60) });

    [Test]
    public async Task RateLimitedCreate_IsRetriedOnce_AndChargedOnce()
    {
        var (emu, client, dir) = await SetUp(new EmulatorFault { Route = Create, Kind = EmulatorFaultKind.Status, StatusCode = 429, RetryAfter = TimeSpan.FromSeconds(1) });
        await using var _ = emu; using var __ = client; using var ___ = dir;
        var result = await Run(client, dir);
        Assert.That(File.Exists(result.DownloadedPaths.Single()), Is.True);
        Assert.That(emu.GetStats().ProjectsCreated, Is.EqualTo(1));
        Assert.That(emu.GetStats().CreditsCharged, Is.EqualTo(50));
    }

    [TestCase(500)]
    [TestCase(502)]
    [TestCase(503)]
    [TestCase(504)]
    public async Task ServerErrorOnCreate_IsNotRetried_AndNothingIsCharged(int status)
    {
        var (emu, client, dir) = await SetUp(new EmulatorFault { Route = Create, Kind = EmulatorFaultKind.Status, StatusCode = status });
        await using var _ = emu; using var __ = client; using var ___ = dir;
        var ex = Assert.CatchAsync<MagicHourException>(() => Run(client, dir));
        Assert.That(ex!.StatusCode, Is.EqualTo(status));
        Assert.That(ex.ProjectId, Is.Null);
        Assert.That(emu.GetStats().ProjectsCreated, Is.EqualTo(0));
        Assert.That(emu.GetStats().RequestsByRoute.Where(kv => kv.Key.StartsWith(Create)).Sum(kv => kv.Value), Is.EqualTo(1), "a create is never repeated after a 5xx");
    }

    [TestCase(500)]
    [TestCase(503)]
    public async Task ServerErrorWhilePolling_IsTolerated(int status)
    {
        var (emu, client, dir) = await SetUp(new EmulatorFault { Route = "GET /v1/image-projects", Kind = EmulatorFaultKind.Status, StatusCode = status, Count = 2, RetryAfter = TimeSpan.Zero });
        await using var _ = emu; using var __ = client; using var ___ = dir;
        var result = await Run(client, dir);
        Assert.That(result.Project!.Status, Is.EqualTo(ProjectStatus.Complete));
        Assert.That(emu.GetStats().ProjectsCreated, Is.EqualTo(1));
    }

    [Test]
    public async Task ConnectionDroppedAfterCreate_IsNotRetried_SoNeverChargedTwice()
    {
        var (emu, client, dir) = await SetUp(new EmulatorFault { Route = Create, Kind = EmulatorFaultKind.DropConnection });
        await using var _ = emu; using var __ = client; using var ___ = dir;
        var ex = Assert.ThrowsAsync<MagicHourException>(() => Run(client, dir));
        Assert.That(ex!.Message, Does.Contain("may still have created the project"));
        Assert.That(ex.InnerException, Is.InstanceOf<HttpRequestException>().Or.InstanceOf<IOException>());
        Assert.That(emu.GetStats().ProjectsCreated, Is.EqualTo(1), "the server did the work; the SDK must not create again");
        Assert.That(emu.GetStats().CreditsCharged, Is.EqualTo(50));
        Assert.That(dir.Entries("out"), Is.Empty);
    }

    [Test]
    public async Task ConnectionDroppedDuringPoll_IsRetried()
    {
        var (emu, client, dir) = await SetUp(new EmulatorFault { Route = "GET /v1/image-projects", Kind = EmulatorFaultKind.DropConnection, Count = 2 });
        await using var _ = emu; using var __ = client; using var ___ = dir;
        var result = await Run(client, dir);
        Assert.That(result.Project!.Status, Is.EqualTo(ProjectStatus.Complete));
    }

    [Test]
    public async Task ConnectionDroppedDuringUpload_IsRetriedWithTheWholeFile()
    {
        var (emu, client, dir) = await SetUp(new EmulatorFault { Route = "PUT /_storage/upload", Kind = EmulatorFaultKind.DropConnection });
        await using var _ = emu; using var __ = client; using var ___ = dir;
        var result = await Run(client, dir);
        Assert.That(Env.PngSize(result.DownloadedPaths.Single()), Is.EqualTo((1024, 1024)));
        Assert.That(emu.GetStats().ProjectsCreated, Is.EqualTo(1));
    }

    [Test]
    public async Task TruncatedDownload_IsRetried_AndTheFileIsWhole()
    {
        var (emu, client, dir) = await SetUp(new EmulatorFault { Route = "GET /_storage/download", Kind = EmulatorFaultKind.TruncatedDownload });
        await using var _ = emu; using var __ = client; using var ___ = dir;
        var result = await Run(client, dir);
        Assert.That(Env.PngSize(result.DownloadedPaths.Single()), Is.EqualTo((1024, 1024)));
        Assert.That(dir.Entries("out"), Has.Length.EqualTo(1), "no temp file left behind");
    }

    [Test]
    public async Task ExpiredUploadUrl_GetsANewOne()
    {
        var (emu, client, dir) = await SetUp(new EmulatorFault { Route = "POST /v1/files/upload-urls", Kind = EmulatorFaultKind.ExpiredUploadUrl });
        await using var _ = emu; using var __ = client; using var ___ = dir;
        await Run(client, dir);
        Assert.That(emu.GetStats().UploadUrlsIssued, Is.EqualTo(2));
        Assert.That(emu.GetStats().UploadsCompleted, Is.EqualTo(1));
    }

    [Test]
    public async Task StuckRendering_TimesOut_WithProjectId_AndResumeDoesNotCreateAgain()
    {
        var (emu, client, dir) = await SetUp(new EmulatorFault { Route = Create, Kind = EmulatorFaultKind.StuckRendering });
        await using var _ = emu; using var __ = client; using var ___ = dir;
        var ex = Assert.CatchAsync<MagicHourException>(() => Run(client, dir, TimeSpan.FromSeconds(1)));
        Assert.That(ex!.Kind, Is.EqualTo(MagicHourErrorKind.Timeout));
        Assert.That(ex.ProjectId, Is.Not.Null);
        Assert.That(ex.CreditsCharged, Is.EqualTo(50));
        Assert.That(emu.GetProject(ex.ProjectId!)!.Status, Is.EqualTo("rendering"));
        Assert.That(emu.GetStats().ProjectsCreated, Is.EqualTo(1));
    }

    [Test]
    public async Task ProjectEndingInError_Throws_WithRefund()
    {
        var (emu, client, dir) = await SetUp(new EmulatorFault { Route = Create, Kind = EmulatorFaultKind.EndInError });
        await using var _ = emu; using var __ = client; using var ___ = dir;
        var ex = Assert.ThrowsAsync<MagicHourProjectFailedException>(() => Run(client, dir));
        Assert.That(ex!.Kind, Is.EqualTo(MagicHourErrorKind.ProjectFailed));
        Assert.That(ex.ProjectId, Is.Not.Null);
        Assert.That(ex.ErrorCode, Is.Not.Null.And.Not.Empty);
    }

    [Test]
    public async Task ProjectCanceled_Throws()
    {
        var (emu, client, dir) = await SetUp(new EmulatorFault { Route = Create, Kind = EmulatorFaultKind.EndCanceled });
        await using var _ = emu; using var __ = client; using var ___ = dir;
        var ex = Assert.ThrowsAsync<MagicHourProjectFailedException>(() => Run(client, dir));
        Assert.That(ex!.Kind, Is.EqualTo(MagicHourErrorKind.ProjectCanceled));
        Assert.That(ex.ProjectId, Is.Not.Null);
    }

    [Test]
    public async Task SlowServer_HitsTheNetworkTimeout_OnPolls_ButTheJobCompletes()
    {
        var emu = await Env.StartAsync(o => o.Faults.Add(new EmulatorFault { Route = "GET /v1/image-projects", Kind = EmulatorFaultKind.Delay, Delay = TimeSpan.FromSeconds(10), Count = 1 }));
        await using var _ = emu;
        using var client = Env.Client(emu, o => o.NetworkTimeout = TimeSpan.FromSeconds(4));
        using var dir = new TempDir();
        var result = await Run(client, dir);
        Assert.That(result.Project!.Status, Is.EqualTo(ProjectStatus.Complete));
    }
}
