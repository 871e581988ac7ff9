using MagicHour.Emulator;
using MagicHour.Generated;
using static MagicHour.IntegrationTests.Faults;

namespace MagicHour.IntegrationTests;

/// <summary>
/// One test per emulator fault kind. Each asserts what the SDK does, how many projects the emulator
/// created (never two), that no partial file is left, and that the project id is exposed when one exists.
/// </summary>
public class FaultTests
{
    [Test]
    public async Task RateLimitedCreate_IsRetriedOnce_AndChargedOnce()
    {
        await using var h = await Harness.StartAsync(Fault(Create, EmulatorFaultKind.Status, status: 429, retryAfter: TimeSpan.FromSeconds(1)));
        var result = await h.GenerateAsync();
        Assert.That(File.Exists(result.DownloadedPaths.Single()), Is.True);
        Assert.That(h.Stats.ProjectsCreated, Is.EqualTo(1));
        Assert.That(h.Stats.CreditsCharged, Is.EqualTo(50));
    }

    [TestCase(500)]
    [TestCase(502)]
    [TestCase(503)]
    [TestCase(504)]
    public async Task ServerErrorOnCreate_IsNotRetried_AndNothingIsCharged(int status)
    {
        await using var h = await Harness.StartAsync(Fault(Create, EmulatorFaultKind.Status, status: status));
        var ex = Assert.CatchAsync<MagicHourException>(() => h.GenerateAsync());
        Assert.That(ex!.StatusCode, Is.EqualTo(status));
        Assert.That(ex.ProjectId, Is.Null);
        Assert.That(h.Stats.ProjectsCreated, Is.EqualTo(0));
        Assert.That(h.Stats.RequestsByRoute.Where(kv => kv.Key.StartsWith(Create)).Sum(kv => kv.Value), Is.EqualTo(1), "a create is never repeated after a 5xx");
    }

    [TestCase(500)]
    [TestCase(503)]
    public async Task ServerErrorWhilePolling_IsTolerated(int status)
    {
        await using var h = await Harness.StartAsync(Fault(Poll, EmulatorFaultKind.Status, count: 2, status: status, retryAfter: TimeSpan.Zero));
        var result = await h.GenerateAsync();
        Assert.That(result.Project!.Status, Is.EqualTo(ProjectStatus.Complete));
        Assert.That(h.Stats.ProjectsCreated, Is.EqualTo(1));
    }

    [Test]
    public async Task ConnectionDroppedAfterCreate_IsNotRetried_SoNeverChargedTwice()
    {
        await using var h = await Harness.StartAsync(Fault(Create, EmulatorFaultKind.DropConnection));
        var ex = Assert.ThrowsAsync<MagicHourException>(() => h.GenerateAsync());
        Assert.That(ex!.Message, Does.Contain("may still have created the project"));
        Assert.That(ex.InnerException, Is.InstanceOf<HttpRequestException>().Or.InstanceOf<IOException>());
        Assert.That(h.Stats.ProjectsCreated, Is.EqualTo(1), "the server did the work; the SDK must not create again");
        Assert.That(h.Stats.CreditsCharged, Is.EqualTo(50));
        Assert.That(h.Dir.Entries("out"), Is.Empty);
    }

    [Test]
    public async Task ConnectionDroppedDuringPoll_IsRetried()
    {
        await using var h = await Harness.StartAsync(Fault(Poll, EmulatorFaultKind.DropConnection, count: 2));
        var result = await h.GenerateAsync();
        Assert.That(result.Project!.Status, Is.EqualTo(ProjectStatus.Complete));
    }

    [Test]
    public async Task ConnectionDroppedDuringUpload_IsRetriedWithTheWholeFile()
    {
        await using var h = await Harness.StartAsync(Fault(Put, EmulatorFaultKind.DropConnection));
        var result = await h.GenerateAsync();
        Harness.AssertWholePng(result);
        Assert.That(h.Stats.ProjectsCreated, Is.EqualTo(1));
    }

    [Test]
    public async Task TruncatedDownload_IsRetried_AndTheFileIsWhole()
    {
        await using var h = await Harness.StartAsync(Fault(Download, EmulatorFaultKind.TruncatedDownload));
        var result = await h.GenerateAsync();
        Harness.AssertWholePng(result);
        Assert.That(h.Dir.Entries("out"), Has.Length.EqualTo(1), "no temp file left behind");
    }

    [Test]
    public async Task ExpiredUploadUrl_GetsANewOne()
    {
        await using var h = await Harness.StartAsync(Fault(UploadUrls, EmulatorFaultKind.ExpiredUploadUrl));
        await h.GenerateAsync();
        Assert.That(h.Stats.UploadUrlsIssued, Is.EqualTo(2));
        Assert.That(h.Stats.UploadsCompleted, Is.EqualTo(1));
    }

    [Test]
    public async Task StuckRendering_TimesOut_WithProjectId_AndResumeDoesNotCreateAgain()
    {
        await using var h = await Harness.StartAsync(Fault(Create, EmulatorFaultKind.StuckRendering));
        var ex = Assert.CatchAsync<MagicHourException>(() => h.GenerateAsync(TimeSpan.FromSeconds(10)));
        Assert.That(ex!.Kind, Is.EqualTo(MagicHourErrorKind.Timeout));
        Assert.That(ex.ProjectId, Is.Not.Null);
        Assert.That(ex.CreditsCharged, Is.EqualTo(50));
        Assert.That(h.Emu.GetProject(ex.ProjectId!)!.Status, Is.EqualTo("rendering"));
        Assert.That(h.Stats.ProjectsCreated, Is.EqualTo(1));
    }

    [Test]
    public async Task ProjectEndingInError_Throws_WithRefund()
    {
        await using var h = await Harness.StartAsync(Fault(Create, EmulatorFaultKind.EndInError));
        var ex = Assert.ThrowsAsync<MagicHourProjectFailedException>(() => h.GenerateAsync());
        Assert.That(ex!.Kind, Is.EqualTo(MagicHourErrorKind.ProjectFailed));
        Assert.That(ex.ProjectId, Is.Not.Null);
        Assert.That(ex.ErrorCode, Is.Not.Null.And.Not.Empty);
    }

    [Test]
    public async Task ProjectCanceled_Throws()
    {
        await using var h = await Harness.StartAsync(Fault(Create, EmulatorFaultKind.EndCanceled));
        var ex = Assert.ThrowsAsync<MagicHourProjectFailedException>(() => h.GenerateAsync());
        Assert.That(ex!.Kind, Is.EqualTo(MagicHourErrorKind.ProjectCanceled));
        Assert.That(ex.ProjectId, Is.Not.Null);
    }

    [Test]
    public async Task SlowServer_HitsTheNetworkTimeout_OnPolls_ButTheJobCompletes()
    {
        await using var h = await Harness.StartAsync(Fault(Poll, EmulatorFaultKind.Delay, delay: TimeSpan.FromSeconds(10)),
            client: o => o.NetworkTimeout = TimeSpan.FromSeconds(4));
        var call = h.GenerateAsync();
        await h.AdvanceOnceStalledAsync(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(4));
        var result = await call.WaitAsync(Harness.HangGuard);
        Assert.That(result.Project!.Status, Is.EqualTo(ProjectStatus.Complete));
        Assert.That(h.Requests(Poll, "aborted"), Is.EqualTo(1), "the stalled poll was abandoned at the NetworkTimeout, then polled again");
    }
}
