using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MagicHour.Benchmarks;

/// <summary>
/// The baseline: what a careful developer writes by hand with HttpClient and System.Text.Json source
/// generation, sending the same requests as the SDK (same headers, same transport settings, a
/// Content-Length JSON body, streamed response parsing). No retries, no limits, no logging.
/// </summary>
public sealed class RawApi : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly Uri _createUri;
    private readonly Uri _uploadUrlsUri;
    private readonly string _projectsPrefix;

    public RawApi(Uri baseUrl, string apiKey)
    {
        Http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(30),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        Http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        Http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("MagicHour.Generated", "0.1.0"));
        _createUri = new Uri(baseUrl, "v1/ai-headshot-generator");
        _uploadUrlsUri = new Uri(baseUrl, "v1/files/upload-urls");
        _projectsPrefix = new Uri(baseUrl, "v1/image-projects/").ToString();
    }

    public HttpClient Http { get; }

    public async Task<RawCreated> CreateHeadshotAsync(RawHeadshotRequest body, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _createUri)
        {
            Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, RawJsonContext.Default.RawHeadshotRequest)) { Headers = { ContentType = Json } },
        };
        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync(RawJsonContext.Default.RawCreated, cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<RawProject> GetImageProjectAsync(string id, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _projectsPrefix + Uri.EscapeDataString(id));
        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync(RawJsonContext.Default.RawProject, cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>POST upload-urls, then PUT the file as a StreamContent with Content-Length; returns the file_path.</summary>
    public async Task<string> UploadAsync(string path, string type, CancellationToken cancellationToken = default)
    {
        var body = new RawUploadUrlsRequest { Items = [new RawUploadItem { Type = type, Extension = Path.GetExtension(path).TrimStart('.') }] };
        using var request = new HttpRequestMessage(HttpMethod.Post, _uploadUrlsUri)
        {
            Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, RawJsonContext.Default.RawUploadUrlsRequest)) { Headers = { ContentType = Json } },
        };
        RawUploadSlot slot;
        using (var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false))
        {
            response.EnsureSuccessStatusCode();
            slot = (await response.Content.ReadFromJsonAsync(RawJsonContext.Default.RawUploadUrlsResponse, cancellationToken).ConfigureAwait(false))!.Items[0];
        }
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        using var content = new StreamContent(file, 81920);
        content.Headers.ContentLength = file.Length;
        using var put = new HttpRequestMessage(HttpMethod.Put, slot.UploadUrl) { Content = content };
        put.Headers.Authorization = null;
        using var stored = await Http.SendAsync(put, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        stored.EnsureSuccessStatusCode();
        return slot.FilePath;
    }

    /// <summary>GET the URL and copy the body stream to a file: the usual hand-written download.</summary>
    public async Task<long> DownloadAsync(string url, string path, CancellationToken cancellationToken = default)
    {
        using var response = await Http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
        await body.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
        return file.Length;
    }

    public void Dispose() => Http.Dispose();
}

public sealed class RawHeadshotRequest
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("assets")] public RawHeadshotAssets Assets { get; set; } = new();
}

public sealed class RawHeadshotAssets
{
    [JsonPropertyName("image_file_path")] public string ImageFilePath { get; set; } = "";
}

public sealed class RawCreated
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("credits_charged")] public int CreditsCharged { get; set; }
}

public sealed class RawProject
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("status")] public string Status { get; set; } = "";
    [JsonPropertyName("image_count")] public int ImageCount { get; set; }
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("created_at")] public DateTimeOffset CreatedAt { get; set; }
    [JsonPropertyName("enabled")] public bool Enabled { get; set; }
    [JsonPropertyName("credits_charged")] public int CreditsCharged { get; set; }
    [JsonPropertyName("downloads")] public List<RawDownload> Downloads { get; set; } = [];
    [JsonPropertyName("error")] public RawError? Error { get; set; }
}

public sealed class RawDownload
{
    [JsonPropertyName("url")] public string Url { get; set; } = "";
    [JsonPropertyName("expires_at")] public DateTimeOffset ExpiresAt { get; set; }
}

public sealed class RawError
{
    [JsonPropertyName("message")] public string? Message { get; set; }
    [JsonPropertyName("code")] public string? Code { get; set; }
}

public sealed class RawUploadUrlsRequest
{
    [JsonPropertyName("items")] public List<RawUploadItem> Items { get; set; } = [];
}

public sealed class RawUploadItem
{
    [JsonPropertyName("type")] public string Type { get; set; } = "";
    [JsonPropertyName("extension")] public string Extension { get; set; } = "";
}

public sealed class RawUploadUrlsResponse
{
    [JsonPropertyName("items")] public List<RawUploadSlot> Items { get; set; } = [];
}

public sealed class RawUploadSlot
{
    [JsonPropertyName("upload_url")] public string UploadUrl { get; set; } = "";
    [JsonPropertyName("file_path")] public string FilePath { get; set; } = "";
}

[JsonSerializable(typeof(RawHeadshotRequest))]
[JsonSerializable(typeof(RawCreated))]
[JsonSerializable(typeof(RawProject))]
[JsonSerializable(typeof(RawUploadUrlsRequest))]
[JsonSerializable(typeof(RawUploadUrlsResponse))]
public sealed partial class RawJsonContext : JsonSerializerContext;
