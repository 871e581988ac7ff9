using System.Net;

namespace MagicHour.Generated.Tests;

/// <summary>Polling: end states, timeout, cancellation, transient failures.</summary>
public class WaitTests
{
    private static void Statuses(FakeApi api, params string[] statuses)
        => api.On(HttpMethod.Get, "https://api.test/v1/image-projects/p1",
            statuses.Select(s => (HttpStatusCode.OK, FakeApi.Project("p1", s,
                error: s == "error" ? """{"message":"No face detected","code":"no_source_face"}""" : "null"))).ToArray());

    [Test]
    public async Task QueuedRenderingComplete_ReturnsCompletedProjectAndReportsEachStatus()
    {
        using var api = new FakeApi();
        Statuses(api, "queued", "queued", "rendering", "complete");
        var seen = new List<string?>();
        var options = new GenerateOptions { Progress = new SyncProgress(p => seen.Add(p.Status)) };

        var project = await api.CreateClient().V1.ImageProjects.WaitAsync("p1", options);

        Assert.That(project.Status, Is.EqualTo(ProjectStatus.Complete));
        Assert.That(api.Requests, Has.Count.EqualTo(4));
        Assert.That(seen, Is.EqualTo(new[] { "queued", "rendering", "complete" }), "one report per status change");
    }

    [Test]
    public void ErrorEndState_ThrowsWithProjectIdAndCode()
    {
        using var api = new FakeApi();
        Statuses(api, "rendering", "error");
        var ex = Assert.ThrowsAsync<MagicHourProjectFailedException>(() => api.CreateClient().V1.ImageProjects.WaitAsync("p1"));
        Assert.That(ex!.ProjectId, Is.EqualTo("p1"));
        Assert.That(ex.ErrorCode, Is.EqualTo("no_source_face"));
        Assert.That(ex.Kind, Is.EqualTo(MagicHourErrorKind.ProjectFailed));
        Assert.That(ex.Message, Does.Contain("No face detected"));
    }

    [Test]
    public void CanceledEndState_Throws()
    {
        using var api = new FakeApi();
        Statuses(api, "queued", "canceled");
        var ex = Assert.ThrowsAsync<MagicHourProjectFailedException>(() => api.CreateClient().V1.ImageProjects.WaitAsync("p1"));
        Assert.That(ex!.Kind, Is.EqualTo(MagicHourErrorKind.ProjectCanceled));
        Assert.That(ex.Status, Is.EqualTo("canceled"));
    }

    [Test]
    public void StuckProject_TimesOutWithProjectId()
    {
        using var api = new FakeApi();
        Statuses(api, "rendering");
        var ex = Assert.ThrowsAsync<MagicHourException>(() => api.CreateClient().V1.ImageProjects.WaitAsync("p1", new GenerateOptions { Timeout = TimeSpan.FromMilliseconds(50) }));
        Assert.That(ex!.Kind, Is.EqualTo(MagicHourErrorKind.Timeout));
        Assert.That(ex.ProjectId, Is.EqualTo("p1"));
        Assert.That(ex.Message, Does.Contain("ResumeAsync"));
    }

    [Test]
    public void Cancellation_StopsPolling()
    {
        using var api = new FakeApi();
        using var cts = new CancellationTokenSource();
        var polls = 0;
        api.On(HttpMethod.Get, "https://api.test/v1/image-projects/p1", () =>
        {
            if (++polls == 3) cts.Cancel();
            return FakeApi.Json(HttpStatusCode.OK, FakeApi.Project("p1", "rendering"));
        });
        Assert.CatchAsync<OperationCanceledException>(() => api.CreateClient().V1.ImageProjects.WaitAsync("p1", null, cts.Token));
        Assert.That(polls, Is.EqualTo(3));
    }

    [Test]
    public async Task TransientPollFailures_AreTolerated()
    {
        using var api = new FakeApi();
        api.On(HttpMethod.Get, "https://api.test/v1/image-projects/p1",
            () => FakeApi.Json(HttpStatusCode.InternalServerError, """{"message":"boom"}"""),
            () => FakeApi.Json(HttpStatusCode.BadGateway, "{}"),
            () => FakeApi.Json(HttpStatusCode.OK, FakeApi.Project("p1", "complete")));
        var project = await api.CreateClient().V1.ImageProjects.WaitAsync("p1");
        Assert.That(project.Status, Is.EqualTo(ProjectStatus.Complete));
    }

    [Test]
    public void PersistentPollFailures_GiveUpWithProjectId()
    {
        using var api = new FakeApi();
        api.On(HttpMethod.Get, "https://api.test/v1/image-projects/p1", () => FakeApi.Json(HttpStatusCode.InternalServerError, """{"message":"boom"}"""));
        var ex = Assert.ThrowsAsync<MagicHourException>(() => api.CreateClient().V1.AiHeadshotGenerator.ResumeAsync("p1"));
        Assert.That(ex!.StatusCode, Is.EqualTo(500));
        Assert.That(ex.ProjectId, Is.EqualTo("p1"));
        Assert.That(api.Requests, Has.Count.EqualTo(5), "bounded: five polls in a row, then give up");
    }

    [Test]
    public async Task PollInterval_GrowsToTheCap()
    {
        // 0.5 s growing by 1.5x to a 5 s cap: count the polls a 60 s render would cost.
        using var api = new FakeApi();
        var time = new ManualTime();
        var polls = 0;
        api.On(HttpMethod.Get, "https://api.test/v1/image-projects/p1", () =>
        {
            polls++;
            return FakeApi.Json(HttpStatusCode.OK, FakeApi.Project("p1", time.Elapsed >= TimeSpan.FromSeconds(60) ? "complete" : "rendering"));
        });
        var client = api.CreateClient(o => { o.PollInterval = TimeSpan.FromSeconds(0.5); o.MaxPollInterval = TimeSpan.FromSeconds(5); o.TimeProvider = time; });
        var project = await client.V1.ImageProjects.WaitAsync("p1");
        Assert.That(project.Status, Is.EqualTo(ProjectStatus.Complete));
        Assert.That(polls, Is.LessThanOrEqualTo(25));
        Assert.That(time.Elapsed, Is.LessThan(TimeSpan.FromSeconds(65)), "completion noticed within one maximum interval");
    }

    [Test]
    public async Task SlowAnswers_DoNotPushLaterPollsBack()
    {
        // Each answer takes 0.3 s. Polls must still start on the schedule (0, 0.5, 1.25, 2.375 s: gaps of 0.5 s
        // growing 1.5x), not 0.3 s later each time, or a busy server would delay noticing completion.
        using var api = new FakeApi();
        var time = new ManualTime();
        var starts = new List<double>();
        api.On(HttpMethod.Get, "https://api.test/v1/image-projects/p1", () =>
        {
            starts.Add(time.Elapsed.TotalSeconds);
            time.Advance(TimeSpan.FromSeconds(0.3));
            return FakeApi.Json(HttpStatusCode.OK, FakeApi.Project("p1", starts.Count == 4 ? "complete" : "rendering"));
        });
        var client = api.CreateClient(o => { o.PollInterval = TimeSpan.FromSeconds(0.5); o.MaxPollInterval = TimeSpan.FromSeconds(5); o.TimeProvider = time; });

        await client.V1.ImageProjects.WaitAsync("p1");

        Assert.That(starts, Is.EqualTo(new[] { 0, 0.5, 1.25, 2.375 }).Within(1e-9));
    }
}


public sealed class SyncProgress(Action<GenerateProgress> report) : IProgress<GenerateProgress>
{
    public void Report(GenerateProgress value) { lock (this) report(value); }
}
