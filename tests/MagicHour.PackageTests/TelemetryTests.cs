using System.Collections.Concurrent;
using System.Diagnostics;
using MagicHour.Emulator;
using MagicHour.Generated;

namespace MagicHour.PackageTests;

/// <summary>
/// The ActivitySource "MagicHour.Generated", observed with an ActivityListener during real runs against the emulator.
/// The tests run one after the other against the fixture's emulator; each reads only its own project's spans.
/// </summary>
[NonParallelizable] // its ActivityListener is process-wide: other fixtures' spans would land in it
public class TelemetryTests : SharedEmulatorFixture
{
    private ConcurrentQueue<Activity> _stopped = null!;
    private ActivityListener _listener = null!;

    [SetUp]
    public void Listen()
    {
        _stopped = new ConcurrentQueue<Activity>();
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == MagicHourDiagnostics.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => _stopped.Enqueue(activity),
        };
        ActivitySource.AddActivityListener(_listener);
    }

    [TearDown]
    public void StopListening() => _listener.Dispose();

    private MagicHourClient Client() => new(new MagicHourClientOptions
    {
        ApiKey = Emulator.ApiKey,
        BaseUrl = Emulator.BaseUrl,
        PollInterval = TimeSpan.FromMilliseconds(50),
        MaxPollInterval = TimeSpan.FromMilliseconds(200),
        TimeProvider = Clock,
    });

    private List<Activity> TraceOf(Activity root) => _stopped.Where(a => a.TraceId == root.TraceId).ToList();

    [Test]
    public async Task Generate_IsOneActivity_WithAChildPerStep_TaggedWithProjectStatusAndBytes()
    {
        using var dir = new TempDir();
        using var client = Client();

        var result = await client.V1.AiHeadshotGenerator.GenerateAsync(Env.Headshot(Env.Portrait), new GenerateOptions { DownloadDirectory = dir.Path });

        var root = _stopped.Single(a => a.OperationName == MagicHourDiagnostics.ActivityNames.Generate);
        var children = TraceOf(root).Where(a => a.ParentSpanId == root.SpanId).ToList();
        var upload = children.Single(a => a.OperationName == MagicHourDiagnostics.ActivityNames.Upload);
        var create = children.Single(a => a.OperationName == MagicHourDiagnostics.ActivityNames.Create);
        var wait = children.Single(a => a.OperationName == MagicHourDiagnostics.ActivityNames.Wait);
        var download = children.Single(a => a.OperationName == MagicHourDiagnostics.ActivityNames.Download);
        var outputBytes = new FileInfo(result.DownloadedPaths.Single()).Length;

        Assert.Multiple(() =>
        {
            Assert.That(root.Parent, Is.Null);
            Assert.That(root.Status, Is.EqualTo(ActivityStatusCode.Ok));
            Assert.That(root.GetTagItem(MagicHourDiagnostics.Tags.Operation), Is.EqualTo("generate"));
            Assert.That(root.GetTagItem(MagicHourDiagnostics.Tags.Resource), Is.EqualTo("AiHeadshotGenerator"));
            Assert.That(root.GetTagItem(MagicHourDiagnostics.Tags.ProjectKind), Is.EqualTo("image"));
            Assert.That(root.GetTagItem(MagicHourDiagnostics.Tags.ProjectId), Is.EqualTo(result.ProjectId));
            Assert.That(root.GetTagItem(MagicHourDiagnostics.Tags.Status), Is.EqualTo("complete"));
            Assert.That(root.GetTagItem(MagicHourDiagnostics.Tags.Bytes), Is.EqualTo(outputBytes));

            Assert.That(upload.GetTagItem(MagicHourDiagnostics.Tags.Operation), Is.EqualTo("upload"));
            Assert.That(upload.GetTagItem(MagicHourDiagnostics.Tags.Bytes), Is.EqualTo(new FileInfo(Env.Portrait).Length));
            Assert.That(create.GetTagItem(MagicHourDiagnostics.Tags.ProjectId), Is.EqualTo(result.ProjectId));
            Assert.That(wait.GetTagItem(MagicHourDiagnostics.Tags.ProjectId), Is.EqualTo(result.ProjectId));
            Assert.That(wait.GetTagItem(MagicHourDiagnostics.Tags.Status), Is.EqualTo("complete"));
            var statusEvents = wait.Events.Where(e => e.Name == MagicHourDiagnostics.StatusChangedEvent).Select(e => e.Tags.Single(t => t.Key == MagicHourDiagnostics.Tags.Status).Value).ToList();
            Assert.That(statusEvents, Does.Contain("complete"), "an event per status change");
            Assert.That(statusEvents, Has.Count.GreaterThanOrEqualTo(2).And.Unique, "an event per status change");
            Assert.That(download.GetTagItem(MagicHourDiagnostics.Tags.Bytes), Is.EqualTo(outputBytes));
            Assert.That(children.Select(a => a.Status), Is.All.EqualTo(ActivityStatusCode.Ok));
            // Steps run in order: upload ends before create starts, create before wait, wait before download.
            Assert.That(upload.StartTimeUtc + upload.Duration, Is.LessThanOrEqualTo(create.StartTimeUtc));
            Assert.That(create.StartTimeUtc + create.Duration, Is.LessThanOrEqualTo(wait.StartTimeUtc));
            Assert.That(wait.StartTimeUtc + wait.Duration, Is.LessThanOrEqualTo(download.StartTimeUtc));
        });
    }

    [Test]
    public async Task NoTag_HoldsTheKeyOrASignedUrl()
    {
        using var dir = new TempDir();
        using var client = Client();
        await client.V1.AiHeadshotGenerator.GenerateAsync(Env.Headshot(Env.Portrait), new GenerateOptions { DownloadDirectory = dir.Path });

        var values = _stopped.SelectMany(a => a.TagObjects.Select(t => $"{t.Value}").Concat(a.Events.SelectMany(e => e.Tags.Select(t => $"{t.Value}")))).ToList();
        Assert.That(values, Is.Not.Empty);
        Assert.That(values, Has.None.Contains(Emulator.ApiKey));
        Assert.That(values, Has.None.Contains("sig="));
    }

    [Test]
    public async Task FailedProject_MarksTheWorkflowAndTheWaitAsErrors_WithTheProjectId()
    {
        using var dir = new TempDir();
        using var client = Client();
        Emulator.InjectFault(new EmulatorFault { Route = "POST /v1/ai-headshot-generator", Kind = EmulatorFaultKind.EndInError });

        var ex = Assert.ThrowsAsync<MagicHourProjectFailedException>(() => client.V1.AiHeadshotGenerator.GenerateAsync(Env.Headshot(Env.Portrait), new GenerateOptions { DownloadDirectory = dir.Path }));

        var root = _stopped.Single(a => a.OperationName == MagicHourDiagnostics.ActivityNames.Generate);
        var wait = TraceOf(root).Single(a => a.OperationName == MagicHourDiagnostics.ActivityNames.Wait);
        Assert.Multiple(() =>
        {
            Assert.That(root.Status, Is.EqualTo(ActivityStatusCode.Error));
            Assert.That(root.GetTagItem(MagicHourDiagnostics.Tags.ProjectId), Is.EqualTo(ex!.ProjectId));
            Assert.That(root.GetTagItem(MagicHourDiagnostics.Tags.Status), Is.EqualTo("error"));
            Assert.That(wait.Status, Is.EqualTo(ActivityStatusCode.Error));
            Assert.That(TraceOf(root).Where(a => a.OperationName == MagicHourDiagnostics.ActivityNames.Download), Is.Empty);
        });
    }

    [Test]
    public async Task Resume_IsItsOwnWorkflow_WithoutUploadOrCreate()
    {
        using var dir = new TempDir();
        using var client = Client();
        var started = await client.V1.AiHeadshotGenerator.GenerateAsync(Env.Headshot(Env.Portrait), new GenerateOptions { WaitForCompletion = false });

        await client.V1.AiHeadshotGenerator.ResumeAsync(started.ProjectId, new GenerateOptions { DownloadDirectory = dir.Path });

        var resume = _stopped.Single(a => a.OperationName == MagicHourDiagnostics.ActivityNames.Resume);
        Assert.That(resume.GetTagItem(MagicHourDiagnostics.Tags.ProjectId), Is.EqualTo(started.ProjectId));
        Assert.That(TraceOf(resume).Where(a => a.ParentSpanId == resume.SpanId).Select(a => a.OperationName),
            Is.EquivalentTo(new[] { MagicHourDiagnostics.ActivityNames.Wait, MagicHourDiagnostics.ActivityNames.Download }));
    }

    [Test]
    public async Task TheCallersCurrentActivity_IsTheParent_AndIsCurrentAgainAfterwards()
    {
        using var dir = new TempDir();
        using var client = Client();
        using var callerSource = new ActivitySource("PackageTests.Caller");
        using var callerListener = new ActivityListener { ShouldListenTo = s => s.Name == "PackageTests.Caller", Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded };
        ActivitySource.AddActivityListener(callerListener);
        using var caller = callerSource.StartActivity("caller")!;

        await client.V1.AiHeadshotGenerator.GenerateAsync(Env.Headshot(Env.Portrait), new GenerateOptions { DownloadDirectory = dir.Path });

        Assert.That(Activity.Current, Is.SameAs(caller), "the SDK's activity does not stay current in the caller's context");
        var root = _stopped.Single(a => a.OperationName == MagicHourDiagnostics.ActivityNames.Generate);
        Assert.That(root.ParentSpanId, Is.EqualTo(caller.SpanId));
    }
}
