using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MagicHour.Generated;
using RichardSzalay.MockHttp;

namespace MagicHour.ContractTests;

/// <summary>
/// Query parameters reach the wire under the vendor's names, with values the vendor's schema accepts,
/// and unset ones are left out (the generator used to drop query parameters silently).
/// </summary>
public class QueryParameterTests
{
    private static readonly Uri Base = new("https://api.test");

    [Test]
    public async Task SavedItemsList_SendsEveryVendorQueryParameter_ByItsVendorName()
    {
        var vendorNames = Upstream.Operation("GET", "/v1/saved-items")["parameters"]!.AsArray()
            .Where(p => (string)p!["in"]! == "query").Select(p => (string)p!["name"]!).ToList();
        Uri? sent = null;
        using var client = Client(req => sent = req.RequestUri);

        await client.V1.SavedItems.ListAsync(SavedItemType.BrandKit, 100, "c/ 2");

        Assert.That(vendorNames, Is.EquivalentTo(new[] { "type", "limit", "cursor" }));
        var query = System.Web.HttpUtility.ParseQueryString(sent!.Query);
        Assert.That(query.AllKeys, Is.EquivalentTo(vendorNames));
        Assert.That(query["type"], Is.EqualTo("brand_kit"));
        Assert.That(query["limit"], Is.EqualTo("100"));
        Assert.That(query["cursor"], Is.EqualTo("c/ 2"), "percent-encoded on the wire, the same string after decoding");
    }

    [Test]
    public async Task SavedItemsList_LeavesUnsetParametersOut()
    {
        Uri? sent = null;
        using var client = Client(req => sent = req.RequestUri);

        await client.V1.SavedItems.ListAsync();

        Assert.That(sent!.PathAndQuery, Is.EqualTo("/v1/saved-items"));
    }

    [TestCase(0)]
    [TestCase(101)]
    public void SavedItemsList_RefusesALimitOutsideTheVendorsRange_BeforeSending(int limit)
    {
        var schema = Upstream.Operation("GET", "/v1/saved-items")["parameters"]!.AsArray().Single(p => (string)p!["name"]! == "limit")!["schema"]!;
        Assert.That(limit < (int)schema["minimum"]! || limit > (int)schema["maximum"]!, "the case is outside the vendor's range");
        var requests = 0;
        using var client = Client(_ => requests++);

        Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.V1.SavedItems.ListAsync(limit: limit));
        Assert.That(requests, Is.Zero);
    }

    private static MagicHourClient Client(Action<HttpRequestMessage> capture)
    {
        var mock = new MockHttpMessageHandler();
        mock.Fallback.Respond(req =>
        {
            capture(req);
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent("""{"items":[],"next_cursor":null}""", Encoding.UTF8, "application/json"),
            };
        });
        return new MagicHourClient(new MagicHourClientOptions { ApiKey = "k", BaseUrl = Base, Transport = mock });
    }
}
