using System.Net;

namespace MagicHour.Emulator.Tests;

[TestFixture]
public sealed class LargeUploadTests
{
    /// <summary>A body stream that produces bytes on the fly, so the test itself holds no big buffer.</summary>
    private sealed class PatternStream(long length) : Stream
    {
        private long _position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            for (var i = 0; i < n; i++)
            {
                buffer[offset + i] = (byte)((_position + i) % 251);
            }
            _position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Test]
    public async Task Uploads_beyond_kestrels_default_body_limit_are_streamed_to_disk()
    {
        const long size = 64L * 1024 * 1024; // Kestrel's default limit is 30 MB.
        await using var emulator = await MagicHourEmulator.StartAsync();
        using var http = new EmulatorHttp(emulator);
        var (_, body) = await http.PostAsync("/v1/files/upload-urls", """{"items":[{"type":"video","extension":"mp4"}]}""");
        var url = (string)body!["items"]![0]!["upload_url"]!;
        var filePath = (string)body["items"]![0]!["file_path"]!;

        using var content = new StreamContent(new PatternStream(size));
        content.Headers.ContentLength = size;
        using var response = await http.Http.PutAsync(url, content);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var stored = new FileInfo(Path.Combine(emulator.StorageDirectory, filePath));
        Assert.That(stored.Length, Is.EqualTo(size));
        using (var file = stored.OpenRead())
        {
            file.Position = size - 1;
            Assert.That(file.ReadByte(), Is.EqualTo((int)((size - 1) % 251)));
        }
        Assert.That(emulator.GetStats().UploadsCompleted, Is.EqualTo(1));

        // The uploaded video is usable as an input.
        var (status, _) = await http.PostAsync("/v1/video-to-video",
            $$$"""{"start_seconds":0,"end_seconds":1,"style":{"art_style":"Lego"},"assets":{"video_source":"file","video_file_path":"{{{filePath}}}"}}""");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
    }
}
