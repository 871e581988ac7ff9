using System.Net;

namespace MagicHour.Emulator.Tests;

/// <summary><see cref="MagicHourEmulatorOptions.SyntheticOutputBytes"/>: outputs of an exact size, for download benchmarks.</summary>
[TestFixture]
public sealed class SyntheticOutputTests
{
    [Test]
    public async Task Every_output_is_a_zero_filled_file_of_the_configured_size()
    {
        const long size = 3 * 1024 * 1024 + 7;
        await using var emulator = await MagicHourEmulator.StartAsync(new MagicHourEmulatorOptions { RenderTime = TimeSpan.Zero, SyntheticOutputBytes = size });
        using var http = new EmulatorHttp(emulator);
        var (status, created) = await http.PostAsync("/v1/ai-image-generator", """{"image_count":2,"style":{"prompt":"a lake"}}""");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), created?.ToJsonString());

        var (_, project) = await http.GetAsync($"/v1/image-projects/{(string)created!["id"]!}");
        Assert.That((string)project!["status"]!, Is.EqualTo("complete"));
        var downloads = project["downloads"]!.AsArray();
        Assert.That(downloads, Has.Count.EqualTo(2));
        foreach (var download in downloads)
        {
            var url = (string)download!["url"]!;
            using (var head = await http.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, url)))
            {
                Assert.That(head.Content.Headers.ContentLength, Is.EqualTo(size));
                Assert.That(head.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/png"));
            }
            var bytes = await http.DownloadAsync(url);
            Assert.That(bytes.LongLength, Is.EqualTo(size));
            Assert.That(bytes.All(b => b == 0), Is.True);
        }
        Assert.That(emulator.GetStats().DownloadsServed, Is.EqualTo(2));
    }

    [Test]
    public void Command_line_sets_the_size_and_rejects_nonsense()
    {
        Assert.That(Program.ParseArgs(["--synthetic-output-bytes", "1073741824"]).SyntheticOutputBytes, Is.EqualTo(1L << 30));
        Assert.That(Program.ParseArgs([]).SyntheticOutputBytes, Is.Null);
        Assert.Throws<ArgumentException>(() => Program.ParseArgs(["--synthetic-output-bytes", "0"]));
        Assert.Throws<ArgumentException>(() => Program.ParseArgs(["--synthetic-output-bytes", "1GiB"]));
    }
}
