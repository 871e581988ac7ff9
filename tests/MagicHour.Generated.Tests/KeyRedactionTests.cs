using System.Net;
using Microsoft.Extensions.Logging;

namespace MagicHour.Generated.Tests;

/// <summary>Issue 11 row 7: the SDK knows its key and masks it in whatever the server echoes.</summary>
public class KeyRedactionTests
{
    private const string Key = "mh_live_echo_test_key_4242";

    private sealed class CapturingLoggers : ILoggerFactory, ILogger
    {
        public List<(EventId Id, LogLevel Level, string Text)> Entries { get; } = new();
        public void AddProvider(ILoggerProvider provider) { }
        public ILogger CreateLogger(string categoryName) => this;
        public void Dispose() { }
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Entries) Entries.Add((eventId, logLevel, formatter(state, exception) + "\n" + exception));
        }
    }

    private static void AssertNoKey(MagicHourException ex)
    {
        foreach (var text in new[] { ex.Message, ex.ToString(), ex.RawBody ?? "", ex.ApiMessage ?? "", string.Join(";", ex.Headers.SelectMany(h => h.Value)) })
        {
            Assert.That(text, Does.Not.Contain(Key));
            Assert.That(text, Does.Not.Contain("mh_live_echo"), "no part of it either");
        }
    }

    [Test]
    public void UnauthorizedBody_EchoingTheKey_IsRedactedEverywhere()
    {
        using var api = new FakeApi();
        api.On(HttpMethod.Post, "https://api.test/v1/ai-headshot-generator", () =>
        {
            var response = FakeApi.Json(HttpStatusCode.Unauthorized, $$"""{"message":"Invalid API key: Bearer {{Key}}","code":"bad_key {{Key}}"}""");
            response.Headers.TryAddWithoutValidation("X-Echo", "Bearer " + Key);
            return response;
        });
        var client = api.CreateClient(o => o.ApiKey = Key);

        var ex = Assert.ThrowsAsync(Is.InstanceOf<MagicHourException>(), () => client.V1.AiHeadshotGenerator.CreateAsync(
            new AiHeadshotGeneratorCreateRequest { Assets = new() { ImageFilePath = "api-assets/a.png" } })) as MagicHourException;

        Assert.That(ex!.StatusCode, Is.EqualTo(401));
        Assert.That(((MagicHourException<UnauthorizedErrorResponse>)ex).Result.Message.ToString(), Is.EqualTo("Invalid API key: Bearer ***"), "the parsed error body too");
        Assert.That(ex.ApiMessage, Is.EqualTo("Invalid API key: Bearer ***"), "the rest of the server's message is kept");
        Assert.That(ex.Message, Does.Contain("Invalid API key: Bearer ***"));
        AssertNoKey(ex);
        Assert.That(api.Requests.Single().Authorization, Is.EqualTo("Bearer " + Key), "the key itself still goes to the API");
    }

    [Test]
    public void KeyEchoedJsonEscaped_IsRedactedToo()
    {
        const string key = "mh_live_a+b/c<d>";
        using var api = new FakeApi();
        api.On(HttpMethod.Get, "https://api.test/v1/image-projects/p1", (HttpStatusCode.BadRequest, """{"message":"bad key mh_live_a\u002Bb\/c\u003Cd\u003E"}"""));
        var client = api.CreateClient(o => o.ApiKey = key);

        var ex = Assert.CatchAsync<MagicHourException>(() => client.V1.ImageProjects.GetAsync("p1"));

        Assert.That(ex!.ApiMessage, Is.EqualTo("bad key ***"));
        Assert.That(ex.RawBody, Does.Not.Contain("mh_live_a"));
        Assert.That(ex.ToString(), Does.Not.Contain("mh_live_a"));
    }

    [Test]
    public void ServerErrorsDuringPolling_EchoingTheKey_AreRedacted_InTheLogAndTheException()
    {
        using var api = new FakeApi();
        using var dir = new TempDir();
        var logs = new CapturingLoggers();
        api.On(HttpMethod.Get, "https://api.test/v1/image-projects/p1",
            () => FakeApi.Json(HttpStatusCode.InternalServerError, $$"""{"message":"upstream refused Authorization: Bearer {{Key}}"}"""));
        var client = api.CreateClient(o => { o.ApiKey = Key; o.LoggerFactory = logs; });

        var ex = Assert.ThrowsAsync<MagicHourException>(() => client.V1.AiHeadshotGenerator.ResumeAsync("p1", new GenerateOptions { DownloadDirectory = dir.Path }));

        Assert.That(ex!.StatusCode, Is.EqualTo(500));
        Assert.That(ex.ProjectId, Is.EqualTo("p1"));
        AssertNoKey(ex);
        var pollFailed = logs.Entries.Where(e => e.Id.Id == 1007).ToList();
        Assert.That(pollFailed, Has.Count.GreaterThanOrEqualTo(1), "PollFailed (1007) was logged, with the exception");
        Assert.That(pollFailed.Select(e => e.Text), Has.All.Contains("Bearer ***"));
        Assert.That(logs.Entries.Select(e => e.Text), Has.None.Contains(Key));
    }
}
