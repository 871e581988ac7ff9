using System.Net;

namespace MagicHour.Generated.Tests;

/// <summary>The …WithResponseAsync twins: the typed value plus the status and headers of the response it came from.</summary>
public class RawResponseTests
{
    private static Func<HttpResponseMessage> WithHeaders(string json)
        => () =>
        {
            var response = FakeApi.Json(HttpStatusCode.OK, json);
            response.Headers.TryAddWithoutValidation("x-request-id", "req-123");
            response.Headers.TryAddWithoutValidation("x-ratelimit-remaining", "41");
            return response;
        };

    [Test]
    public async Task GetWithResponseAsync_ReturnsTheProject_AndTheResponseHeaders()
    {
        using var api = new FakeApi();
        api.On(HttpMethod.Get, $"{FakeApi.BaseUrl}v1/image-projects/p1", WithHeaders(FakeApi.Project("p1", "complete")));
        var client = api.CreateClient();

        var response = await client.V1.ImageProjects.GetWithResponseAsync("p1");

        Assert.That(response.Value.Id, Is.EqualTo("p1"));
        Assert.That(response.Value.Status, Is.EqualTo(ProjectStatus.Complete));
        var raw = response.GetRawResponse();
        Assert.That(raw.Status, Is.EqualTo(200));
        Assert.That(raw.GetHeader("X-Request-Id"), Is.EqualTo("req-123"), "header names compare case-insensitively");
        Assert.That(raw.Headers["x-ratelimit-remaining"], Is.EqualTo(new[] { "41" }));
        Assert.That(raw.GetHeader("Content-Type"), Does.StartWith("application/json"), "content headers are included");
        Assert.That(raw.GetHeader("x-missing"), Is.Null);
        Assert.That(api.Requests, Has.Count.EqualTo(1), "one request, like GetAsync");
    }

    [Test]
    public void SyncTwin_AndAnOperationWithoutBody_ReturnTheRawResponse()
    {
        using var api = new FakeApi();
        api.On(HttpMethod.Get, $"{FakeApi.BaseUrl}v1/account",
            WithHeaders("""{"id":"acc","email":null,"tier":"free","credits":120,"subscription":null}"""));
        api.On(HttpMethod.Delete, $"{FakeApi.BaseUrl}v1/image-projects/p1", () =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.NoContent);
            response.Headers.TryAddWithoutValidation("x-request-id", "req-del");
            return response;
        });
        var client = api.CreateClient();

        var account = client.V1.Account.GetWithResponse();
        var deleted = client.V1.ImageProjects.DeleteWithResponse("p1");

        Assert.That(account.Value.Credits, Is.EqualTo(120));
        Assert.That(account.GetRawResponse().GetHeader("x-request-id"), Is.EqualTo("req-123"));
        Assert.That(deleted.Status, Is.EqualTo(204));
        Assert.That(deleted.GetHeader("x-request-id"), Is.EqualTo("req-del"));
        Assert.That(api.Requests.Select(r => r.Method), Is.EqualTo(new[] { HttpMethod.Get, HttpMethod.Delete }));
    }

    [Test]
    public void AnErrorStatus_StillThrowsMagicHourException()
    {
        using var api = new FakeApi();
        api.On(HttpMethod.Get, $"{FakeApi.BaseUrl}v1/image-projects/nope", (HttpStatusCode.NotFound, """{"message":"Not Found"}"""));
        var client = api.CreateClient();

        var ex = Assert.CatchAsync<MagicHourException>(() => client.V1.ImageProjects.GetWithResponseAsync("nope"));

        Assert.That(ex!.StatusCode, Is.EqualTo(404));
    }

    [Test]
    public void ModelFactory_BuildsAResponse_ForAMockedClient()
    {
        var project = new ImageProject
        {
            Id = "p1", Name = null, Status = ProjectStatus.Complete, ImageCount = 1, Type = "AI_HEADSHOT",
            CreatedAt = DateTimeOffset.UnixEpoch, Enabled = true, CreditsCharged = 5, Downloads = [], Error = null,
        };

        var response = MagicHourModelFactory.Response(project, 200, new Dictionary<string, string> { ["x-request-id"] = "r1" });

        Assert.That(response.Value, Is.SameAs(project));
        Assert.That(response.GetRawResponse().GetHeader("X-REQUEST-ID"), Is.EqualTo("r1"));
        Assert.That(MagicHourModelFactory.RawResponse(204).Status, Is.EqualTo(204));
    }

    [Test]
    public void ModelFactory_HasAMethodForEveryGeneratedModel_ThatSetsWhatItIsGiven()
    {
        var models = typeof(ImageProject).Assembly.GetTypes()
            .Where(t => t.IsClass && t.IsPublic && t.Namespace == typeof(ImageProject).Namespace && !t.IsAbstract
                && t.GetInterface("IValidatedModel") is not null)
            .ToList();
        var factories = typeof(MagicHourModelFactory).GetMethods().Select(m => m.ReturnType).ToHashSet();
        Assert.That(models, Has.Count.GreaterThan(50));
        Assert.That(models.Where(m => !factories.Contains(m)).Select(m => m.Name), Is.Empty);

        var project = MagicHourModelFactory.ImageProject(id: "p9", status: ProjectStatus.Error, creditsCharged: 3,
            error: MagicHourModelFactory.ProjectError(code: "no_face", message: "No face found"));

        Assert.That((project.Id, project.Status, project.CreditsCharged, project.Error!.Code), Is.EqualTo(("p9", ProjectStatus.Error, 3, "no_face")));
        Assert.That(project.Downloads, Is.Empty, "an unset list is empty, not null");
        var json = System.Text.Json.JsonSerializer.Serialize(project, MagicHour.Generated.Http.MagicHourJson.Options);
        Assert.That(json, Does.Contain("\"id\":\"p9\"").And.Contain("\"code\":\"no_face\""));
    }
}

