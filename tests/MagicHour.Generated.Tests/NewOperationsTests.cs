using System.Net;

namespace MagicHour.Generated.Tests;

/// <summary>The operations the vendor added after 2026-08-22: account, saved items (paged) and the video translator.</summary>
public class NewOperationsTests
{
    private static string Page(string[] ids, string? next)
        => $$"""{"items":[{{string.Join(",", ids.Select(id => $$"""{"id":"{{id}}","type":"character","name":null,"assets":[{"file_path":"saved-items/u/{{id}}/a.png","media_kind":"IMAGE","is_primary":true,"url":"https://storage.test/{{id}}.png","url_expires_at":"2026-12-02T00:00:00Z"}]}"""))}}],"next_cursor":{{(next is null ? "null" : $"\"{next}\"")}}}""";

    [Test]
    public async Task AccountGet_ReadsCreditsTierAndANullSubscription()
    {
        using var api = new FakeApi();
        api.On(HttpMethod.Get, $"{FakeApi.BaseUrl}v1/account",
            (HttpStatusCode.OK, """{"id":"acc","email":null,"tier":"free","credits":120,"subscription":null}"""));
        var client = api.CreateClient();

        var account = await client.V1.Account.GetAsync();

        Assert.That(account.Credits, Is.EqualTo(120));
        Assert.That(account.Tier, Is.EqualTo(AccountTier.Free));
        Assert.That(account.Subscription, Is.Null);
        Assert.That(api.Requests.Single().Authorization, Is.EqualTo("Bearer " + FakeApi.ApiKey));
    }

    [Test]
    public async Task SavedItemsListAll_FollowsNextCursorThroughEveryPage_PassingTheFilterEachTime()
    {
        using var api = new FakeApi();
        // MockHttp matches a query by inclusion, so the more specific URLs go first.
        api.On(HttpMethod.Get, $"{FakeApi.BaseUrl}v1/saved-items?type=voice&limit=2&cursor=c2", (HttpStatusCode.OK, Page(["e"], null)));
        api.On(HttpMethod.Get, $"{FakeApi.BaseUrl}v1/saved-items?type=voice&limit=2&cursor=c1", (HttpStatusCode.OK, Page(["c", "d"], "c2")));
        api.On(HttpMethod.Get, $"{FakeApi.BaseUrl}v1/saved-items?type=voice&limit=2", (HttpStatusCode.OK, Page(["a", "b"], "c1")));
        var client = api.CreateClient();

        var ids = new List<string>();
        await foreach (var item in client.V1.SavedItems.ListAllAsync(SavedItemType.Voice, 2))
            ids.Add(item.Id);

        Assert.That(ids, Is.EqualTo(new[] { "a", "b", "c", "d", "e" }));
        Assert.That(api.Requests.Select(r => r.Uri.Query), Is.EqualTo(new[]
        {
            "?type=voice&limit=2", "?type=voice&limit=2&cursor=c1", "?type=voice&limit=2&cursor=c2",
        }));
    }

    [Test]
    public async Task SavedItemsListAll_FetchesPagesOnlyAsTheEnumerationReachesThem()
    {
        using var api = new FakeApi();
        api.On(HttpMethod.Get, $"{FakeApi.BaseUrl}v1/saved-items?cursor=c1", (HttpStatusCode.OK, Page(["c"], null)));
        api.On(HttpMethod.Get, $"{FakeApi.BaseUrl}v1/saved-items", (HttpStatusCode.OK, Page(["a", "b"], "c1")));
        var client = api.CreateClient();

        await foreach (var item in client.V1.SavedItems.ListAllAsync())
            break;

        Assert.That(api.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public void SavedItemsListAll_StopsWithAClearError_WhenTheServerRepeatsACursor()
    {
        using var api = new FakeApi();
        api.On(HttpMethod.Get, $"{FakeApi.BaseUrl}v1/saved-items?cursor=loop", (HttpStatusCode.OK, Page(["b"], "loop")));
        api.On(HttpMethod.Get, $"{FakeApi.BaseUrl}v1/saved-items", (HttpStatusCode.OK, Page(["a"], "loop")));
        var client = api.CreateClient();

        var error = Assert.ThrowsAsync<MagicHourException>(async () =>
        {
            await foreach (var _ in client.V1.SavedItems.ListAllAsync()) { }
        });

        Assert.That(error!.Message, Does.Contain("'loop'"));
        Assert.That(api.Requests, Has.Count.EqualTo(2), "the first page, then the page that hands the same cursor back");
    }

    [Test]
    public void SavedItemsListAll_IsCancellable()
    {
        using var api = new FakeApi();
        api.On(HttpMethod.Get, $"{FakeApi.BaseUrl}v1/saved-items", (HttpStatusCode.OK, Page(["a", "b"], "c1")));
        var client = api.CreateClient();
        using var cts = new CancellationTokenSource();

        Assert.CatchAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in client.V1.SavedItems.ListAllAsync(cancellationToken: cts.Token))
                cts.Cancel();
        });
        Assert.That(api.Requests, Has.Count.EqualTo(1), "no page is fetched after cancellation");
    }

    [Test]
    public async Task VideoTranslatorGenerate_UploadsTheLocalVideo_CreatesOnce_AndWaitsOnVideoProjects()
    {
        using var api = new FakeApi();
        using var dir = new TempDir();
        var clip = dir.File("talk.mp4", [0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'m', (byte)'p', (byte)'4', (byte)'2']);
        api.On(HttpMethod.Post, $"{FakeApi.BaseUrl}v1/files/upload-urls",
            (HttpStatusCode.OK, $$"""{"items":[{"upload_url":"{{FakeApi.Storage}}/upload/api-assets/u1/in.mp4?sig=abc","expires_at":"2026-11-26T10:00:00Z","file_path":"api-assets/u1/in.mp4"}]}"""));
        api.On(HttpMethod.Put, $"{FakeApi.Storage}/upload/*", (HttpStatusCode.OK, "{}"));
        api.On(HttpMethod.Post, $"{FakeApi.BaseUrl}v1/ai-video-translator", (HttpStatusCode.OK, """{"id":"v1","credits_charged":300}"""));
        api.On(HttpMethod.Get, $"{FakeApi.BaseUrl}v1/video-projects/v1",
            (HttpStatusCode.OK, """{"id":"v1","name":"n","status":"complete","type":"VIDEO_TRANSLATOR","created_at":"2026-11-25T10:00:00Z","enabled":true,"credits_charged":300,"start_seconds":0,"end_seconds":10,"total_frame_cost":300,"fps":30,"height":480,"width":854,"downloads":[],"error":null}"""));
        var client = api.CreateClient();

        var result = await client.V1.AiVideoTranslator.GenerateAsync(
            new AiVideoTranslatorCreateRequest { EndSeconds = 10, TargetLanguage = AiVideoTranslatorTargetLanguage.Spanish, Assets = new() { VideoFilePath = clip } },
            new GenerateOptions { DownloadOutputs = false });

        Assert.That(result.ProjectId, Is.EqualTo("v1"));
        Assert.That(result.Project!.Status, Is.EqualTo(ProjectStatus.Complete));
        Assert.That(api.To(HttpMethod.Post, "upload-urls").Single().BodyText, Is.EqualTo("""{"items":[{"type":"video","extension":"mp4"}]}"""));
        Assert.That(api.To(HttpMethod.Post, "ai-video-translator").Single().BodyText,
            Is.EqualTo("""{"end_seconds":10,"target_language":"Spanish","assets":{"video_file_path":"api-assets/u1/in.mp4"}}"""));
    }
}

public class StoragePathTests
{
    [TestCase("saved-items/u/item/portrait.png")]
    [TestCase("api-assets/u/in.png")]
    public async Task UploadFile_ReturnsAStoragePathUnchanged_WithoutARequest(string path)
    {
        using var api = new FakeApi();
        var client = api.CreateClient();

        var sent = await client.V1.Files.UploadFileAsync(path);

        Assert.That(sent, Is.EqualTo(path));
        Assert.That(api.Requests, Is.Empty);
    }
}
