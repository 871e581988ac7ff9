using System.Net;
using System.Text;
using RichardSzalay.MockHttp;

namespace MagicHour.Generated.Tests;

/// <summary>One request as it reached the wire (after the whole Kiota pipeline).</summary>
public sealed record CapturedRequest(HttpMethod Method, Uri Uri, string? Authorization, string? UserAgent, long? ContentLength, byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);
}

/// <summary>A MockHttp transport that records every request and answers with scripted responses.</summary>
public sealed class FakeApi : IDisposable
{
    public const string ApiKey = "sk_test_secret_key_123";
    public static readonly Uri BaseUrl = new("https://api.test");
    public const string Storage = "https://storage.test";

    public MockHttpMessageHandler Mock { get; } = new();
    public List<CapturedRequest> Requests { get; } = new();
    private readonly List<MagicHourClient> _clients = new();

    public FakeApi()
    {
        Mock.Fallback.Respond(req => { Capture(req); return Json(HttpStatusCode.NotFound, "{\"message\":\"Not Found\"}"); });
    }

    public MagicHourClient CreateClient(Action<MagicHourClientOptions>? configure = null)
    {
        var options = new MagicHourClientOptions
        {
            ApiKey = ApiKey,
            BaseUrl = BaseUrl,
            Transport = Mock,
            PollInterval = TimeSpan.FromMilliseconds(1),
            MaxPollInterval = TimeSpan.FromMilliseconds(2),
            // Retry and poll waits pass at once; deadlines (NetworkTimeout, the stall limit) never fire unless a test
            // sets its own clock (ManualTime, or a FakeTimeProvider it advances).
            TimeProvider = new ManualTime(),
        };
        configure?.Invoke(options);
        var client = new MagicHourClient(options);
        _clients.Add(client);
        return client;
    }

    /// <summary>Answers the next matching requests in order with the given responses; the last one repeats.</summary>
    public void On(HttpMethod method, string url, params Func<HttpResponseMessage>[] responses)
    {
        var index = 0;
        Mock.When(method, url).Respond(req =>
        {
            Capture(req);
            var response = responses[Math.Min(index, responses.Length - 1)]();
            index++;
            return response;
        });
    }

    public void On(HttpMethod method, string url, params (HttpStatusCode Status, string Json)[] responses)
        => On(method, url, responses.Select(r => (Func<HttpResponseMessage>)(() => Json(r.Status, r.Json))).ToArray());

    public IEnumerable<CapturedRequest> To(HttpMethod method, string pathOrUrlPart)
        => Requests.Where(r => r.Method == method && r.Uri.ToString().Contains(pathOrUrlPart, StringComparison.Ordinal));

    public static HttpResponseMessage Json(HttpStatusCode status, string json)
        => new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Bytes(byte[] bytes, string contentType = "image/png")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new(contentType);
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }

    public static string Project(string id, string status, string? downloadsJson = null, string error = "null", int credits = 50)
        => $$"""{"id":"{{id}}","name":"Ai Headshot image","status":"{{status}}","image_count":1,"type":"AI_HEADSHOT","created_at":"2026-11-25T10:00:00Z","enabled":true,"credits_charged":{{credits}},"downloads":{{downloadsJson ?? "[]"}},"error":{{error}}}""";

    public static string Downloads(params string[] urls)
        => "[" + string.Join(",", urls.Select(u => $$"""{"url":"{{u}}","expires_at":"2026-11-26T10:00:00Z"}""")) + "]";

    /// <summary>Scripts the whole headshot flow: upload URL, PUT, create, the given statuses, download.</summary>
    public void ScriptHeadshot(string projectId, byte[] output, params string[] statuses)
    {
        ScriptHeadshotCreate(projectId);
        var downloads = Downloads($"{Storage}/download/{projectId}/headshot.png?X-Amz-Signature=zzz");
        On(HttpMethod.Get, $"{BaseUrl}v1/image-projects/{projectId}",
            statuses.Select(s => (HttpStatusCode.OK, Project(projectId, s, s == "complete" ? downloads : "[]"))).ToArray());
        On(HttpMethod.Get, $"{Storage}/download/{projectId}/headshot.png", () => Bytes(output));
    }

    /// <summary>Scripts the headshot flow up to the create (upload URL, PUT, a create charging 50 credits); the status answers are the test's.</summary>
    public void ScriptHeadshotCreate(string projectId)
    {
        On(HttpMethod.Post, $"{BaseUrl}v1/files/upload-urls",
            (HttpStatusCode.OK, $$"""{"items":[{"upload_url":"{{Storage}}/upload/api-assets/u1/in.png?sig=abc","expires_at":"2026-11-26T10:00:00Z","file_path":"api-assets/u1/in.png"}]}"""));
        On(HttpMethod.Put, $"{Storage}/upload/*", (HttpStatusCode.OK, "{}"));
        On(HttpMethod.Post, $"{BaseUrl}v1/ai-headshot-generator", (HttpStatusCode.OK, $$"""{"id":"{{projectId}}","credits_charged":50}"""));
    }

    private void Capture(HttpRequestMessage req)
    {
        var body = req.Content is null ? Array.Empty<byte>() : req.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
        lock (Requests)
        {
            Requests.Add(new CapturedRequest(req.Method, req.RequestUri!, req.Headers.Authorization?.ToString(),
                req.Headers.UserAgent.ToString(), req.Content?.Headers.ContentLength, body));
        }
    }

    public void Dispose()
    {
        foreach (var client in _clients) client.Dispose();
        Mock.Dispose();
    }
}

/// <summary>A temp directory deleted after the test.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mh-tests-" + Guid.NewGuid().ToString("N"));
    public TempDir() => Directory.CreateDirectory(Path);
    public string File(string name, byte[] content)
    {
        var path = System.IO.Path.Combine(Path, name);
        System.IO.File.WriteAllBytes(path, content);
        return path;
    }
    public string[] Entries() => Directory.GetFileSystemEntries(Path).Select(System.IO.Path.GetFileName).OrderBy(n => n).ToArray()!;
    public void Dispose() { try { Directory.Delete(Path, true); } catch (IOException) { } }
}

/// <summary>Drives a <see cref="Microsoft.Extensions.Time.Testing.FakeTimeProvider"/> for tests whose waits and deadlines run on it.</summary>
public static class FakeClock
{
    /// <summary>
    /// Runs <paramref name="task"/> to its end, moving <paramref name="clock"/> on by <paramref name="step"/> whenever
    /// the task has not finished after a short real pause: retry waits and stall limits pass without real sleeping.
    /// Keep every deadline the test does not mean to hit many steps long, so an in-flight request under load cannot
    /// reach it. Returns the task's exception, or null.
    /// </summary>
    public static async Task<Exception?> DriveAsync(Task task, Microsoft.Extensions.Time.Testing.FakeTimeProvider clock, TimeSpan step)
    {
        for (var i = 0; i < 2000 && !task.IsCompleted; i++)
        {
            if (await Task.WhenAny(task, Task.Delay(10)) != task) clock.Advance(step);
        }
        try
        {
            await task.WaitAsync(TimeSpan.FromSeconds(20));
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }
}
