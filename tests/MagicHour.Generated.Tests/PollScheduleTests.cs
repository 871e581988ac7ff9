using System.Net;
using System.Text.Json;

namespace MagicHour.Generated.Tests;

/// <summary>Per-tool poll schedules: the times they produce, overrides, the 0.5 s floor, the timeout, and the polls on the wire.</summary>
public class PollScheduleTests
{
    private static readonly TimeSpan Headshot = TimeSpan.FromSeconds(14); // openapi/processing-times.json

    /// <summary>The first <paramref name="count"/> poll times (seconds since the wait started).</summary>
    private static double[] Times(PollSchedule schedule, int count)
    {
        var times = new double[count];
        var at = schedule.FirstDelay;
        for (var i = 0; i < count; i++)
        {
            times[i] = at.TotalSeconds;
            at += schedule.Gap;
            schedule.Advance();
        }
        return times;
    }

    [Test]
    public void NewProject_SparseEarly_DenseAroundTheMedian()
    {
        // 14 s: one early poll at 3 s, then every 0.56 s (4 %) from 9.87 s (0.705 x 14).
        var times = Times(PollSchedule.AroundExpected(Headshot, projectIsNew: true), 5);
        Assert.That(times, Is.EqualTo(new[] { 3, 9.87, 10.43, 10.99, 11.55 }).Within(1e-9));
    }

    [Test]
    public void ShortTool_StartsAtTheDenseZone_WithHalfSecondGaps()
    {
        // 4 s (face swap photo): no early poll; 2.82 s, then 0.5 s apart (4 % would be 0.16 s: the floor applies).
        var times = Times(PollSchedule.AroundExpected(TimeSpan.FromSeconds(4), projectIsNew: true), 4);
        Assert.That(times, Is.EqualTo(new[] { 2.82, 3.32, 3.82, 4.32 }).Within(1e-9));
    }

    [Test]
    public void ResumedProject_IsPolledAtOnce_ThenOnTheToolsSchedule()
    {
        var times = Times(PollSchedule.AroundExpected(Headshot, projectIsNew: false), 3);
        Assert.That(times, Is.EqualTo(new[] { 0, 3, 9.87 }).Within(1e-9));
    }

    [Test]
    public void PastTheDenseZone_GapsGrowToTheCap()
    {
        // 772 s (video-to-video): dense gap 30.88 s up to 1150 s (1.49 x), then x1.3 per poll up to 193 s (25 %).
        var schedule = PollSchedule.AroundExpected(TimeSpan.FromSeconds(772), projectIsNew: true);
        var at = schedule.FirstDelay;
        var gaps = new List<double>();
        while (at.TotalSeconds < 4 * 772)
        {
            if (at.TotalSeconds >= 1150.3) gaps.Add(schedule.Gap.TotalSeconds);
            at += schedule.Gap;
            schedule.Advance();
        }
        Assert.That(gaps[0], Is.EqualTo(30.88 * 1.3).Within(1e-6));
        Assert.That(gaps, Is.Ordered);
        Assert.That(gaps[^1], Is.EqualTo(193).Within(1e-9));
    }

    [TestCase(0.1)]
    [TestCase(1)]
    [TestCase(4)]
    [TestCase(14)]
    [TestCase(74)]
    [TestCase(772)]
    [TestCase(7200)]
    public void NoGapIsBelowHalfASecond(double expectedSeconds)
    {
        foreach (var isNew in new[] { true, false })
        {
            var schedule = PollSchedule.AroundExpected(TimeSpan.FromSeconds(expectedSeconds), isNew);
            for (var i = 0; i < 2000; i++)
            {
                Assert.That(schedule.Gap, Is.GreaterThanOrEqualTo(PollSchedule.MinimumInterval), $"poll {i}");
                schedule.Advance();
            }
        }
    }

    [Test]
    public void Growing_IsTodaysSchedule()
    {
        var times = Times(PollSchedule.Growing(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(5)), 8);
        Assert.That(times, Is.EqualTo(new[] { 0, 0.5, 1.25, 2.375, 4.0625, 6.59375, 10.390625, 15.390625 }).Within(1e-9));
    }

    // ---- on the wire: status GETs against a stub, on a clock that jumps to each wait's end

    private static (FakeApi Api, ManualTime Clock, List<double> Gets) Headshots(double doneAtSeconds, TimeSpan? longestWait = null)
    {
        var api = new FakeApi();
        var clock = new ManualTime(longestWait ?? TimeSpan.FromMinutes(10));
        var gets = new List<double>();
        api.On(HttpMethod.Post, "https://api.test/v1/ai-headshot-generator", (HttpStatusCode.OK, """{"id":"p1","credits_charged":50}"""));
        api.On(HttpMethod.Get, "https://api.test/v1/image-projects/p1", () =>
        {
            gets.Add(clock.Elapsed.TotalSeconds);
            return FakeApi.Json(HttpStatusCode.OK, FakeApi.Project("p1", clock.Elapsed.TotalSeconds >= doneAtSeconds ? "complete" : "rendering"));
        });
        return (api, clock, gets);
    }

    private static MagicHourClient Client(FakeApi api, ManualTime clock, Action<MagicHourClientOptions>? configure = null)
        => api.CreateClient(o =>
        {
            o.PollInterval = null; // FakeApi sets 1 ms: the growing schedule. Unset, the tool's applies.
            o.TimeProvider = clock;
            o.NetworkTimeout = TimeSpan.FromDays(1);
            o.MaxPollInterval = TimeSpan.FromSeconds(5); // FakeApi sets 2 ms
            configure?.Invoke(o);
        });

    private static readonly AiHeadshotGeneratorCreateRequest Request = new() { Assets = new() { ImageFilePath = "api-assets/u1/in.png" } };
    private static readonly GenerateOptions NoDownload = new() { DownloadOutputs = false };

    [Test]
    public async Task Generate_PollsOnTheToolsSchedule()
    {
        var (api, clock, gets) = Headshots(doneAtSeconds: 15);
        using var _ = api;
        var result = await Client(api, clock).V1.AiHeadshotGenerator.GenerateAsync(Request, NoDownload);

        var expected = Times(PollSchedule.AroundExpected(Headshot, projectIsNew: true), 20).TakeWhile(t => t < 15 + 0.56).ToArray();
        Assert.That(result.Project!.Status, Is.EqualTo(ProjectStatus.Complete));
        Assert.That(gets, Is.EqualTo(expected).Within(1e-6));
        Assert.That(gets, Has.Count.EqualTo(12), "3 s, then 9.87 s to 15.47 s every 0.56 s; the fixed 0.5 s schedule would send 31");
        Assert.That(gets[^1] - 15, Is.LessThanOrEqualTo(0.56), "noticed within one dense gap of the end");
    }

    [Test]
    public async Task PerCallExpectedTime_OverridesClientAndData()
    {
        var (api, clock, gets) = Headshots(doneAtSeconds: 0);
        using var _ = api;
        var client = Client(api, clock, o => o.ExpectedProcessingTimes["AiHeadshotGenerator_Create"] = TimeSpan.FromSeconds(60));
        await client.V1.AiHeadshotGenerator.GenerateAsync(Request, new GenerateOptions { DownloadOutputs = false, ExpectedProcessingTime = TimeSpan.FromSeconds(4) });
        Assert.That(gets, Is.EqualTo(new[] { 2.82 }).Within(1e-6));
    }

    [Test]
    public async Task PerClientExpectedTime_OverridesTheData()
    {
        var (api, clock, gets) = Headshots(doneAtSeconds: 0);
        using var _ = api;
        var client = Client(api, clock, o => o.ExpectedProcessingTimes["aiheadshotgenerator_create"] = TimeSpan.FromSeconds(4));
        await client.V1.AiHeadshotGenerator.GenerateAsync(Request, NoDownload);
        Assert.That(gets, Is.EqualTo(new[] { 2.82 }).Within(1e-6), "operation ids match case-insensitively");
    }

    [Test]
    public async Task ExplicitPollInterval_KeepsTheGrowingSchedule()
    {
        var (api, clock, gets) = Headshots(doneAtSeconds: 1);
        using var _ = api;
        await Client(api, clock, o => o.PollInterval = TimeSpan.FromSeconds(0.5)).V1.AiHeadshotGenerator.GenerateAsync(Request, NoDownload);
        Assert.That(gets, Is.EqualTo(new[] { 0, 0.5, 1.25 }).Within(1e-6));
    }

    [Test]
    public async Task Resume_PollsAtOnce()
    {
        var (api, clock, gets) = Headshots(doneAtSeconds: 0);
        using var _ = api;
        await Client(api, clock).V1.AiHeadshotGenerator.ResumeAsync("p1", NoDownload);
        Assert.That(gets, Is.EqualTo(new[] { 0.0 }));
    }

    [Test]
    public async Task WaitById_WithoutATool_UsesTheGrowingSchedule()
    {
        var (api, clock, gets) = Headshots(doneAtSeconds: 1);
        using var _ = api;
        await Client(api, clock).V1.ImageProjects.WaitAsync("p1");
        Assert.That(gets, Is.EqualTo(new[] { 0, 0.5, 1.25 }).Within(1e-6));
    }

    [Test]
    public void Timeout_IsHonoured()
    {
        // Timers up to 11 s pass at once, so the 12 s deadline can only be reached by the waiter's own bound.
        var (api, clock, gets) = Headshots(doneAtSeconds: 1e9, longestWait: TimeSpan.FromSeconds(11));
        using var _ = api;
        var ex = Assert.ThrowsAsync<MagicHourException>(() => Client(api, clock).V1.AiHeadshotGenerator.GenerateAsync(
            Request, new GenerateOptions { DownloadOutputs = false, Timeout = TimeSpan.FromSeconds(12) }));
        Assert.That(ex!.Kind, Is.EqualTo(MagicHourErrorKind.Timeout));
        Assert.That(ex.ProjectId, Is.EqualTo("p1"));
        Assert.That(gets, Is.EqualTo(new[] { 3, 9.87, 10.43, 10.99, 11.55, 12 }).Within(1e-6), "the last poll at the deadline, none after");
    }

    [Test]
    public void BadExpectedTimes_AreRefusedBeforeAnyRequest()
    {
        using var api = new FakeApi();
        Assert.Throws<ArgumentOutOfRangeException>(() => api.CreateClient(o => o.ExpectedProcessingTimes["AiHeadshotGenerator_Create"] = TimeSpan.Zero));
        var client = api.CreateClient();
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.V1.AiHeadshotGenerator.GenerateAsync(Request, new GenerateOptions { ExpectedProcessingTime = TimeSpan.FromSeconds(-1) }));
        Assert.That(api.Requests, Is.Empty);
    }

    // ---- the data file

    [Test]
    public void EveryProjectCreatingOperation_HasExactlyOneExpectedTime_WithItsSpecPath()
    {
        using var file = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "openapi", "processing-times.json")));
        var entries = file.RootElement.GetProperty("operations").EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        var creates = OurSpec.Operations()
            .Where(o => o.Method == "post" && o.Operation["x-magichour-project-kind"] is not null)
            .ToDictionary(o => (string)o.Operation["operationId"]!, o => o.Path);

        Assert.That(entries.Keys, Is.EquivalentTo(creates.Keys));
        foreach (var (id, path) in creates)
        {
            Assert.That(entries[id].GetProperty("path").GetString(), Is.EqualTo(path), id);
            Assert.That(entries[id].GetProperty("median_seconds").GetDouble(), Is.GreaterThan(0), id);
            var estimate = entries[id].TryGetProperty("estimate", out var e) && e.GetBoolean();
            Assert.That(entries[id].TryGetProperty("reason", out _), Is.EqualTo(estimate), $"{id}: an estimate says why, a vendor figure needs no reason");
        }
        Assert.That(ProcessingTimes.All.Keys, Is.EquivalentTo(creates.Keys), "the embedded copy is the file");
        Assert.That(ProcessingTimes.Median("FaceSwapPhoto_Create"), Is.EqualTo(TimeSpan.FromSeconds(4)));
    }
}
