using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace MagicHour.Emulator.Tests;

/// <summary>A clock the tests move by hand, so project progress needs no sleeping.</summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public ManualTimeProvider() : this(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero))
    {
    }

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>Plain HTTP helpers against a running emulator (no SDK involved).</summary>
internal sealed class EmulatorHttp : IDisposable
{
    public EmulatorHttp(MagicHourEmulator emulator)
    {
        Emulator = emulator;
        Http = new HttpClient { BaseAddress = emulator.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public MagicHourEmulator Emulator { get; }
    public HttpClient Http { get; }

    public HttpRequestMessage Api(HttpMethod method, string path, string? json = null, string? key = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key ?? Emulator.ApiKey);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        return request;
    }

    public async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpRequestMessage request)
    {
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public Task<(HttpStatusCode Status, JsonNode? Body)> PostAsync(string path, string json, string? key = null) =>
        SendAsync(Api(HttpMethod.Post, path, json, key));

    public Task<(HttpStatusCode Status, JsonNode? Body)> GetAsync(string path) => SendAsync(Api(HttpMethod.Get, path));

    /// <summary>Gets an upload URL and PUTs the bytes to it; returns the file_path.</summary>
    public async Task<string> UploadAsync(byte[] bytes, string type = "image", string extension = "png")
    {
        var (status, body) = await PostAsync("/v1/files/upload-urls", $$$"""{"items":[{"type":"{{{type}}}","extension":"{{{extension}}}"}]}""");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body?.ToJsonString());
        var item = body!["items"]![0]!;
        using var put = new HttpRequestMessage(HttpMethod.Put, (string)item["upload_url"]!) { Content = new ByteArrayContent(bytes) };
        using var response = await Http.SendAsync(put);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return (string)item["file_path"]!;
    }

    public async Task<string> CreateHeadshotAsync(string filePath)
    {
        var (status, body) = await PostAsync("/v1/ai-headshot-generator", $$$"""{"name":"test","assets":{"image_file_path":"{{{filePath}}}"}}""");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body?.ToJsonString());
        return (string)body!["id"]!;
    }

    public async Task<byte[]> DownloadAsync(string url)
    {
        using var response = await Http.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return await response.Content.ReadAsByteArrayAsync();
    }

    public void Dispose() => Http.Dispose();
}
