using System.Net;

namespace MagicHour.Generated.Tests;

/// <summary>
/// Issue 11 rows 4, 5 and 12: after a charged create, every failure is a MagicHourException (or the documented
/// MagicHourCanceledException) carrying the project id; a create answer that cannot be read says the project was
/// probably created; a partly failed download says what was saved and is not downloaded again.
/// </summary>
public class OutputFailureTests
{
    private static readonly AiHeadshotGeneratorCreateRequest Request = new() { Assets = new() { ImageFilePath = "api-assets/a.png" } };

    private static void AssertSurfacedWithProjectId(Exception? ex, string projectId)
    {
        Assert.That(ex, Is.InstanceOf<MagicHourException>(), ex?.ToString());
        Assert.That(((MagicHourException)ex!).ProjectId, Is.EqualTo(projectId));
    }

    private static HttpResponseMessage Redirect(string? location)
    {
        var response = new HttpResponseMessage(HttpStatusCode.Found) { Content = new StringContent("") };
        if (location is not null) response.Headers.Location = new Uri(location);
        return response;
    }

    [Test]
    public void ProjectThatRedirectsToItselfForever_FailsAsMagicHourException_WithProjectId()
    {
        using var api = new FakeApi();
        using var dir = new TempDir();
        api.On(HttpMethod.Get, "https://api.test/v1/image-projects/p1", () => Redirect("https://api.test/v1/image-projects/p1"));

        var ex = Assert.CatchAsync(() => api.CreateClient().V1.AiHeadshotGenerator.ResumeAsync("p1", new GenerateOptions { DownloadDirectory = dir.Path }));

        AssertSurfacedWithProjectId(ex, "p1");
        Assert.That(api.To(HttpMethod.Get, "image-projects/p1").Count(), Is.InRange(2, 60), "the loop is cut, boundedly");
        Assert.That(dir.Entries(), Is.Empty);
    }

    [Test]
    public void RedirectWithoutLocation_FailsAsMagicHourException_WithProjectId()
    {
        using var api = new FakeApi();
        using var dir = new TempDir();
        api.On(HttpMethod.Get, "https://api.test/v1/image-projects/p1", () => Redirect(null));

        var ex = Assert.CatchAsync(() => api.CreateClient().V1.AiHeadshotGenerator.ResumeAsync("p1", new GenerateOptions { DownloadDirectory = dir.Path }));

        AssertSurfacedWithProjectId(ex, "p1");
    }

    [TestCase("file:///etc/passwd", "scheme 'file'")]
    [TestCase("ftp://storage.test/o/out.png", "scheme 'ftp'")]
    [TestCase("data:image/png;base64,iVBORw0KGgo=", "scheme 'data'")]
    [TestCase("o/out.png", "relative")]
    [TestCase("", "no download URL")]
    public void DownloadUrlThatIsNotHttp_IsRefused_AsMagicHourException_WithProjectId(string url, string says)
    {
        using var api = new FakeApi();
        using var dir = new TempDir();
        api.On(HttpMethod.Get, "https://api.test/v1/image-projects/p1", (HttpStatusCode.OK, FakeApi.Project("p1", "complete", FakeApi.Downloads(url))));

        var ex = Assert.CatchAsync(() => api.CreateClient().V1.AiHeadshotGenerator.ResumeAsync("p1", new GenerateOptions { DownloadDirectory = dir.Path }));

        AssertSurfacedWithProjectId(ex, "p1");
        Assert.That(ex!.Message, Does.Contain(says));
        Assert.That(api.Requests.Select(r => r.Uri.AbsolutePath), Has.All.EqualTo("/v1/image-projects/p1"), "nothing else fetched");
        Assert.That(dir.Entries(), Is.Empty);
    }

    [TestCase("[null]")]
    [TestCase("""[{"url":null,"expires_at":"2026-11-26T10:00:00Z"}]""")]
    [TestCase("""[{"expires_at":"2026-11-26T10:00:00Z"}]""")]
    public void DownloadEntryWithoutUrl_FailsAsMagicHourException_WithProjectId(string downloads)
    {
        using var api = new FakeApi();
        using var dir = new TempDir();
        api.On(HttpMethod.Get, "https://api.test/v1/image-projects/p1", (HttpStatusCode.OK, FakeApi.Project("p1", "complete", downloads)));

        var ex = Assert.CatchAsync(() => api.CreateClient().V1.AiHeadshotGenerator.ResumeAsync("p1", new GenerateOptions { DownloadDirectory = dir.Path }));

        AssertSurfacedWithProjectId(ex, "p1");
        Assert.That(ex, Is.Not.InstanceOf<MagicHourException<object>>());
        Assert.That(ex!.InnerException, Is.Not.InstanceOf<NullReferenceException>());
    }

    [Test]
    public void CreateAnswerWithoutId_SaysProbablyCreated_AndDoesNotPoll()
    {
        using var api = new FakeApi();
        api.On(HttpMethod.Post, "https://api.test/v1/ai-headshot-generator", (HttpStatusCode.OK, """{"credits_charged":50}"""));

        var ex = Assert.CatchAsync(() => api.CreateClient().V1.AiHeadshotGenerator.GenerateAsync(Request));

        Assert.That(ex, Is.InstanceOf<MagicHourException>(), ex?.ToString());
        Assert.That(ex!.Message, Does.Contain("without a project id").And.Contain("probably created and charged"));
        Assert.That(((MagicHourException)ex).CreditsCharged, Is.EqualTo(50));
        Assert.That(api.To(HttpMethod.Post, "ai-headshot-generator").Count(), Is.EqualTo(1));
        Assert.That(api.To(HttpMethod.Get, "image-projects"), Is.Empty);
    }

    [Test]
    public void ClientDisposedWhileWaiting_FailsAsMagicHourException_WithProjectId()
    {
        using var api = new FakeApi();
        api.ScriptHeadshot("p5", [1], "rendering");
        var client = api.CreateClient();
        var progress = new SyncProgress(p => { if (p.Stage == GenerateStage.Waiting && p.Status is not null) client.Dispose(); });

        var ex = Assert.CatchAsync(() => client.V1.AiHeadshotGenerator.GenerateAsync(Request, new GenerateOptions { Progress = progress }));

        AssertSurfacedWithProjectId(ex, "p5");
        Assert.That(((MagicHourException)ex!).CreditsCharged, Is.EqualTo(50));
        Assert.That(ex.InnerException, Is.InstanceOf<ObjectDisposedException>());
    }

    // Row 5: the create's answer is cut off after the id.
    [Test]
    public void TruncatedCreateAnswer_SaysProbablyCharged_KeepsTheRawBody_AndFindsTheId()
    {
        using var api = new FakeApi();
        const string truncated = """{"id":"p7","credits_charged":5""";
        api.On(HttpMethod.Post, "https://api.test/v1/ai-headshot-generator", (HttpStatusCode.OK, truncated));

        var ex = Assert.ThrowsAsync<MagicHourException>(() => api.CreateClient().V1.AiHeadshotGenerator.GenerateAsync(Request));

        Assert.That(ex!.Message, Does.Contain("probably created and charged").And.Contain("ResumeAsync(\"p7\")"));
        Assert.That(ex.RawBody, Is.EqualTo(truncated));
        Assert.That(ex.ProjectId, Is.EqualTo("p7"));
        Assert.That(ex.StatusCode, Is.EqualTo(200));
        Assert.That(api.To(HttpMethod.Post, "ai-headshot-generator").Count(), Is.EqualTo(1), "never created again");
    }

    [Test]
    public void TruncatedCreateAnswer_BeforeTheId_StillSaysProbablyCharged()
    {
        using var api = new FakeApi();
        api.On(HttpMethod.Post, "https://api.test/v1/ai-headshot-generator", (HttpStatusCode.OK, """{"credits_charged":50,"id":"p"""));

        var ex = Assert.ThrowsAsync<MagicHourException>(() => api.CreateClient().V1.AiHeadshotGenerator.GenerateAsync(Request));

        Assert.That(ex!.Message, Does.Contain("probably created and charged").And.Contain("check your projects"));
        Assert.That(ex.RawBody, Is.EqualTo("""{"credits_charged":50,"id":"p"""));
        Assert.That(ex.ProjectId, Is.Null);
    }

    [Test]
    public async Task CreateAnswered201WithId_IsTreatedAsCreated()
    {
        using var api = new FakeApi();
        using var dir = new TempDir();
        api.On(HttpMethod.Post, "https://api.test/v1/ai-headshot-generator", (HttpStatusCode.Created, """{"id":"p8","credits_charged":50}"""));
        api.On(HttpMethod.Get, "https://api.test/v1/image-projects/p8", (HttpStatusCode.OK, FakeApi.Project("p8", "complete", FakeApi.Downloads("https://storage.test/o/p8.png"))));
        api.On(HttpMethod.Get, "https://storage.test/o/p8.png", () => FakeApi.Bytes([8]));

        var result = await api.CreateClient().V1.AiHeadshotGenerator.GenerateAsync(Request, new GenerateOptions { DownloadDirectory = dir.Path });

        Assert.That(result.ProjectId, Is.EqualTo("p8"));
        Assert.That(result.CreditsCharged, Is.EqualTo(50));
        Assert.That(File.ReadAllBytes(result.DownloadedPaths.Single()), Is.EqualTo(new byte[] { 8 }));
        Assert.That(api.To(HttpMethod.Post, "ai-headshot-generator").Count(), Is.EqualTo(1));
    }

    [Test]
    public void CreateAnswered202WithoutReadableBody_SaysProbablyCharged()
    {
        using var api = new FakeApi();
        api.On(HttpMethod.Post, "https://api.test/v1/ai-headshot-generator", (HttpStatusCode.Accepted, "<html>accepted</html>"));

        var ex = Assert.ThrowsAsync<MagicHourException>(() => api.CreateClient().V1.AiHeadshotGenerator.GenerateAsync(Request));

        Assert.That(ex!.Message, Does.Contain("probably created and charged"));
        Assert.That(ex.RawBody, Is.EqualTo("<html>accepted</html>"));
    }

    // Row 12: three outputs, the third 404s.
    [Test]
    public async Task PartlyFailedDownload_ListsWhatWasSaved_AndResumeDoesNotDownloadItAgain()
    {
        using var api = new FakeApi();
        using var dir = new TempDir();
        var third = HttpStatusCode.NotFound;
        api.On(HttpMethod.Post, "https://api.test/v1/ai-headshot-generator", (HttpStatusCode.OK, """{"id":"p3","credits_charged":50}"""));
        api.On(HttpMethod.Get, "https://api.test/v1/image-projects/p3", () => FakeApi.Json(HttpStatusCode.OK, FakeApi.Project("p3", "complete",
            FakeApi.Downloads($"https://storage.test/o/a.png?sig={Guid.NewGuid():N}", $"https://storage.test/o/b.png?sig={Guid.NewGuid():N}", $"https://storage.test/o/c.png?sig={Guid.NewGuid():N}"))));
        api.On(HttpMethod.Get, "https://storage.test/o/a.png", () => FakeApi.Bytes([0xA]));
        api.On(HttpMethod.Get, "https://storage.test/o/b.png", () => FakeApi.Bytes([0xB]));
        api.On(HttpMethod.Get, "https://storage.test/o/c.png", () => third == HttpStatusCode.OK ? FakeApi.Bytes([0xC]) : FakeApi.Json(third, "{}"));
        var client = api.CreateClient(o => o.MaxRetries = 0);
        var options = new GenerateOptions { DownloadDirectory = dir.Path };

        var ex = Assert.ThrowsAsync<MagicHourException>(() => client.V1.AiHeadshotGenerator.GenerateAsync(Request, options));

        Assert.That(ex!.ProjectId, Is.EqualTo("p3"));
        Assert.That(ex.StatusCode, Is.EqualTo(404));
        Assert.That(ex.SavedPaths, Is.EquivalentTo(new[] { Path.Combine(dir.Path, "a.png"), Path.Combine(dir.Path, "b.png") }));
        Assert.That(File.ReadAllBytes(Path.Combine(dir.Path, "a.png")), Is.EqualTo(new byte[] { 0xA }));

        for (var resume = 0; resume < 2; resume++)
        {
            var again = Assert.ThrowsAsync<MagicHourException>(() => client.V1.AiHeadshotGenerator.ResumeAsync("p3", options));
            Assert.That(again!.SavedPaths, Is.EquivalentTo(ex.SavedPaths), "what landed earlier is reported, not fetched");
        }
        Assert.That(api.To(HttpMethod.Get, "storage.test/o/a.png").Count(), Is.EqualTo(1));
        Assert.That(api.To(HttpMethod.Get, "storage.test/o/b.png").Count(), Is.EqualTo(1));
        Assert.That(dir.Entries().Where(e => !e.StartsWith('.')), Is.EqualTo(new[] { "a.png", "b.png" }), "no a-1.png, b-1.png");

        third = HttpStatusCode.OK;
        var result = await client.V1.AiHeadshotGenerator.ResumeAsync("p3", options);

        Assert.That(result.DownloadedPaths, Is.EqualTo(new[] { "a.png", "b.png", "c.png" }.Select(n => Path.Combine(dir.Path, n))));
        Assert.That(File.ReadAllBytes(result.DownloadedPaths[2]), Is.EqualTo(new byte[] { 0xC }));
        Assert.That(api.To(HttpMethod.Get, "storage.test/o/a.png").Count(), Is.EqualTo(1));
        Assert.That(dir.Entries(), Is.EqualTo(new[] { "a.png", "b.png", "c.png" }), "the sidecar is gone once every output landed");
        Assert.That(api.To(HttpMethod.Post, "ai-headshot-generator").Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task SavedOutputThatWasChangedOrRemoved_IsDownloadedAgain()
    {
        using var api = new FakeApi();
        using var dir = new TempDir();
        var resumeAgain = ResumeWithTheSecondOutputFailingOnce(api, dir, "https://storage.test/o/a.png", [0xA, 0xA], "https://storage.test/o/c.png", [0xC]);
        File.WriteAllBytes(Path.Combine(dir.Path, "a.png"), [1]); // the user replaced it

        var result = await resumeAgain();

        Assert.That(api.To(HttpMethod.Get, "storage.test/o/a.png").Count(), Is.EqualTo(2));
        Assert.That(File.ReadAllBytes(result.DownloadedPaths[0]), Is.EqualTo(new byte[] { 0xA, 0xA }));
        Assert.That(File.ReadAllBytes(Path.Combine(dir.Path, "a.png")), Is.EqualTo(new byte[] { 1 }), "the user's file is not overwritten");
    }

    [Test]
    public async Task TwoOutputsWithTheSameUrlPath_AreRecordedApart()
    {
        using var api = new FakeApi();
        using var dir = new TempDir();
        var resumeAgain = ResumeWithTheSecondOutputFailingOnce(api, dir, "https://storage.test/o/same.png?n=1", [1], "https://storage.test/o/same.png?n=2", [2]);

        var result = await resumeAgain();

        Assert.That(result.DownloadedPaths.Select(File.ReadAllBytes), Is.EqualTo(new[] { new byte[] { 1 }, new byte[] { 2 } }));
        Assert.That(result.DownloadedPaths.Distinct().Count(), Is.EqualTo(2));
    }

    /// <summary>
    /// Project p3 with two outputs, the second answering 404: resumes it once (which fails, saving the first), then
    /// heals the second and returns the next resume to run.
    /// </summary>
    private static Func<Task<GenerateResult<ImageProject>>> ResumeWithTheSecondOutputFailingOnce(FakeApi api, TempDir dir, string first, byte[] firstBytes, string second, byte[] secondBytes)
    {
        var failSecond = true;
        api.On(HttpMethod.Get, "https://api.test/v1/image-projects/p3", (HttpStatusCode.OK, FakeApi.Project("p3", "complete", FakeApi.Downloads(first, second))));
        api.On(HttpMethod.Get, first, () => FakeApi.Bytes(firstBytes));
        api.On(HttpMethod.Get, second, () => failSecond ? FakeApi.Json(HttpStatusCode.NotFound, "{}") : FakeApi.Bytes(secondBytes));
        var client = api.CreateClient(o => o.MaxRetries = 0);
        var options = new GenerateOptions { DownloadDirectory = dir.Path };
        var ex = Assert.ThrowsAsync<MagicHourException>(() => client.V1.AiHeadshotGenerator.ResumeAsync("p3", options));
        Assert.That(ex!.SavedPaths, Has.Count.EqualTo(1));
        failSecond = false;
        return () => client.V1.AiHeadshotGenerator.ResumeAsync("p3", options);
    }
}
