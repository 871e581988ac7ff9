using System.Net;

namespace MagicHour.Emulator.Tests;

/// <summary>
/// RequestsByRoute counts a request before the client can see its answer: once a client has the response
/// headers (or the reset of a dropped connection), the counter already includes that request. Tests read the
/// counter right after a call returns, so a count made after the body was streamed would race them.
/// </summary>
[TestFixture]
public sealed class RequestCountTimingTests
{
    private const string Download = "GET /_storage/download";

    /// <summary>Far more than socket buffers hold: the server cannot finish sending until the client reads.</summary>
    private const long LargeOutput = 64L * 1024 * 1024;

    private static async Task<(MagicHourEmulator Emulator, EmulatorHttp Http, string Url)> StartWithLargeOutputAsync()
    {
        var emulator = await MagicHourEmulator.StartAsync(new MagicHourEmulatorOptions
        {
            RenderTime = TimeSpan.Zero,
            SyntheticOutputBytes = LargeOutput,
        });
        var http = new EmulatorHttp(emulator);
        var filePath = await http.UploadAsync(SampleImages.PortraitPng(64));
        var id = await http.CreateHeadshotAsync(filePath);
        var (_, project) = await http.GetAsync($"/v1/image-projects/{id}");
        return (emulator, http, (string)project!["downloads"]![0]!["url"]!);
    }

    [Test]
    public async Task A_download_is_counted_by_the_time_its_headers_arrive_before_the_body_is_read()
    {
        var (emulator, http, url) = await StartWithLargeOutputAsync();
        await using var _ = emulator;
        using var __ = http;

        using var response = await http.Http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentLength, Is.EqualTo(LargeOutput));

        // No waiting: the body (64 MiB) is still unread, so the server is blocked mid-stream right now.
        var stats = emulator.GetStats();
        Assert.That(stats.RequestsByRoute.GetValueOrDefault(Download + " 200"), Is.EqualTo(1),
            "counted when the response started, not after the body was sent: " + string.Join(", ", stats.RequestsByRoute));

        await using (var body = await response.Content.ReadAsStreamAsync())
        {
            Assert.That(await DrainAsync(body), Is.EqualTo(LargeOutput));
        }
        stats = emulator.GetStats();
        Assert.That(stats.RequestsByRoute.GetValueOrDefault(Download + " 200"), Is.EqualTo(1), "counted once, not again at the end");
        Assert.That(stats.RequestsByRoute.Keys.Where(k => k.StartsWith(Download, StringComparison.Ordinal)).ToList(), Has.Count.EqualTo(1));
        Assert.That(stats.DownloadsServed, Is.EqualTo(1));
    }

    [Test]
    public async Task A_download_the_client_abandons_mid_body_ends_up_counted_as_aborted_not_200()
    {
        var (emulator, http, url) = await StartWithLargeOutputAsync();
        await using var _ = emulator;
        using var __ = http;

        var response = await http.Http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        Assert.That(emulator.GetStats().RequestsByRoute.GetValueOrDefault(Download + " 200"), Is.EqualTo(1));
        response.Dispose(); // Closes the connection with most of the body unsent.

        // Only the server can notice the client left, after the fact: wait for the emulator to count it. The
        // ceiling only stops a broken build from hanging; the outcome is decided by the counts below.
        await emulator.WhenRequestCountedAsync(Download + " aborted").WaitAsync(TimeSpan.FromMinutes(2));
        var byRoute = emulator.GetStats().RequestsByRoute;
        Assert.That(byRoute.GetValueOrDefault(Download + " aborted"), Is.EqualTo(1), string.Join(", ", byRoute));
        Assert.That(byRoute.ContainsKey(Download + " 200"), Is.False, "moved from 200 to aborted, not counted twice: " + string.Join(", ", byRoute));
    }

    [Test]
    public async Task A_dropped_download_is_counted_as_aborted_by_the_time_the_client_sees_the_reset()
    {
        var (emulator, http, url) = await StartWithLargeOutputAsync();
        await using var _ = emulator;
        using var __ = http;

        emulator.InjectFault(new EmulatorFault { Route = Download, Kind = EmulatorFaultKind.DropConnection });
        Assert.That(async () => await http.Http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead),
            Throws.InstanceOf<HttpRequestException>().Or.InstanceOf<IOException>());
        Assert.That(emulator.GetStats().RequestsByRoute.GetValueOrDefault(Download + " aborted"), Is.EqualTo(1));

        using var response = await http.Http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var byRoute = emulator.GetStats().RequestsByRoute;
        Assert.That(byRoute.GetValueOrDefault(Download + " 200"), Is.EqualTo(1), string.Join(", ", byRoute));
        Assert.That(byRoute.GetValueOrDefault(Download + " aborted"), Is.EqualTo(1), string.Join(", ", byRoute));
    }

    [Test]
    public async Task A_truncated_download_is_counted_as_aborted_from_the_start()
    {
        var (emulator, http, url) = await StartWithLargeOutputAsync();
        await using var _ = emulator;
        using var __ = http;

        emulator.InjectFault(new EmulatorFault { Route = Download, Kind = EmulatorFaultKind.TruncatedDownload });
        using (var response = await http.Http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the headers promise the full length");
            var byRoute = emulator.GetStats().RequestsByRoute;
            Assert.That(byRoute.GetValueOrDefault(Download + " aborted"), Is.EqualTo(1), string.Join(", ", byRoute));
            Assert.That(byRoute.ContainsKey(Download + " 200"), Is.False, string.Join(", ", byRoute));
            await using var body = await response.Content.ReadAsStreamAsync();
            Assert.That(async () => await DrainAsync(body), Throws.InstanceOf<HttpRequestException>().Or.InstanceOf<IOException>());
        }
        var after = emulator.GetStats();
        Assert.That(after.RequestsByRoute.GetValueOrDefault(Download + " aborted"), Is.EqualTo(1));
        Assert.That(after.DownloadsServed, Is.Zero);
    }

    [Test]
    public async Task Status_faults_and_no_body_answers_are_counted_by_the_time_the_client_has_them()
    {
        var (emulator, http, url) = await StartWithLargeOutputAsync();
        await using var _ = emulator;
        using var __ = http;

        for (var i = 0; i < 20; i++)
        {
            emulator.InjectFault(new EmulatorFault { Route = Download, Kind = EmulatorFaultKind.Status, StatusCode = 502 });
            using var failed = await http.Http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
            Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
            Assert.That(emulator.GetStats().RequestsByRoute.GetValueOrDefault(Download + " 502"), Is.EqualTo(i + 1));

            // A HEAD answer has headers only: it is counted before they are sent, too.
            using var head = await http.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
            Assert.That(head.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(emulator.GetStats().RequestsByRoute.GetValueOrDefault("HEAD /_storage/download 200"), Is.EqualTo(i + 1));
        }
    }

    private static async Task<long> DrainAsync(Stream body)
    {
        var buffer = new byte[256 * 1024];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            total += read;
        }
        return total;
    }
}
