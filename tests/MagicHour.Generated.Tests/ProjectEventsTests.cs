using System.Net;
using MagicHour.Generated.Webhooks;
using Microsoft.Extensions.Time.Testing;

namespace MagicHour.Generated.Tests;

/// <summary>
/// MagicHourClientOptions.ProjectEvents without ASP.NET Core: a wait polls once, then ends on a published end event
/// with the event's project and no further request; a started event, or one for another project, does not end it.
/// The clock is fake and never moved, so no fallback poll can happen.
/// </summary>
public class ProjectEventsTests
{
    private static string Event(string type, string id, string status, int credits = 50, string error = "null")
        => $$"""{"type":"{{type}}","payload":{{FakeApi.Project(id, status, status == "complete" ? FakeApi.Downloads("https://storage.test/out.png") : "[]", error, credits)}}}""";

    private static (FakeApi Api, MagicHourClient Client, MagicHourProjectEvents Events) Start(TestMeters? meters = null)
    {
        var api = new FakeApi();
        api.On(HttpMethod.Get, $"{FakeApi.BaseUrl}v1/image-projects/p1", (HttpStatusCode.OK, FakeApi.Project("p1", "rendering")));
        var events = new MagicHourProjectEvents();
        var client = api.CreateClient(o =>
        {
            o.ProjectEvents = events;
            o.TimeProvider = new FakeTimeProvider();
            o.MeterFactory = meters;
        });
        return (api, client, events);
    }

    private static async Task FirstPollAsync(FakeApi api)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(10)); // against a hang, not a measurement
        while (!api.To(HttpMethod.Get, "image-projects/p1").Any()) await Task.Delay(5, guard.Token);
    }

    [Test]
    public async Task CompletedEvent_EndsTheWait_WithTheEventsProject_AndNoFurtherRequest()
    {
        var (api, client, events) = Start();
        using var _ = api;
        var wait = client.V1.AiHeadshotGenerator.ResumeAsync("p1", new GenerateOptions { DownloadOutputs = false });
        await FirstPollAsync(api);

        Assert.That(events.Publish(MagicHourWebhook.Parse(Event("image.started", "p1", "rendering"))), Is.Zero, "started ends nothing");
        Assert.That(events.Publish(MagicHourWebhook.Parse(Event("image.completed", "p2", "complete"))), Is.Zero, "another project");
        Assert.That(events.Publish(MagicHourWebhook.Parse(Event("image.completed", "p1", "complete"))), Is.EqualTo(1));
        var result = await wait.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(result.Project!.Status, Is.EqualTo(ProjectStatus.Complete));
        Assert.That(result.Project.Downloads.Single().Url, Is.EqualTo(new Uri("https://storage.test/out.png")));
        Assert.That(api.To(HttpMethod.Get, "image-projects/p1").Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task ErroredEvent_EndsTheWait_AsAFailedProject()
    {
        var (api, client, events) = Start();
        using var _ = api;
        var wait = client.V1.AiHeadshotGenerator.ResumeAsync("p1", new GenerateOptions { DownloadOutputs = false });
        await FirstPollAsync(api);

        events.Publish(MagicHourWebhook.Parse(Event("image.errored", "p1", "error", credits: 0, error: """{"code":"no_source_face","message":"no face"}""")));

        var ex = Assert.ThrowsAsync<MagicHourProjectFailedException>(() => wait.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.That(ex!.ErrorCode, Is.EqualTo("no_source_face"));
        Assert.That(ex.CreditsCharged, Is.Zero);
        Assert.That(api.To(HttpMethod.Get, "image-projects/p1").Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task AnEndHeardFromAWebhook_RecordsItsNoticeDelay_OnTheClientsClock_AndAPollEndRecordsNone()
    {
        using var meters = new TestMeters();
        using var notices = meters.Collect<double>("magichour.project.notice_delay");
        var (api, client, events) = Start(meters);
        using var _ = api;
        var wait = client.V1.AiHeadshotGenerator.ResumeAsync("p1", new GenerateOptions { DownloadOutputs = false });
        await FirstPollAsync(api);

        events.Publish(MagicHourWebhook.Parse(Event("image.completed", "p1", "complete")));
        await wait.WaitAsync(TimeSpan.FromSeconds(10));

        var notice = notices.GetMeasurementSnapshot().Single();
        Assert.That(notice.Value, Is.Zero, "the client's fake clock stood still between the publish and the wait noticing it");
        Assert.That(notice.Tags["magichour.notice.source"], Is.EqualTo("webhook"));
        Assert.That(notice.Tags["magichour.tool"], Is.EqualTo("AiHeadshotGenerator_Create"));
        Assert.That(notice.Tags["magichour.project.kind"], Is.EqualTo("image"));

        // A wait its first poll ends (the project had ended already): nothing says when it ended, nothing is recorded.
        api.On(HttpMethod.Get, $"{FakeApi.BaseUrl}v1/image-projects/p9", (HttpStatusCode.OK, FakeApi.Project("p9", "complete")));
        await client.V1.AiHeadshotGenerator.ResumeAsync("p9", new GenerateOptions { DownloadOutputs = false }).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(notices.GetMeasurementSnapshot(), Has.Count.EqualTo(1));
    }

    [Test]
    public void FallbackPollInterval_MustBePositive()
    {
        Assert.That(new MagicHourProjectEvents().FallbackPollInterval, Is.EqualTo(TimeSpan.FromSeconds(45)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MagicHourProjectEvents(TimeSpan.Zero));
    }
}
