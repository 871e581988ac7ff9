using System.Net;
using RichardSzalay.MockHttp;

namespace MagicHour.Generated.Tests;

/// <summary>
/// MaxCredits on the wire: a create that would pass the cap is refused before it is sent (no POST reaches the
/// API), creates in flight count at the operation's known cost, refunds read at a project's end free the budget,
/// and a per-call cap applies next to the client's.
/// </summary>
public class SpendingCapTests
{
    private const string Create = "v1/ai-headshot-generator";

    private static AiHeadshotGeneratorCreateRequest Request() => new() { Assets = new() { ImageFilePath = "api-assets/u1/in.png" } };

    private static int Posts(FakeApi api) => api.To(HttpMethod.Post, Create).Count();

    /// <summary>Every create answered 200 with a fresh project id and <paramref name="credits"/>; the answer waits for a thread hop, so concurrent creates overlap.</summary>
    private static void AnswerCreates(FakeApi api, int credits = 50)
    {
        var next = 0;
        api.Mock.When(HttpMethod.Post, $"{FakeApi.BaseUrl}{Create}").Respond(async req =>
        {
            lock (api.Requests) api.Requests.Add(new CapturedRequest(req.Method, req.RequestUri!, null, null, null, []));
            await Task.Yield();
            return FakeApi.Json(HttpStatusCode.OK, $$"""{"id":"p{{Interlocked.Increment(ref next)}}","credits_charged":{{credits}}}""");
        });
    }

    [Test]
    public async Task CapReached_TheNextCreateFailsBeforeSending()
    {
        using var api = new FakeApi();
        AnswerCreates(api);
        var client = api.CreateClient(o => o.MaxCredits = 100);

        await client.V1.AiHeadshotGenerator.CreateAsync(Request());
        await client.V1.AiHeadshotGenerator.CreateAsync(Request());
        var ex = Assert.ThrowsAsync<MagicHourException>(() => client.V1.AiHeadshotGenerator.CreateAsync(Request()));

        Assert.That(ex!.Kind, Is.EqualTo(MagicHourErrorKind.CreditLimitReached));
        Assert.That(ex.Message, Does.Contain("100 credits charged").And.Contain("spending cap of 100"));
        Assert.That(Posts(api), Is.EqualTo(2));
    }

    [Test]
    public async Task TwoHundredConcurrentCreates_RacingTheCap_ExactlyTheAffordableOnesAreSent()
    {
        using var api = new FakeApi();
        AnswerCreates(api, credits: 50);
        var client = api.CreateClient(o => o.MaxCredits = 1_000);

        var creates = Enumerable.Range(0, 200).Select(_ => Task.Run(() => client.V1.AiHeadshotGenerator.CreateAsync(Request()))).ToArray();
        var outcomes = await Task.WhenAll(creates.Select(async t =>
        {
            try
            {
                await t;
                return "sent";
            }
            catch (MagicHourException ex) when (ex.Kind == MagicHourErrorKind.CreditLimitReached)
            {
                return "refused";
            }
        }));

        // The first answer tells the cost; every other create is counted at it, so none overshoots.
        Assert.That(Posts(api), Is.EqualTo(20));
        Assert.That(outcomes.Count(o => o == "sent"), Is.EqualTo(20));
        Assert.That(outcomes.Count(o => o == "refused"), Is.EqualTo(180));
    }

    [Test]
    public async Task ErrorAnswer_IsNotCounted()
    {
        using var api = new FakeApi();
        api.On(HttpMethod.Post, $"{FakeApi.BaseUrl}{Create}",
            (HttpStatusCode.UnprocessableEntity, """{"message":"bad input"}"""),
            (HttpStatusCode.OK, """{"id":"p1","credits_charged":50}"""));
        var client = api.CreateClient(o => o.MaxCredits = 50);

        var refused = Assert.CatchAsync<MagicHourException>(() => client.V1.AiHeadshotGenerator.CreateAsync(Request()));
        Assert.That(refused!.StatusCode, Is.EqualTo(422));
        await client.V1.AiHeadshotGenerator.CreateAsync(Request());
        var ex = Assert.ThrowsAsync<MagicHourException>(() => client.V1.AiHeadshotGenerator.CreateAsync(Request()));

        Assert.That(ex!.Kind, Is.EqualTo(MagicHourErrorKind.CreditLimitReached));
        Assert.That(Posts(api), Is.EqualTo(2));
    }

    [Test]
    public async Task RefundReadAtTheProjectsEnd_FreesTheBudget()
    {
        using var api = new FakeApi();
        AnswerCreates(api);
        api.On(HttpMethod.Get, $"{FakeApi.BaseUrl}v1/image-projects/p1",
            (HttpStatusCode.OK, FakeApi.Project("p1", "error", error: """{"code":"no_source_face","message":"no face"}""", credits: 0)));
        var client = api.CreateClient(o => o.MaxCredits = 50);

        await client.V1.AiHeadshotGenerator.CreateAsync(Request());
        Assert.That(Assert.ThrowsAsync<MagicHourException>(() => client.V1.AiHeadshotGenerator.CreateAsync(Request()))!.Kind, Is.EqualTo(MagicHourErrorKind.CreditLimitReached));
        var failed = Assert.ThrowsAsync<MagicHourProjectFailedException>(() => client.V1.AiHeadshotGenerator.ResumeAsync("p1", new GenerateOptions { DownloadOutputs = false }));
        Assert.That(failed!.CreditsCharged, Is.Zero, "refunded");
        await client.V1.AiHeadshotGenerator.CreateAsync(Request());

        Assert.That(Posts(api), Is.EqualTo(2));
    }

    [Test]
    public async Task PerCallCap_AppliesNextToTheClients_TheLowerWins()
    {
        using var api = new FakeApi();
        AnswerCreates(api);
        var client = api.CreateClient(o => o.MaxCredits = 1_000);
        var remote = new AiHeadshotGeneratorCreateRequest { Assets = new() { ImageFilePath = "https://example.com/portrait.png" } };

        await client.V1.AiHeadshotGenerator.CreateAsync(Request());
        var ex = Assert.ThrowsAsync<MagicHourException>(() => client.V1.AiHeadshotGenerator.GenerateAsync(remote, new GenerateOptions { WaitForCompletion = false, MaxCredits = 99 }));
        Assert.That(ex!.Kind, Is.EqualTo(MagicHourErrorKind.CreditLimitReached));
        Assert.That(ex.ProjectId, Is.Null);
        Assert.That(Posts(api), Is.EqualTo(1), "refused before sending");

        var allowed = await client.V1.AiHeadshotGenerator.GenerateAsync(remote, new GenerateOptions { WaitForCompletion = false, MaxCredits = 100 });
        Assert.That(allowed.CreditsCharged, Is.EqualTo(50));
        // The per-call cap was for that call only: the client's own cap governs the next create.
        await client.V1.AiHeadshotGenerator.CreateAsync(Request());
        Assert.That(Posts(api), Is.EqualTo(3));
    }

    [Test]
    public void NegativeCap_IsRefusedAtConstruction()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MagicHourClient(new MagicHourClientOptions { ApiKey = FakeApi.ApiKey, MaxCredits = -1 }));
        using var api = new FakeApi();
        var client = api.CreateClient();
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.V1.AiHeadshotGenerator.GenerateAsync(Request(), new GenerateOptions { MaxCredits = -1 }));
    }
}
