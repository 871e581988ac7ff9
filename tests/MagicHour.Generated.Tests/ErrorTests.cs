using System.Net;

namespace MagicHour.Generated.Tests;

/// <summary>Every documented error status becomes one exception type, distinguishable without string matching.</summary>
public class ErrorTests
{
    [TestCase(400, """{"message":"Missing request body"}""", MagicHourErrorKind.BadRequest, "Missing request body")]
    [TestCase(401, """{"message":"Unauthorized"}""", MagicHourErrorKind.Unauthorized, "Unauthorized")]
    [TestCase(402, """{"message":"Payment required"}""", MagicHourErrorKind.PaymentRequired, "Payment required")]
    [TestCase(404, """{"message":"Not Found"}""", MagicHourErrorKind.NotFound, "Not Found")]
    [TestCase(422, """{"message":"Unable to create image"}""", MagicHourErrorKind.UnprocessableEntity, "Unable to create image")]
    public void CreateErrors_CarryStatusMessageAndRawBody(int status, string body, MagicHourErrorKind kind, string message)
    {
        using var api = new FakeApi();
        api.On(HttpMethod.Post, "https://api.test/v1/ai-headshot-generator", ((HttpStatusCode)status, body));
        var client = api.CreateClient();

        var ex = Assert.ThrowsAsync(Is.InstanceOf<MagicHourException>(), () => client.V1.AiHeadshotGenerator.CreateAsync(
            new AiHeadshotGeneratorCreateRequest { Assets = new() { ImageFilePath = "api-assets/a.png" } })) as MagicHourException;

        Assert.That(ex!.StatusCode, Is.EqualTo(status));
        Assert.That(ex.Kind, Is.EqualTo(kind));
        Assert.That(ex.ApiMessage, Is.EqualTo(message));
        Assert.That(ex.RawBody, Is.EqualTo(body));
        Assert.That(ex.Message, Does.Contain(status.ToString()));
        Assert.That(ex.ToString(), Does.Not.Contain(FakeApi.ApiKey));
        Assert.That(api.Requests, Has.Count.EqualTo(1), "4xx must not be retried");
    }

    [Test]
    public void NonJsonErrorBody_StillGivesStatusAndRawText()
    {
        using var api = new FakeApi();
        api.On(HttpMethod.Get, "https://api.test/v1/image-projects/p1", () => new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent("<html>bad gateway</html>") });
        var ex = Assert.ThrowsAsync<MagicHourException>(() => api.CreateClient().V1.ImageProjects.GetAsync("p1"));
        Assert.That(ex!.StatusCode, Is.EqualTo(400));
        Assert.That(ex.RawBody, Is.EqualTo("<html>bad gateway</html>"));
    }

    [Test]
    public void OversizedJsonResponse_IsRefusedNotBuffered()
    {
        using var api = new FakeApi();
        var huge = "{\"id\":\"p1\",\"credits_charged\":50,\"pad\":\"" + new string('x', 10_000) + "\"}";
        api.On(HttpMethod.Post, "https://api.test/v1/ai-headshot-generator", (HttpStatusCode.OK, huge));
        var client = api.CreateClient(o => o.MaxResponseBodyBytes = 1024);
        var ex = Assert.ThrowsAsync<MagicHourException>(() => client.V1.AiHeadshotGenerator.CreateAsync(
            new AiHeadshotGeneratorCreateRequest { Assets = new() { ImageFilePath = "api-assets/a.png" } }));
        Assert.That(ex!.Message, Does.Contain("larger than the limit of 1024 bytes"));
    }
}
