using System.Net;
using MagicHour.Emulator;
using MagicHour.Generated;

namespace MagicHour.IntegrationTests;

/// <summary>
/// Bad input is refused clearly, naming the bad value (never the key), before any request, so before any
/// credit is spent; odd but valid input (upper-case extensions, spaces, non-ASCII, URLs with query and fragment,
/// api-assets paths) goes through untouched; cancellation at each stage stops cleanly and says whether a project exists.
/// (OptionsTests, UploadTests and WorkflowTests cover the simplest cases with a fake server.)
/// </summary>
public class BadInputTests
{
    /// <summary>Asserts the emulator saw no request at all: nothing uploaded, nothing created, nothing charged.</summary>
    private static void AssertNothingSent(Harness h)
    {
        var stats = h.Stats;
        Assert.That(stats.RequestsByRoute, Is.Empty, "no request reached the server");
        Assert.That(stats.CreditsCharged, Is.Zero);
    }

    // ------------------------------------------------------------------ the API key

    [TestCase("\t")]
    [TestCase("\r\n")]
    [TestCase(" \u00A0 ")]
    [NonParallelizable] // sets MAGIC_HOUR_API_KEY, which every client reads
    public void BlankKey_FailsAtConstruction_NamingWhereToSetIt(string key)
    {
        var previous = Environment.GetEnvironmentVariable("MAGIC_HOUR_API_KEY");
        Environment.SetEnvironmentVariable("MAGIC_HOUR_API_KEY", key);
        try
        {
            var fromOptions = Assert.Throws<ArgumentException>(() => new MagicHourClient(new MagicHourClientOptions { ApiKey = key }));
            var fromEnvironment = Assert.Throws<ArgumentException>(() => new MagicHourClient(new MagicHourClientOptions()));
            Assert.That(fromOptions!.Message, Does.Contain("MAGIC_HOUR_API_KEY").And.Contain("ApiKey"));
            Assert.That(fromEnvironment!.Message, Does.Contain("MAGIC_HOUR_API_KEY"));
            Assert.Throws<ArgumentNullException>(() => new MagicHourClient((string)null!));
        }
        finally
        {
            Environment.SetEnvironmentVariable("MAGIC_HOUR_API_KEY", previous);
        }
    }

    [Test]
    public async Task KeyWithSurroundingWhitespace_IsTrimmed_AndWorks()
    {
        await using var h = await Harness.StartAsync(client: o => o.ApiKey = "  " + Harness.Key + "\n");
        var result = await h.GenerateAsync();
        Assert.That(result.Project!.Status, Is.EqualTo(ProjectStatus.Complete), "a key pasted with a newline is not a 401");
    }

    [TestCase("mh_abc\r\nX-Injected: 1")]
    [TestCase("mh_abc\ndef")]
    [TestCase("mh_abc def")]
    [TestCase("mh_abc\u0000def")]
    [TestCase("mh_ключ")]
    public void KeyWithInnerWhitespaceOrControlCharacters_FailsAtConstruction_WithoutEchoingIt(string key)
    {
        var ex = Assert.Throws<ArgumentException>(() => new MagicHourClient(new MagicHourClientOptions { ApiKey = key, BaseUrl = new Uri("http://127.0.0.1:9") }));
        Assert.That(ex!.Message, Does.Contain("ApiKey"));
        Assert.That(ex.ToString(), Does.Not.Contain(key).And.Not.Contain("abc"), "the key is never echoed, not even a bad one");
    }

    // ------------------------------------------------------------------ the base URL

    [TestCase("http://api.example.com")]
    [TestCase("http://10.0.0.5:5080")]
    [TestCase("http://127.0.0.1.nip.io")]
    [TestCase("http://localhost.example.com")]
    [TestCase("http://[fe80::1]")]
    [TestCase("ftp://127.0.0.1")]
    [TestCase("file:///etc/passwd")]
    public void NonHttpsBaseUrlThatIsNotLoopback_IsRefused_NamingTheUrl(string url)
    {
        var ex = Assert.Throws<ArgumentException>(() => new MagicHourClient(new MagicHourClientOptions { ApiKey = Harness.Key, BaseUrl = new Uri(url) }));
        Assert.That(ex!.Message, Does.Contain(new Uri(url).ToString()));
        Assert.That(ex.Message, Does.Not.Contain(Harness.Key));
    }

    [Test]
    [NonParallelizable] // sets MAGIC_HOUR_BASE_URL, which every client reads
    public void NonHttpsBaseUrl_FromTheEnvironment_IsRefusedToo()
    {
        Environment.SetEnvironmentVariable("MAGIC_HOUR_BASE_URL", "http://api.example.com");
        try
        {
            var ex = Assert.Throws<ArgumentException>(() => new MagicHourClient(Harness.Key));
            Assert.That(ex!.Message, Does.Contain("http://api.example.com").And.Contain("plain http"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("MAGIC_HOUR_BASE_URL", null);
        }
    }

    // ------------------------------------------------------------------ local files

    [Test]
    public async Task MissingFile_Directory_ZeroBytes_UnsupportedExtension_FailBeforeAnyRequest()
    {
        await using var h = await Harness.StartAsync();
        var missing = h.Dir.Sub("missing.png");
        var directory = Directory.CreateDirectory(h.Dir.Sub("a-folder.png")).FullName;
        var empty = h.Dir.File("empty.png", []);
        var gif = h.Dir.File("face.gif", File.ReadAllBytes(h.Dir.Portrait()));
        var noExtension = h.Dir.File("face", File.ReadAllBytes(h.Dir.Portrait()));

        async Task<Exception> Fails(string path) => Assert.CatchAsync(() => h.Client.V1.AiHeadshotGenerator.GenerateAsync(h.Request(path), h.Options()))!;

        var cases = new (string Path, Type Type, string Says)[]
        {
            (missing, typeof(FileNotFoundException), "does not exist"),
            (directory, typeof(ArgumentException), "is a directory"),
            (empty, typeof(ArgumentException), "0 bytes"),
            (gif, typeof(ArgumentException), "'.gif'"),
            (noExtension, typeof(ArgumentException), "no extension"),
        };
        foreach (var (path, type, says) in cases)
        {
            var ex = await Fails(path);
            Assert.That(ex, Is.InstanceOf(type), path);
            Assert.That(ex.Message, Does.Contain(path).And.Contain(says).And.Contain("image_file_path"), "names the value and the field");
            Assert.That(ex.ToString(), Does.Not.Contain(Harness.Key));
        }
        AssertNothingSent(h);
        Harness.AssertNoTempFiles(h.Out);
    }

    [Test]
    public async Task UpperCaseExtension_IsAccepted_AndSentLowerCase()
    {
        await using var h = await Harness.StartAsync();
        var upper = h.Dir.File("PORTRAIT.PNG", File.ReadAllBytes(h.Dir.Portrait()));
        var result = await h.Client.V1.AiHeadshotGenerator.GenerateAsync(h.Request(upper), h.Options());

        Assert.That(Env.PngSize(result.DownloadedPaths.Single()), Is.EqualTo((1024, 1024)));
        Assert.That(h.Emu.GetProject(result.ProjectId)!.Inputs.Single(), Does.EndWith(".png"));
        Assert.That(result.UploadedFiles.Keys.Single(), Is.EqualTo(upper));
    }

    [TestCase("my portrait.png")]
    [TestCase("Porträt – Ünïcødé 写真 🙂.png")]
    [TestCase("  leading and trailing  .jpeg")]
    [TestCase("semi;colon,comma&amp'quote.png")]
    public async Task NamesWithSpacesAndNonAscii_Upload(string name)
    {
        await using var h = await Harness.StartAsync();
        var path = h.Dir.File(name, File.ReadAllBytes(h.Dir.Portrait()));
        var result = await h.Client.V1.AiHeadshotGenerator.GenerateAsync(h.Request(path), h.Options());

        Assert.That(Env.PngSize(result.DownloadedPaths.Single()), Is.EqualTo((1024, 1024)));
        Assert.That(h.Stats.UploadsCompleted, Is.EqualTo(1));
        Assert.That(h.Emu.GetProject(result.ProjectId)!.Inputs.Single(), Does.StartWith("api-assets/"));
    }

    // ------------------------------------------------------------------ values passed through untouched

    [TestCase("https://cdn.example.com/me.png?size=large&sig=a%2Fb%3D#face")]
    [TestCase("http://example.com/a%20b/Face.JPG?x=1&x=2")]
    [TestCase("https://example.com/no-extension")]
    public async Task UrlInput_IsPassedThroughUntouched(string url)
    {
        await using var h = await Harness.StartAsync();
        var result = await h.Client.V1.AiHeadshotGenerator.GenerateAsync(h.Request(url), h.Options());

        Assert.That(h.Emu.GetProject(result.ProjectId)!.Inputs.Single(), Is.EqualTo(url), "query, fragment, escapes and case exactly as given");
        Assert.That(h.Stats.UploadUrlsIssued, Is.Zero, "nothing uploaded");
        Assert.That(result.UploadedFiles, Is.Empty);
    }

    [Test]
    public async Task ApiAssetsPath_IsPassedThrough_WithoutUploadingAgain()
    {
        await using var h = await Harness.StartAsync();
        var stored = await h.Client.V1.Files.UploadFileAsync(h.Dir.Portrait());
        var result = await h.Client.V1.AiHeadshotGenerator.GenerateAsync(h.Request(stored), h.Options());

        Assert.That(stored, Does.StartWith("api-assets/"));
        Assert.That(h.Emu.GetProject(result.ProjectId)!.Inputs.Single(), Is.EqualTo(stored));
        Assert.That(h.Stats.UploadUrlsIssued, Is.EqualTo(1), "only the explicit upload");
        Assert.That(Env.PngSize(result.DownloadedPaths.Single()), Is.EqualTo((1024, 1024)));
    }

    // ------------------------------------------------------------------ streams

    [Test]
    public async Task BadStreams_FailBeforeAnyRequest_NamingTheProblem()
    {
        await using var h = await Harness.StartAsync();
        var files = h.Client.V1.Files;
        var png = File.ReadAllBytes(h.Dir.Portrait());

        Assert.That(Assert.ThrowsAsync<ArgumentException>(() => files.UploadFileAsync(new MemoryStream(png), null!))!.Message, Does.Contain("file name"));
        Assert.That(Assert.ThrowsAsync<ArgumentException>(() => files.UploadFileAsync(new MemoryStream(png), "   "))!.Message, Does.Contain("file name"));
        Assert.That(Assert.ThrowsAsync<ArgumentException>(() => files.UploadFileAsync(new MemoryStream(png), "portrait"))!.Message, Does.Contain("'portrait'").And.Contain("no extension"));
        Assert.That(Assert.ThrowsAsync<ArgumentException>(() => files.UploadFileAsync(new MemoryStream(png), "portrait.exe"))!.Message, Does.Contain("'.exe'"));
        Assert.That(Assert.ThrowsAsync<ArgumentException>(() => files.UploadFileAsync(new ForwardOnlyStream(png), "portrait.png"))!.Message, Does.Contain("'portrait.png'").And.Contain("seekable"));
        var spent = new MemoryStream(png);
        spent.Seek(0, SeekOrigin.End);
        Assert.That(Assert.ThrowsAsync<ArgumentException>(() => files.UploadFileAsync(spent, "portrait.png"))!.Message, Does.Contain("no bytes left"));
        Assert.ThrowsAsync<ArgumentNullException>(() => files.UploadFileAsync((Stream)null!, "portrait.png"));
        AssertNothingSent(h);
    }

    [Test]
    public async Task StreamWithAName_Uploads_FromItsPosition()
    {
        await using var h = await Harness.StartAsync();
        var png = File.ReadAllBytes(h.Dir.Portrait());
        var padded = new MemoryStream([0, 0, 0, .. png]) { Position = 3 };
        var stored = await h.Client.V1.Files.UploadFileAsync(padded, "from memory.PNG");
        var result = await h.Client.V1.AiHeadshotGenerator.GenerateAsync(h.Request(stored), h.Options());
        Assert.That(Env.PngSize(result.DownloadedPaths.Single()), Is.EqualTo((1024, 1024)), "the emulator decoded the uploaded PNG");
    }

    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    // ------------------------------------------------------------------ timeouts and other settings

    [Test]
    public async Task ZeroOrNegativeTimeouts_AreRefused_BeforeAnyRequest()
    {
        await using var h = await Harness.StartAsync();
        var request = h.Request("https://example.com/me.png");
        foreach (var bad in new[] { TimeSpan.Zero, TimeSpan.FromSeconds(-1), Timeout.InfiniteTimeSpan })
        {
            var ex = Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => h.Client.V1.AiHeadshotGenerator.GenerateAsync(request, new GenerateOptions { Timeout = bad }));
            Assert.That(ex!.Message, Does.Contain("Timeout"));
            Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => h.Client.V1.AiHeadshotGenerator.GenerateAsync(request, new GenerateOptions { PollInterval = bad }));
            Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => h.Client.V1.ImageProjects.WaitAsync("p1", new GenerateOptions { Timeout = bad }));
            Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => h.Client.V1.AiHeadshotGenerator.ResumeAsync("p1", new GenerateOptions { Timeout = bad }));

            MagicHourClientOptions Options() => new() { ApiKey = Harness.Key, BaseUrl = h.Emu.BaseUrl };
            foreach (var configure in new Action<MagicHourClientOptions>[]
            {
                o => o.NetworkTimeout = bad,
                o => o.PollInterval = bad,
                o => o.MaxPollInterval = bad,
                o => o.MaxRetryDuration = bad,
            })
            {
                var options = Options();
                configure(options);
                Assert.Throws<ArgumentOutOfRangeException>(() => new MagicHourClient(options));
            }
        }
        AssertNothingSent(h);
    }

    [Test]
    public async Task VeryLongTimeouts_AreRefusedAtConstruction_OrWork()
    {
        // A timer cannot wait longer than about 24.8 days: such a setting must fail at construction, not at the first request.
        await using var h = await Harness.StartAsync();
        foreach (var configure in new Action<MagicHourClientOptions>[]
        {
            o => o.NetworkTimeout = TimeSpan.FromDays(365),
            o => o.MaxRetryDuration = TimeSpan.FromDays(365),
            o => o.PollInterval = TimeSpan.FromDays(365),
        })
        {
            var options = new MagicHourClientOptions { ApiKey = Harness.Key, BaseUrl = h.Emu.BaseUrl };
            configure(options);
            MagicHourClient client;
            try
            {
                client = new MagicHourClient(options);
            }
            catch (ArgumentOutOfRangeException)
            {
                continue; // refused up front: fine
            }
            using (client)
            {
                var project = await client.V1.AiHeadshotGenerator.CreateAsync(h.Request("https://example.com/me.png"));
                Assert.That(project.Id, Is.Not.Empty);
            }
        }
        var generate = await h.Client.V1.AiHeadshotGenerator.GenerateAsync(h.Request("https://example.com/me.png"), new GenerateOptions { Timeout = TimeSpan.MaxValue, DownloadOutputs = false });
        Assert.That(generate.Project!.Status, Is.EqualTo(ProjectStatus.Complete), "an effectively unlimited wait is allowed");
    }

    [Test]
    public async Task OtherBadSettings_AreRefusedAtConstruction()
    {
        await using var h = await Harness.StartAsync();
        MagicHourClientOptions Options() => new() { ApiKey = Harness.Key, BaseUrl = h.Emu.BaseUrl };
        foreach (var configure in new Action<MagicHourClientOptions>[]
        {
            o => o.MaxRetries = -1,
            o => o.MaxRetries = 10,
            o => o.MaxResponseBodyBytes = 0,
            o => o.MaxConcurrentDownloads = 0,
        })
        {
            var options = Options();
            configure(options);
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new MagicHourClient(options));
            Assert.That(ex!.ParamName, Is.Not.Null.And.Not.Empty);
        }
        Assert.ThrowsAsync<ArgumentException>(() => h.Client.V1.AiHeadshotGenerator.GenerateAsync(h.Request("https://example.com/me.png"), new GenerateOptions { DownloadDirectory = "  " }));
        Assert.ThrowsAsync<ArgumentException>(() => h.Client.V1.AiHeadshotGenerator.ResumeAsync("  "));
        Assert.ThrowsAsync<ArgumentNullException>(() => h.Client.V1.AiHeadshotGenerator.GenerateAsync(null!));
        AssertNothingSent(h);
    }

    // ------------------------------------------------------------------ cancellation at each stage

    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(30);

    /// <summary>An emulator that holds the first request to <paramref name="route"/> (for 30 s of the fake clock, which never pass).</summary>
    private static async Task<(Harness H, CancellationTokenSource Cts)> StartCancelling(string route)
    {
        var cts = new CancellationTokenSource();
        var h = await Harness.StartAsync(new EmulatorFault { Route = route, Kind = EmulatorFaultKind.Delay, Delay = Stall });
        return (h, cts);
    }

    /// <summary>Cancels the caller's token once the server holds the request of that stage (its stall timer runs).</summary>
    private static async Task CancelOnceStalledAsync(Harness h, CancellationTokenSource cts)
    {
        await h.Clock.WhenWaitingAsync(Stall);
        await cts.CancelAsync();
    }

    [TestCase("POST /v1/files/upload-urls", TestName = "Cancel_WhileGettingUploadUrls_NothingCreated")]
    [TestCase("PUT /_storage/upload", TestName = "Cancel_WhileUploading_NothingCreated")]
    [TestCase(Harness.CreateRoute, TestName = "Cancel_WhileCreating_TheServerDroppedIt_NothingCreated")]
    public async Task Cancel_BeforeTheProjectExists(string route)
    {
        var (h, cts) = await StartCancelling(route);
        await using var _ = h;
        using var __ = cts;

        var call = h.GenerateAsync(cancellationToken: cts.Token);
        await CancelOnceStalledAsync(h, cts);
        var ex = Assert.CatchAsync<OperationCanceledException>(() => call.WaitAsync(Harness.HangGuard));

        Assert.That((ex as MagicHourCanceledException)?.ProjectId, Is.Null);
        Assert.That(await h.SettledRequestsAsync(route, 1), Is.EqualTo(1), "the request of that stage was in flight");
        Assert.That(h.Requests(route, "aborted"), Is.EqualTo(1));
        h.AssertChargedAtMostOnce(0);
        Harness.AssertNoTempFiles(h.Out);
    }

    [TestCase("GET /v1/image-projects", TestName = "Cancel_WhileWaiting_CarriesTheProjectId_AndResumes")]
    [TestCase("GET /_storage/download", TestName = "Cancel_WhileDownloading_CarriesTheProjectId_LeavesNoTempFile_AndResumes")]
    public async Task Cancel_AfterTheProjectExists(string route)
    {
        var (h, cts) = await StartCancelling(route);
        await using var _ = h;
        using var __ = cts;

        var call = h.GenerateAsync(cancellationToken: cts.Token);
        await CancelOnceStalledAsync(h, cts);
        var ex = Assert.ThrowsAsync<MagicHourCanceledException>(() => call.WaitAsync(Harness.HangGuard));

        Assert.That(ex!.ProjectId, Is.Not.Null);
        Assert.That(ex.Message, Does.Contain("ResumeAsync"));
        Assert.That(ex.CancellationToken, Is.EqualTo(cts.Token));
        h.AssertChargedAtMostOnce(1);
        Harness.AssertNoTempFiles(h.Out);
        h.Emu.ClearFaults();
        await h.AssertResumeFinishesWithoutCreating(ex.ProjectId!, h.Out);
    }
}
