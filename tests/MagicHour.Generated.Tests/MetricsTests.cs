using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace MagicHour.Generated.Tests;

/// <summary>The instruments of the MagicHour.Generated meter, read with MetricCollector on a per-test meter factory.</summary>
public class MetricsTests
{
    private static readonly byte[] Portrait = [0x89, 0x50, 0x4E, 0x47, 1, 2, 3];
    private static readonly byte[] Output = [0x89, 0x50, 0x4E, 0x47, 9, 9, 9, 9, 9];

    private static object? Tag<T>(CollectedMeasurement<T> m, string name) where T : struct => m.Tags.TryGetValue(name, out var value) ? value : null;

    private static async Task<(FakeApi Api, string Directory)> GenerateHeadshotAsync(TestMeters meters, params string[] statuses)
    {
        var api = new FakeApi();
        var dir = new TempDir();
        api.ScriptHeadshot("p1", Output, statuses);
        var photo = dir.File("me.png", Portrait);
        var client = api.CreateClient(o => o.MeterFactory = meters);
        try
        {
            await client.V1.AiHeadshotGenerator.GenerateAsync(
                new AiHeadshotGeneratorCreateRequest { Assets = new() { ImageFilePath = photo } }, new GenerateOptions { DownloadDirectory = dir.Path });
        }
        catch (MagicHourException)
        {
        }
        return (api, dir.Path);
    }

    [Test]
    public async Task RequestDuration_HasTheHttpSemanticConventionTags_AndTheOperation()
    {
        using var meters = new TestMeters();
        using var durations = meters.Collect<double>("http.client.request.duration");
        var (api, _) = await GenerateHeadshotAsync(meters, "rendering", "complete");
        using var _api = api;

        var byOperation = durations.GetMeasurementSnapshot().GroupBy(m => (string?)Tag(m, "magichour.operation")).ToDictionary(g => g.Key ?? "(none)", g => g.ToList());
        Assert.That(byOperation.Keys, Is.EquivalentTo(new[] { "UploadUrls_Create", "upload", "AiHeadshotGenerator_Create", "ImageProjects_Get", "download" }));
        Assert.That(byOperation["ImageProjects_Get"], Has.Count.EqualTo(2), "one per status GET");
        var create = byOperation["AiHeadshotGenerator_Create"].Single();
        Assert.That(Tag(create, "http.request.method"), Is.EqualTo("POST"));
        Assert.That(Tag(create, "http.response.status_code"), Is.EqualTo(200));
        Assert.That(Tag(create, "server.address"), Is.EqualTo("api.test"));
        Assert.That(Tag(create, "server.port"), Is.EqualTo(443));
        Assert.That(Tag(byOperation["upload"].Single(), "server.address"), Is.EqualTo("storage.test"));
        Assert.That(Tag(byOperation["upload"].Single(), "http.request.method"), Is.EqualTo("PUT"));
        Assert.That(durations.GetMeasurementSnapshot().Select(m => m.Value), Is.All.GreaterThanOrEqualTo(0));
        Assert.That(durations.Instrument!.Unit, Is.EqualTo("s"));
    }

    [Test]
    public async Task Workflow_DurationCreditsBytesAndInFlight()
    {
        using var meters = new TestMeters();
        using var workflow = meters.Collect<double>("magichour.workflow.duration");
        using var active = meters.Collect<long>("magichour.workflows.active");
        using var credits = meters.Collect<long>("magichour.credits.charged");
        using var uploaded = meters.Collect<long>("magichour.upload.bytes");
        using var downloaded = meters.Collect<long>("magichour.download.bytes");
        var (api, _) = await GenerateHeadshotAsync(meters, "complete");
        using var _api = api;

        var done = workflow.GetMeasurementSnapshot().Single();
        Assert.That(Tag(done, "magichour.outcome"), Is.EqualTo("complete"));
        Assert.That(Tag(done, "magichour.tool"), Is.EqualTo("AiHeadshotGenerator_Create"));
        Assert.That(Tag(done, "magichour.project.kind"), Is.EqualTo("image"));
        Assert.That(Tag(done, "magichour.operation"), Is.EqualTo("generate"));
        Assert.That(active.GetMeasurementSnapshot().Select(m => m.Value), Is.EqualTo(new long[] { 1, -1 }), "in flight while it ran, not after");
        var charged = credits.GetMeasurementSnapshot().Single();
        Assert.That(charged.Value, Is.EqualTo(50));
        Assert.That(Tag(charged, "magichour.tool"), Is.EqualTo("AiHeadshotGenerator_Create"));
        Assert.That(uploaded.GetMeasurementSnapshot().Sum(m => m.Value), Is.EqualTo(Portrait.Length));
        Assert.That(downloaded.GetMeasurementSnapshot().Sum(m => m.Value), Is.EqualTo(Output.Length));
    }

    [Test]
    public async Task FailedProject_IsRecordedWithItsOutcome()
    {
        using var meters = new TestMeters();
        using var workflow = meters.Collect<double>("magichour.workflow.duration");
        using var active = meters.Collect<long>("magichour.workflows.active");
        var (api, _) = await GenerateHeadshotAsync(meters, "rendering", "error");
        using var _api = api;
        Assert.That(Tag(workflow.GetMeasurementSnapshot().Single(), "magichour.outcome"), Is.EqualTo("error"));
        Assert.That(active.GetMeasurementSnapshot().Sum(m => m.Value), Is.Zero);
    }

    [Test]
    public void ErroredProject_ItsRefundIsCounted_AgainstWhatTheCreateCharged()
    {
        using var meters = new TestMeters();
        using var charged = meters.Collect<long>("magichour.credits.charged");
        using var refunded = meters.Collect<long>("magichour.credits.refunded");
        using var api = new FakeApi();
        using var dir = new TempDir();
        api.ScriptHeadshotCreate("p1");
        api.On(HttpMethod.Get, $"{FakeApi.BaseUrl}v1/image-projects/p1",
            (HttpStatusCode.OK, FakeApi.Project("p1", "error", error: """{"code":"no_source_face","message":"no face"}""", credits: 10)));
        var client = api.CreateClient(o => o.MeterFactory = meters);

        var ex = Assert.ThrowsAsync<MagicHourProjectFailedException>(() => client.V1.AiHeadshotGenerator.GenerateAsync(
            new AiHeadshotGeneratorCreateRequest { Assets = new() { ImageFilePath = dir.File("me.png", Portrait) } }, new GenerateOptions { DownloadDirectory = dir.Path }));

        Assert.That(ex!.CreditsCharged, Is.EqualTo(10));
        Assert.That(charged.GetMeasurementSnapshot().Sum(m => m.Value), Is.EqualTo(50));
        var refund = refunded.GetMeasurementSnapshot().Single();
        Assert.That(refund.Value, Is.EqualTo(40), "50 charged at create, 10 still charged at the end");
        Assert.That(Tag(refund, "magichour.tool"), Is.EqualTo("AiHeadshotGenerator_Create"));
        Assert.That(Tag(refund, "magichour.project.kind"), Is.EqualTo("image"));
    }

    [Test]
    public async Task CompletedProject_RefundsNothing()
    {
        using var meters = new TestMeters();
        using var refunded = meters.Collect<long>("magichour.credits.refunded");
        var (api, _) = await GenerateHeadshotAsync(meters, "rendering", "complete");
        using var _api = api;
        Assert.That(api.To(HttpMethod.Get, "image-projects/p1").Count(), Is.EqualTo(2), "the wait ran to its end");
        Assert.That(refunded.GetMeasurementSnapshot(), Is.Empty);
    }

    [Test]
    public async Task Retries_AreCountedByReason()
    {
        using var meters = new TestMeters();
        using var retries = meters.Collect<long>("magichour.client.retries");
        using var durations = meters.Collect<double>("http.client.request.duration");
        using var api = new FakeApi();
        api.On(HttpMethod.Get, "https://api.test/v1/image-projects/p1",
            () => FakeApi.Json(HttpStatusCode.ServiceUnavailable, """{"message":"busy"}"""),
            () => FakeApi.Json(HttpStatusCode.OK, FakeApi.Project("p1", "complete")));

        await api.CreateClient(o => o.MeterFactory = meters).V1.ImageProjects.WaitAsync("p1");

        var retry = retries.GetMeasurementSnapshot().Single();
        Assert.That(retry.Value, Is.EqualTo(1));
        Assert.That(Tag(retry, "magichour.retry.reason"), Is.EqualTo("503"));
        Assert.That(Tag(retry, "magichour.operation"), Is.EqualTo("ImageProjects_Get"));
        Assert.That(durations.GetMeasurementSnapshot().Select(m => Tag(m, "http.response.status_code")), Is.EqualTo(new object[] { 503, 200 }), "each attempt is one request");
    }

    [Test]
    public void NoticeDelay_CanBeRecordedByWhatKnowsTheRenderEnd()
    {
        // The webhook receiver knows when a project ended; the waiter records through this when it is told.
        using var meters = new TestMeters();
        using var delays = meters.Collect<double>("magichour.project.notice_delay");
        MagicHourMetrics.For(meters).CompletionNoticed("AiHeadshotGenerator_Create", "image", TimeSpan.FromMilliseconds(40), "webhook");
        var delay = delays.GetMeasurementSnapshot().Single();
        Assert.That(delay.Value, Is.EqualTo(0.04).Within(1e-9));
        Assert.That(Tag(delay, "magichour.notice.source"), Is.EqualTo("webhook"));
    }

    [Test]
    public void WithoutAFactory_OneProcessWideMeterNamedAfterThePackage()
    {
        Assert.That(MagicHourMetrics.For(null).Meter.Name, Is.EqualTo("MagicHour.Generated"));
        Assert.That(MagicHourMetrics.For(null), Is.SameAs(MagicHourMetrics.For(null)));
        Assert.That(MagicHourDiagnostics.MeterName, Is.EqualTo(typeof(MagicHourClient).Assembly.GetName().Name));
    }
}
