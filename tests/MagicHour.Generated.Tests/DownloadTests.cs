using Microsoft.Extensions.Time.Testing;
using System.Net;

namespace MagicHour.Generated.Tests;

public class DownloadTests
{
    private static readonly byte[] Output = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray();

    private static void CompleteWith(FakeApi api, params string[] urls)
        => api.On(HttpMethod.Get, "https://api.test/v1/image-projects/p1", (HttpStatusCode.OK, FakeApi.Project("p1", "complete", FakeApi.Downloads(urls))));

    [Test]
    public async Task Outputs_AreStreamedToTheDirectory_WithoutAuthorization()
    {
        using var api = new FakeApi();
        using var dir = new TempDir();
        CompleteWith(api, "https://storage.test/o/first.png?X-Amz-Signature=abc", "https://storage.test/o/second.png");
        api.On(HttpMethod.Get, "https://storage.test/o/first.png", () => FakeApi.Bytes(Output));
        api.On(HttpMethod.Get, "https://storage.test/o/second.png", () => FakeApi.Bytes([1, 2, 3]));
        var target = Path.Combine(dir.Path, "new", "nested");

        var result = await api.CreateClient().V1.AiHeadshotGenerator.ResumeAsync("p1", new GenerateOptions { DownloadDirectory = target });

        Assert.That(result.DownloadedPaths, Is.EqualTo(new[] { Path.Combine(target, "first.png"), Path.Combine(target, "second.png") }));
        Assert.That(File.ReadAllBytes(result.DownloadedPaths[0]), Is.EqualTo(Output));
        Assert.That(File.ReadAllBytes(result.DownloadedPaths[1]), Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(api.To(HttpMethod.Get, "storage.test").All(r => r.Authorization is null), Is.True);
        Assert.That(api.To(HttpMethod.Get, "api.test").All(r => r.Authorization == "Bearer " + FakeApi.ApiKey), Is.True);
    }

    [Test]
    public async Task ExistingFile_IsNotOverwritten()
    {
        using var api = new FakeApi();
        using var dir = new TempDir();
        dir.File("out.png", [9, 9]);
        CompleteWith(api, "https://storage.test/o/out.png");
        api.On(HttpMethod.Get, "https://storage.test/o/out.png", () => FakeApi.Bytes([1, 2, 3]));

        var result = await api.CreateClient().V1.AiHeadshotGenerator.ResumeAsync("p1", new GenerateOptions { DownloadDirectory = dir.Path });

        Assert.That(result.DownloadedPaths.Single(), Is.EqualTo(Path.Combine(dir.Path, "out-1.png")));
        Assert.That(File.ReadAllBytes(Path.Combine(dir.Path, "out.png")), Is.EqualTo(new byte[] { 9, 9 }));
    }

    [Test]
    public void FailedDownload_LeavesNoPartialFile_AndCarriesProjectId()
    {
        using var api = new FakeApi();
        using var dir = new TempDir();
        CompleteWith(api, "https://storage.test/o/out.png");
        api.On(HttpMethod.Get, "https://storage.test/o/out.png", () => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new CutOffStream(Output[..100_000])) });

        var ex = Assert.ThrowsAsync<MagicHourException>(() => api.CreateClient().V1.AiHeadshotGenerator.ResumeAsync("p1", new GenerateOptions { DownloadDirectory = dir.Path }));

        Assert.That(ex!.ProjectId, Is.EqualTo("p1"));
        Assert.That(dir.Entries(), Is.Empty, "no partial or temp file");
        Assert.That(api.To(HttpMethod.Get, "storage.test").Count(), Is.EqualTo(4), "a failed download is retried, boundedly");
    }

    [Test]
    public void TruncatedDownload_IsDetectedByLength()
    {
        using var api = new FakeApi();
        using var dir = new TempDir();
        CompleteWith(api, "https://storage.test/o/out.png");
        api.On(HttpMethod.Get, "https://storage.test/o/out.png", () =>
        {
            var content = new ByteArrayContent(Output[..1000]);
            content.Headers.ContentLength = Output.Length;
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        });
        Assert.ThrowsAsync<MagicHourException>(() => api.CreateClient().V1.AiHeadshotGenerator.ResumeAsync("p1", new GenerateOptions { DownloadDirectory = dir.Path }));
        Assert.That(dir.Entries(), Is.Empty);
    }

    [TestCase("https://s.test/a/..%2f..%2fetc%2fpasswd", "passwd")]
    [TestCase("https://s.test/a/%2e%2e%2f%2e%2e%2fevil.png", "evil.png")]
    [TestCase("https://s.test/a/x%5C..%5Cwin.png", "win.png")]
    [TestCase("https://s.test/a/..", "output")]
    [TestCase("https://s.test/", "output")]
    [TestCase("https://s.test/a/CON.png", "_CON.png")]
    [TestCase("https://s.test/a/my%20photo.png?token=../../x", "my photo.png")]
    [TestCase("https://s.test/a/%2Fabs%2Fpath.png", "path.png")]
    public void DownloadNames_CannotEscapeTheDirectory(string url, string expected)
    {
        Assert.That(FileNameSanitizer.FromUrl(new Uri(url)), Is.EqualTo(expected));
    }

    [Test]
    public void VeryLongName_IsShortenedKeepingExtension()
    {
        var name = FileNameSanitizer.FromUrl(new Uri("https://s.test/" + new string('a', 400) + ".png"));
        Assert.That(name.Length, Is.LessThanOrEqualTo(150));
        Assert.That(name, Does.EndWith(".png"));
    }

    [Test]
    public async Task StalledDownload_IsAbandonedAndRetried()
    {
        // The first answer sends 100 KB, then nothing: without a stall limit the job would hang here forever.
        using var api = new FakeApi();
        using var dir = new TempDir();
        CompleteWith(api, "https://storage.test/o/out.png");
        api.On(HttpMethod.Get, "https://storage.test/o/out.png",
            () => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new CutOffStream(Output[..100_000], stall: true)) },
            () => FakeApi.Bytes(Output));
        // The stall limit and the retry wait run on a fake clock, moved on while the download waits.
        var clock = new FakeTimeProvider();
        var client = api.CreateClient(o => { o.TransferStallTimeout = TimeSpan.FromSeconds(60); o.TimeProvider = clock; });

        var resume = client.V1.AiHeadshotGenerator.ResumeAsync("p1", new GenerateOptions { DownloadDirectory = dir.Path });
        Assert.That(await FakeClock.DriveAsync(resume, clock, TimeSpan.FromSeconds(5)), Is.Null, "without the stall limit this would hang");
        var result = await resume;

        Assert.That(File.ReadAllBytes(result.DownloadedPaths.Single()), Is.EqualTo(Output));
        Assert.That(api.To(HttpMethod.Get, "storage.test").Count(), Is.EqualTo(2));
        Assert.That(dir.Entries(), Has.Length.EqualTo(1), "the stalled attempt's temp file is gone");
    }

    [Test]
    public async Task DownloadThatKeepsStalling_FailsWithProjectId_AndSaysWhy()
    {
        using var api = new FakeApi();
        using var dir = new TempDir();
        CompleteWith(api, "https://storage.test/o/out.png");
        api.On(HttpMethod.Get, "https://storage.test/o/out.png",
            () => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new CutOffStream(Output[..1000], stall: true)) });
        var clock = new FakeTimeProvider();
        var client = api.CreateClient(o => { o.TransferStallTimeout = TimeSpan.FromSeconds(60); o.MaxRetries = 1; o.TimeProvider = clock; });

        var ex = await FakeClock.DriveAsync(client.V1.AiHeadshotGenerator.ResumeAsync("p1", new GenerateOptions { DownloadDirectory = dir.Path }), clock, TimeSpan.FromSeconds(5)) as MagicHourException;

        Assert.That(ex, Is.Not.Null);
        Assert.That(ex!.ProjectId, Is.EqualTo("p1"));
        Assert.That(ex.Message, Does.Contain("moved no data").And.Contain("TransferStallTimeout"));
        Assert.That(ex.InnerException, Is.InstanceOf<IOException>());
        Assert.That(api.To(HttpMethod.Get, "storage.test").Count(), Is.EqualTo(2), "retried like a dropped connection, boundedly");
        Assert.That(dir.Entries(), Is.Empty, "no partial or temp file");
    }

    [Test]
    public void CallerCancellation_DuringAStalledDownload_IsACancellation_NotAStall()
    {
        using var api = new FakeApi();
        using var dir = new TempDir();
        using var cts = new CancellationTokenSource();
        CompleteWith(api, "https://storage.test/o/out.png");
        api.On(HttpMethod.Get, "https://storage.test/o/out.png", () =>
        {
            cts.CancelAfter(100); // the caller gives up while the download hangs
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new CutOffStream(Output[..1000], stall: true)) };
        });
        var client = api.CreateClient(o => o.TransferStallTimeout = TimeSpan.FromMinutes(5));

        var ex = Assert.ThrowsAsync<MagicHourCanceledException>(() => client.V1.AiHeadshotGenerator.ResumeAsync("p1", new GenerateOptions { DownloadDirectory = dir.Path }, cts.Token).WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.That(ex!.ProjectId, Is.EqualTo("p1"));
        Assert.That(api.To(HttpMethod.Get, "storage.test").Count(), Is.EqualTo(1), "a cancellation is not retried");
        Assert.That(dir.Entries(), Is.Empty, "no partial or temp file");
    }

    [TestCase(0)]
    [TestCase(-5)]
    public void TransferStallTimeout_MustBePositiveOrInfinite(int seconds)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MagicHourClient(new MagicHourClientOptions { ApiKey = "k", TransferStallTimeout = TimeSpan.FromSeconds(seconds) }));
        Assert.DoesNotThrow(() => new MagicHourClient(new MagicHourClientOptions { ApiKey = "k", TransferStallTimeout = Timeout.InfiniteTimeSpan }).Dispose());
    }

    /// <summary>
    /// Returns its bytes, then either fails like a reset connection or, with <paramref name="stall"/>, blocks until the
    /// read is cancelled (a storage host that stopped sending).
    /// </summary>
    private sealed class CutOffStream(byte[] prefix, bool stall = false) : Stream
    {
        private int _pos;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _pos; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_pos >= prefix.Length)
            {
                if (!stall) throw new IOException("connection reset by peer");
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            var n = Math.Min(buffer.Length, prefix.Length - _pos);
            prefix.AsMemory(_pos, n).CopyTo(buffer);
            _pos += n;
            return n;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
