using MagicHour.Emulator;
using MagicHour.Generated;
using MagicHour.Generated.Models;
using NUnit.Framework;

namespace IntegrationTesting;

/// <summary>
/// Integration tests of <see cref="HeadshotService"/>: the real service, the real SDK, over HTTP to the Magic Hour
/// emulator running in this process. No API key, no credits, no network; faults on demand.
/// </summary>
public class HeadshotServiceTests
{
    private const string CreateRoute = "POST /v1/ai-headshot-generator";
    private const int HeadshotCost = 50;

    private MagicHourEmulator _emulator = null!;
    private MagicHourClient _client = null!;
    private HeadshotService _service = null!;
    private string _directory = null!;
    private string _alice = null!;
    private string _bob = null!;
    private string _wall = null!;

    [SetUp]
    public async Task StartEmulator()
    {
        _emulator = await MagicHourEmulator.StartAsync(new MagicHourEmulatorOptions
        {
            RenderTime = TimeSpan.FromMilliseconds(200),
            StartingCredits = 1_000,
        });
        // MaxRetries stated here because two tests outlast it on purpose.
        _client = _emulator.CreateClient(options => options.MaxRetries = 2);

        _directory = Directory.CreateTempSubdirectory("headshot-service-").FullName;
        _alice = Photo("alice.png", SampleImages.PortraitPng());
        _bob = Photo("bob.png", SampleImages.PortraitPng(384));
        _wall = Photo("wall.png", SampleImages.SingleColourPng()); // one colour: no face
        _service = new HeadshotService(_client, Path.Combine(_directory, "store"));
    }

    [TearDown]
    public async Task StopEmulator()
    {
        _client.Dispose();
        await _emulator.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public async Task EachPhoto_GetsAStoredHeadshot_AndItsProjectIdIsRecorded()
    {
        var records = await _service.ProcessAsync([_alice, _bob]);

        Assert.That(records.Select(r => r.State), Is.All.EqualTo(HeadshotState.Stored));
        foreach (var record in records)
        {
            AssertPng(record.StoredFile!);
            Assert.That(_emulator.GetProject(record.ProjectId!)!.Inputs, Has.Count.EqualTo(1), "the project the service recorded is the one it created");
            Assert.That(File.ReadAllText(_service.LedgerPath), Does.Contain(record.ProjectId));
        }
        var stats = _emulator.GetStats();
        Assert.That((stats.ProjectsCreated, stats.CreditsCharged, stats.CreditsBalance), Is.EqualTo((2L, 2L * HeadshotCost, 1_000L - 2 * HeadshotCost)));
    }

    [Test]
    public async Task OutOfCredits_CreatesNothing_AndSaysSo()
    {
        _emulator.AddCredits(-(_emulator.CreditsBalance - 10)); // 10 left; a headshot costs 50

        var record = (await _service.ProcessAsync([_alice])).Single();

        Assert.That(record.State, Is.EqualTo(HeadshotState.NotCreated));
        Assert.That(record.Problem, Does.StartWith("Out of credits"));
        var stats = _emulator.GetStats();
        Assert.That(stats.RequestsByRoute.GetValueOrDefault(CreateRoute + " 402"), Is.EqualTo(1));
        Assert.That((stats.ProjectsCreated, stats.CreditsCharged), Is.EqualTo((0L, 0L)));
    }

    [Test]
    public async Task AFacelessPhoto_IsRecordedAsFailed_Refunded_AndNotRetried()
    {
        var record = (await _service.ProcessAsync([_wall])).Single();

        Assert.That(record.State, Is.EqualTo(HeadshotState.Failed));
        Assert.That(record.Problem, Does.Contain("no_source_face"));
        var project = _emulator.GetProject(record.ProjectId!)!;
        Assert.That((project.Status, project.CreditsRefunded), Is.EqualTo(("error", (long)HeadshotCost)));
        Assert.That(_emulator.CreditsBalance, Is.EqualTo(1_000), "the failed project was refunded");

        await _service.ProcessAsync([_wall]);
        Assert.That(_emulator.GetStats().ProjectsCreated, Is.EqualTo(1), "a failed photo is not sent again");
    }

    [Test]
    public async Task A429Storm_IsRiddenOut_WithOneCharge()
    {
        // Retry-After: 0 keeps the test fast; the SDK waits whatever the server asks (up to MaxRetryDuration).
        _emulator.InjectFault(new EmulatorFault { Route = CreateRoute, Kind = EmulatorFaultKind.Status, StatusCode = 429, RetryAfter = TimeSpan.Zero, Count = 2 });

        var record = (await _service.ProcessAsync([_alice])).Single();

        Assert.That(record.State, Is.EqualTo(HeadshotState.Stored));
        var stats = _emulator.GetStats();
        Assert.That(stats.RequestsByRoute.GetValueOrDefault(CreateRoute + " 429"), Is.EqualTo(2));
        Assert.That((stats.ProjectsCreated, stats.CreditsCharged), Is.EqualTo((1L, (long)HeadshotCost)));
    }

    [Test]
    public async Task A429StormLongerThanTheRetries_ChargesNothing_AndTheNextRunCreatesTheProject()
    {
        _emulator.InjectFault(new EmulatorFault { Route = CreateRoute, Kind = EmulatorFaultKind.Status, StatusCode = 429, RetryAfter = TimeSpan.Zero, Count = 3 });

        var first = (await _service.ProcessAsync([_alice])).Single();
        var second = (await _service.ProcessAsync([_alice])).Single();

        Assert.That((first.State, first.ProjectId), Is.EqualTo((HeadshotState.NotCreated, (string?)null)));
        Assert.That(second.State, Is.EqualTo(HeadshotState.Stored));
        Assert.That(_emulator.GetStats().RequestsByRoute.GetValueOrDefault(CreateRoute + " 429"), Is.EqualTo(3));
        Assert.That(_emulator.GetStats().CreditsCharged, Is.EqualTo(HeadshotCost));
    }

    [Test]
    public async Task ADroppedDownload_IsResumedOnTheNextRun_WithoutASecondCharge()
    {
        // Every attempt of the first run (1 + MaxRetries) loses the connection half-way through the file.
        _emulator.InjectFault(new EmulatorFault { Route = "GET /_storage/download", Kind = EmulatorFaultKind.TruncatedDownload, Count = 3 });

        var first = (await _service.ProcessAsync([_alice])).Single();
        Assert.That(first.State, Is.EqualTo(HeadshotState.Pending));
        Assert.That(first.ProjectId, Is.Not.Null);
        Assert.That(Directory.GetFiles(Path.GetDirectoryName(_service.LedgerPath)!, "*.png"), Is.Empty, "no half file is left behind");

        var second = (await _service.ProcessAsync([_alice])).Single();

        Assert.That((second.State, second.ProjectId), Is.EqualTo((HeadshotState.Stored, first.ProjectId)));
        AssertPng(second.StoredFile!);
        var stats = _emulator.GetStats();
        Assert.That((stats.ProjectsCreated, stats.CreditsCharged, stats.DownloadsServed), Is.EqualTo((1L, (long)HeadshotCost, 1L)));
    }

    private string Photo(string name, byte[] png)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, png);
        return path;
    }

    private static void AssertPng(string path) =>
        Assert.That(File.ReadAllBytes(path).Take(4), Is.EqualTo(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }), path + " is a PNG");
}
