using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace MagicHour.Emulator.Tests;

[TestFixture]
public sealed class SavedItemsTests
{
    private MagicHourEmulator _emulator = null!;
    private EmulatorHttp _http = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        // A clock that stands still: signed URLs carry an expiry in whole seconds, so on the real clock two reads of
        // the same page straddling a second boundary differ (A_cursor_gives_the_same_page_each_time failed that way).
        _emulator = await MagicHourEmulator.StartAsync(new()
        {
            RenderTime = TimeSpan.Zero,
            TimeProvider = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow),
        });
        _http = new EmulatorHttp(_emulator);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _http.Dispose();
        await _emulator.DisposeAsync();
    }

    [TestCase(1)]
    [TestCase(7)]
    [TestCase(20)]
    [TestCase(45)]
    [TestCase(100)]
    public async Task Paging_through_every_page_lists_each_seeded_item_exactly_once_in_order(int limit)
    {
        var (_, all) = await _http.GetAsync("/v1/saved-items?limit=100");
        var expected = Ids(all!);
        Assert.That(expected, Has.Count.EqualTo(45));
        Assert.That(all!["next_cursor"], Is.Null);

        var seen = await PageThroughAsync($"limit={limit}");
        Assert.That(seen.SelectMany(Ids).ToList(), Is.EqualTo(expected));
        Assert.That(seen.Take(seen.Count - 1).Select(p => Ids(p).Count), Is.All.EqualTo(limit), "every page but the last is full");
    }

    [Test]
    public async Task Items_are_of_mixed_types_and_every_asset_has_a_working_url()
    {
        var (_, page) = await _http.GetAsync("/v1/saved-items?limit=10");
        var items = page!["items"]!.AsArray();
        Assert.That(items.Select(i => (string)i!["type"]!).Distinct(), Is.EquivalentTo(new[] { "character", "reference", "voice", "moodboard", "brand_kit" }));
        foreach (var item in items)
        {
            var assets = item!["assets"]!.AsArray();
            Assert.That(assets.Count(a => (bool)a!["is_primary"]!), Is.EqualTo(1), item.ToJsonString());
            foreach (var asset in assets)
            {
                var bytes = await _http.DownloadAsync((string)asset!["url"]!);
                var magic = Encoding.ASCII.GetString(bytes, 1, 3);
                Assert.That(magic, Is.EqualTo((string)asset["media_kind"]! == "AUDIO" ? "IFF" : "PNG"));
                Assert.That(DateTimeOffset.Parse((string)asset["url_expires_at"]!), Is.GreaterThan(DateTimeOffset.UtcNow.AddHours(23)));
            }
        }
    }

    [Test]
    public async Task The_type_filter_pages_through_items_of_that_type_only()
    {
        var pages = await PageThroughAsync("type=voice&limit=2");
        var voices = pages.SelectMany(p => p["items"]!.AsArray()).ToList();
        Assert.That(voices, Has.Count.EqualTo(9));
        Assert.That(voices.Select(v => (string)v!["type"]!), Is.All.EqualTo("voice"));
        Assert.That(voices.Select(v => (string)v!["id"]!).Distinct().Count(), Is.EqualTo(9));
    }

    [Test]
    public async Task A_cursor_gives_the_same_page_each_time()
    {
        var (_, first) = await _http.GetAsync("/v1/saved-items?limit=5");
        var cursor = (string)first!["next_cursor"]!;
        var (_, again) = await _http.GetAsync($"/v1/saved-items?limit=5&cursor={Uri.EscapeDataString(cursor)}");
        var (_, third) = await _http.GetAsync($"/v1/saved-items?limit=5&cursor={Uri.EscapeDataString(cursor)}");
        Assert.That(again!.ToJsonString(), Is.EqualTo(third!.ToJsonString()));
        Assert.That(Ids(again).Intersect(Ids(first)), Is.Empty);
    }

    [Test]
    public async Task Without_a_limit_a_page_holds_20()
    {
        var (_, page) = await _http.GetAsync("/v1/saved-items");
        Assert.That(Ids(page!), Has.Count.EqualTo(20));
        Assert.That((string?)page!["next_cursor"], Is.Not.Null.And.Not.Empty);
    }

    [TestCase("limit=0")]
    [TestCase("limit=101")]
    [TestCase("limit=-1")]
    [TestCase("limit=1.5")]
    [TestCase("limit=ten")]
    [TestCase("type=song")]
    [TestCase("cursor=")]
    [TestCase("cursor=garbage")]
    [TestCase("cursor=%21%21%21")]
    [TestCase("cursor=YWZ0ZXI6bm9wZQ")] // base64url of "after:nope": well formed, names no item
    public async Task Bad_query_parameters_get_400_with_a_message(string query)
    {
        var (status, body) = await _http.GetAsync("/v1/saved-items?" + query);
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((string)body!["message"]!, Does.Contain(query.Split('=')[0]));
    }

    [Test]
    public async Task A_saved_file_path_works_as_a_create_input_without_uploading()
    {
        var (_, page) = await _http.GetAsync("/v1/saved-items?type=character&limit=1");
        var portrait = (string)page!["items"]![0]!["assets"]![0]!["file_path"]!;
        Assert.That(portrait, Does.StartWith("saved-items/"));
        var id = await _http.CreateHeadshotAsync(portrait);
        var (_, project) = await _http.GetAsync($"/v1/image-projects/{id}");
        Assert.That((string)project!["status"]!, Is.EqualTo("complete"), "the saved portrait has a face");

        (_, page) = await _http.GetAsync("/v1/saved-items?type=voice&limit=1");
        var voice = (string)page!["items"]![0]!["assets"]![0]!["file_path"]!;
        var (status, created) = await _http.PostAsync("/v1/ai-voice-cloner", $$$"""{"assets":{"audio_file_path":"{{{voice}}}"},"style":{"prompt":"hello"}}""");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), created?.ToJsonString());

        var (unknown, error) = await _http.PostAsync("/v1/ai-headshot-generator", """{"assets":{"image_file_path":"saved-items/x/y/z.png"}}""");
        Assert.That(unknown, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That((string)error!["message"]!, Does.Contain("saved-items/x/y/z.png"));
    }

    [Test]
    public async Task SavedItemCount_sets_how_many_items_there_are()
    {
        await using var empty = await MagicHourEmulator.StartAsync(new() { SavedItemCount = 0 });
        using var http = new EmulatorHttp(empty);
        var (status, page) = await http.GetAsync("/v1/saved-items");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(page!["items"]!.AsArray(), Is.Empty);
        Assert.That(page["next_cursor"], Is.Null);
    }

    private async Task<List<JsonNode>> PageThroughAsync(string query)
    {
        var pages = new List<JsonNode>();
        string? cursor = null;
        do
        {
            var url = "/v1/saved-items?" + query + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            var (status, page) = await _http.GetAsync(url);
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK), page?.ToJsonString());
            pages.Add(page!);
            cursor = (string?)page!["next_cursor"];
            Assert.That(pages, Has.Count.LessThan(100), "paging must end");
        }
        while (cursor is not null);
        return pages;
    }

    private static List<string> Ids(JsonNode page) => page["items"]!.AsArray().Select(i => (string)i!["id"]!).ToList();
}
