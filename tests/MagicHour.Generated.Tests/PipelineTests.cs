using RichardSzalay.MockHttp;
using System.Net;

namespace MagicHour.Generated.Tests;

/// <summary>The Kiota pipeline: retries that never double-charge, auth per host, options.</summary>
[NonParallelizable] // sets MAGIC_HOUR_* environment variables, which every client reads
public class PipelineTests
{
    private static AiHeadshotGeneratorCreateRequest Request() => new() { Assets = new() { ImageFilePath = "api-assets/a.png" } };

    [Test]
    public void CreateAfter503_IsNotRetried_TheServerMayHaveCharged()
    {
        using var api = new FakeApi();
        api.On(HttpMethod.Post, "https://api.test/v1/ai-headshot-generator", (HttpStatusCode.ServiceUnavailable, """{"message":"busy"}"""), (HttpStatusCode.OK, """{"id":"p1","credits_charged":50}"""));
        var ex = Assert.ThrowsAsync<MagicHourException>(() => api.CreateClient().V1.AiHeadshotGenerator.CreateAsync(Request()));
        Assert.That(ex!.StatusCode, Is.EqualTo(503));
        Assert.That(api.To(HttpMethod.Post, "ai-headshot-generator").Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task CreateAfter429_IsRetried_HonouringRetryAfter()
    {
        using var api = new FakeApi();
        api.On(HttpMethod.Post, "https://api.test/v1/ai-headshot-generator",
            () => { var r = FakeApi.Json((HttpStatusCode)429, """{"message":"slow down"}"""); r.Headers.Add("Retry-After", "0"); return r; },
            () => FakeApi.Json(HttpStatusCode.OK, """{"id":"p1","credits_charged":50}"""));
        var created = await api.CreateClient().V1.AiHeadshotGenerator.CreateAsync(Request());
        Assert.That(created.Id, Is.EqualTo("p1"));
        Assert.That(api.To(HttpMethod.Post, "ai-headshot-generator").Count(), Is.EqualTo(2));
    }

    [Test]
    public void Persistent429_IsBounded()
    {
        using var api = new FakeApi();
        api.On(HttpMethod.Post, "https://api.test/v1/ai-headshot-generator",
            () => { var r = FakeApi.Json((HttpStatusCode)429, """{"message":"slow down"}"""); r.Headers.Add("Retry-After", "0"); return r; });
        var ex = Assert.ThrowsAsync<MagicHourException>(() => api.CreateClient(o => o.MaxRetries = 2).V1.AiHeadshotGenerator.CreateAsync(Request()));
        Assert.That(ex!.Kind, Is.EqualTo(MagicHourErrorKind.RateLimited));
        Assert.That(api.Requests, Has.Count.EqualTo(3), "one try and two retries");
    }

    [Test]
    public void RetryAfterLongerThanAllowed_IsNotWaitedFor()
    {
        using var api = new FakeApi();
        api.On(HttpMethod.Get, "https://api.test/v1/image-projects/p1",
            () => { var r = FakeApi.Json((HttpStatusCode)429, """{"message":"slow down"}"""); r.Headers.Add("Retry-After", "3600"); return r; });
        Assert.ThrowsAsync<MagicHourException>(() => api.CreateClient().V1.ImageProjects.GetAsync("p1"));
        Assert.That(api.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task GetAfter503_IsRetried()
    {
        using var api = new FakeApi();
        api.On(HttpMethod.Get, "https://api.test/v1/image-projects/p1",
            () => { var r = FakeApi.Json(HttpStatusCode.ServiceUnavailable, "{}"); r.Headers.Add("Retry-After", "0"); return r; },
            () => FakeApi.Json(HttpStatusCode.OK, FakeApi.Project("p1", "queued")));
        var project = await api.CreateClient().V1.ImageProjects.GetAsync("p1");
        Assert.That(project.Status, Is.EqualTo(ProjectStatus.Queued));
        Assert.That(api.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public void ConnectionRefusedBeforeSending_IsRetriedEvenForCreate()
    {
        using var api = new FakeApi();
        var attempts = 0;
        api.Mock.When(HttpMethod.Post, "https://api.test/v1/ai-headshot-generator").Respond(_ =>
        {
            if (++attempts < 3) throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused");
            return FakeApi.Json(HttpStatusCode.OK, """{"id":"p1","credits_charged":50}""");
        });
        var created = api.CreateClient().V1.AiHeadshotGenerator.Create(Request());
        Assert.That(created.Id, Is.EqualTo("p1"));
        Assert.That(attempts, Is.EqualTo(3));
    }

    [Test]
    public void ConnectionResetDuringCreate_IsNotRetried()
    {
        using var api = new FakeApi();
        var attempts = 0;
        api.Mock.When(HttpMethod.Post, "https://api.test/v1/ai-headshot-generator").Respond(_ =>
        {
            attempts++;
            throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely");
        });
        var ex = Assert.ThrowsAsync<MagicHourException>(() => api.CreateClient().V1.AiHeadshotGenerator.CreateAsync(Request()));
        Assert.That(ex!.InnerException, Is.InstanceOf<HttpRequestException>(), "one exception type, the transport failure inside");
        Assert.That(attempts, Is.EqualTo(1), "the server may have created (and charged for) the project");
    }

    [Test]
    public async Task Redirect_ToAnotherHost_DropsTheKey()
    {
        using var api = new FakeApi();
        using var dir = new TempDir();
        api.On(HttpMethod.Get, "https://api.test/v1/image-projects/p1", (HttpStatusCode.OK, FakeApi.Project("p1", "complete", FakeApi.Downloads("https://api.test/files/out.png"))));
        api.On(HttpMethod.Get, "https://api.test/files/out.png", () =>
        {
            var r = new HttpResponseMessage(HttpStatusCode.Redirect);
            r.Headers.Location = new Uri("https://cdn.other.test/out.png");
            return r;
        });
        api.On(HttpMethod.Get, "https://cdn.other.test/out.png", () => FakeApi.Bytes([7, 7]));

        var result = await api.CreateClient().V1.AiHeadshotGenerator.ResumeAsync("p1", new GenerateOptions { DownloadDirectory = dir.Path });

        Assert.That(File.ReadAllBytes(result.DownloadedPaths.Single()), Is.EqualTo(new byte[] { 7, 7 }));
        Assert.That(api.To(HttpMethod.Get, "cdn.other.test").Single().Authorization, Is.Null);
    }

    [Test]
    public async Task StorageOnSameHostButOtherPort_GetsNoKey()
    {
        using var api = new FakeApi();
        using var dir = new TempDir();
        api.On(HttpMethod.Post, "https://api.test/v1/files/upload-urls",
            (HttpStatusCode.OK, """{"items":[{"upload_url":"https://api.test:8443/upload?sig=1","expires_at":"2026-11-26T10:00:00Z","file_path":"api-assets/a.png"}]}"""));
        api.On(HttpMethod.Put, "https://api.test:8443/upload", (HttpStatusCode.OK, "{}"));
        await api.CreateClient().V1.Files.UploadFileAsync(dir.File("a.png", [1, 2]));
        Assert.That(api.To(HttpMethod.Put, "api.test:8443").Single().Authorization, Is.Null);
    }
}

public class OptionsTests
{
    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    public void MissingKey_FailsAtConstruction(string? key)
    {
        var previous = Environment.GetEnvironmentVariable("MAGIC_HOUR_API_KEY");
        Environment.SetEnvironmentVariable("MAGIC_HOUR_API_KEY", null);
        try
        {
            var ex = Assert.Throws<ArgumentException>(() => new MagicHourClient(new MagicHourClientOptions { ApiKey = key }));
            Assert.That(ex!.Message, Does.Contain("MAGIC_HOUR_API_KEY"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("MAGIC_HOUR_API_KEY", previous);
        }
    }

    [Test]
    public void PlainHttpToARemoteHost_IsRefused()
    {
        var ex = Assert.Throws<ArgumentException>(() => new MagicHourClient(new MagicHourClientOptions { ApiKey = "k", BaseUrl = new Uri("http://api.example.com") }));
        Assert.That(ex!.Message, Does.Contain("plain http"));
    }

    [TestCase("http://127.0.0.1:5080")]
    [TestCase("http://localhost:5080")]
    [TestCase("http://[::1]:5080")]
    public void PlainHttpToLoopback_IsAllowed(string url)
    {
        using var client = new MagicHourClient(new MagicHourClientOptions { ApiKey = "k", BaseUrl = new Uri(url) });
        Assert.That(client.BaseUrl, Is.EqualTo(new Uri(url)));
    }

    [Test]
    public void EnvironmentVariables_AreHonoured()
    {
        using var api = new FakeApi();
        Environment.SetEnvironmentVariable("MAGIC_HOUR_BASE_URL", "https://env.example.test");
        Environment.SetEnvironmentVariable("MAGIC_HOUR_POLL_INTERVAL", "abc");
        try
        {
            Assert.Throws<ArgumentException>(() => new MagicHourClient("k"));
            Environment.SetEnvironmentVariable("MAGIC_HOUR_POLL_INTERVAL", "0.25");
            using var client = new MagicHourClient("k");
            Assert.That(client.BaseUrl, Is.EqualTo(new Uri("https://env.example.test")));
        }
        finally
        {
            Environment.SetEnvironmentVariable("MAGIC_HOUR_BASE_URL", null);
            Environment.SetEnvironmentVariable("MAGIC_HOUR_POLL_INTERVAL", null);
        }
    }

    [Test]
    public void KeyIsRedactedEverywhere()
    {
        var options = new MagicHourClientOptions { ApiKey = FakeApi.ApiKey, BaseUrl = FakeApi.BaseUrl };
        using var client = new MagicHourClient(options);
        Assert.That(options.ToString(), Does.Not.Contain(FakeApi.ApiKey));
        Assert.That(client.ToString(), Does.Not.Contain(FakeApi.ApiKey));
    }

    [Test]
    public void NonPositiveSettings_AreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MagicHourClient(new MagicHourClientOptions { ApiKey = "k", PollInterval = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MagicHourClient(new MagicHourClientOptions { ApiKey = "k", MaxRetries = -1 }));
    }
}
