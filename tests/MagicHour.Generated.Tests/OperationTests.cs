using System.Net;
using System.Text.Json;

namespace MagicHour.Generated.Tests;

/// <summary>Each operation's request on the wire and its response parsing.</summary>
public class OperationTests
{
    [Test]
    public async Task HeadshotCreate_SendsExactJsonWithBearerAndUserAgent()
    {
        using var api = new FakeApi();
        api.On(HttpMethod.Post, "https://api.test/v1/ai-headshot-generator", (HttpStatusCode.OK, """{"id":"p1","credits_charged":50}"""));
        var client = api.CreateClient();

        var created = await client.V1.AiHeadshotGenerator.CreateAsync(new AiHeadshotGeneratorCreateRequest
        {
            Name = "Ai Headshot image",
            Assets = new() { ImageFilePath = "api-assets/id/1234.png" },
        });

        Assert.That(created.Id, Is.EqualTo("p1"));
        Assert.That(created.CreditsCharged, Is.EqualTo(50));
        var sent = api.Requests.Single();
        Assert.That(sent.Method, Is.EqualTo(HttpMethod.Post));
        Assert.That(sent.Uri.ToString(), Is.EqualTo("https://api.test/v1/ai-headshot-generator"));
        Assert.That(sent.Authorization, Is.EqualTo("Bearer " + FakeApi.ApiKey));
        Assert.That(sent.UserAgent, Does.Contain("MagicHour.Generated/"));
        // Optional fields left null are omitted, so the server applies its own defaults.
        Assert.That(sent.BodyText, Is.EqualTo("""{"name":"Ai Headshot image","assets":{"image_file_path":"api-assets/id/1234.png"}}"""));
    }

    [Test]
    public async Task HeadshotCreate_WithStylePrompt_SendsStyleObject()
    {
        using var api = new FakeApi();
        api.On(HttpMethod.Post, "https://api.test/v1/ai-headshot-generator", (HttpStatusCode.OK, """{"id":"p1","credits_charged":50}"""));
        var client = api.CreateClient();

        await client.V1.AiHeadshotGenerator.CreateAsync(new AiHeadshotGeneratorCreateRequest
        {
            Style = new() { Prompt = "studio light" },
            Assets = new() { ImageFilePath = "https://example.com/me.png" },
        });

        Assert.That(api.Requests.Single().BodyText, Is.EqualTo("""{"style":{"prompt":"studio light"},"assets":{"image_file_path":"https://example.com/me.png"}}"""));
    }

    [Test]
    public async Task UploadUrlsCreate_SendsItemsAndParsesSlots()
    {
        using var api = new FakeApi();
        api.On(HttpMethod.Post, "https://api.test/v1/files/upload-urls",
            (HttpStatusCode.OK, """{"items":[{"upload_url":"https://storage.test/u?sig=1","expires_at":"2026-11-26T10:00:00Z","file_path":"api-assets/x/a.png"}]}"""));
        var client = api.CreateClient();

        var result = await client.V1.Files.UploadUrls.CreateAsync(new UploadUrlsCreateRequest
        {
            Items = [new UploadUrlRequestItem { Type = FileType.Image, Extension = "png" }],
        });

        Assert.That(api.Requests.Single().BodyText, Is.EqualTo("""{"items":[{"type":"image","extension":"png"}]}"""));
        Assert.That(result.Items[0].FilePath, Is.EqualTo("api-assets/x/a.png"));
        Assert.That(result.Items[0].UploadUrl, Is.EqualTo(new Uri("https://storage.test/u?sig=1")));
        Assert.That(result.Items[0].ExpiresAt, Is.EqualTo(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero)));
    }

    [Test]
    public async Task ImageProjectGet_ParsesEveryField()
    {
        using var api = new FakeApi();
        api.On(HttpMethod.Get, "https://api.test/v1/image-projects/p1",
            (HttpStatusCode.OK, FakeApi.Project("p1", "complete", FakeApi.Downloads("https://storage.test/o.png"))));
        var client = api.CreateClient();

        var project = await client.V1.ImageProjects.GetAsync("p1");

        Assert.That(api.Requests.Single().Method, Is.EqualTo(HttpMethod.Get));
        Assert.That(project.Id, Is.EqualTo("p1"));
        Assert.That(project.Name, Is.EqualTo("Ai Headshot image"));
        Assert.That(project.Status, Is.EqualTo(ProjectStatus.Complete));
        Assert.That(project.ImageCount, Is.EqualTo(1));
        Assert.That(project.Type, Is.EqualTo("AI_HEADSHOT"));
        Assert.That(project.Enabled, Is.True);
        Assert.That(project.CreditsCharged, Is.EqualTo(50));
        Assert.That(project.Downloads.Single().Url, Is.EqualTo(new Uri("https://storage.test/o.png")));
        Assert.That(project.Error, Is.Null);
    }

    [Test]
    public async Task ImageProjectGet_ParsesErrorObject()
    {
        using var api = new FakeApi();
        api.On(HttpMethod.Get, "https://api.test/v1/image-projects/p1",
            (HttpStatusCode.OK, FakeApi.Project("p1", "error", error: """{"message":"No face found","code":"no_source_face"}""", credits: 0)));
        var project = await api.CreateClient().V1.ImageProjects.GetAsync("p1");
        Assert.That(project.Status, Is.EqualTo(ProjectStatus.Error));
        Assert.That(project.Error!.Code, Is.EqualTo("no_source_face"));
        Assert.That(project.Error.Message, Is.EqualTo("No face found"));
    }

    [Test]
    public async Task ImageProjectDelete_SendsDeleteAndAccepts204()
    {
        using var api = new FakeApi();
        api.On(HttpMethod.Delete, "https://api.test/v1/image-projects/p1", () => new HttpResponseMessage(HttpStatusCode.NoContent));
        await api.CreateClient().V1.ImageProjects.DeleteAsync("p1");
        var sent = api.Requests.Single();
        Assert.That(sent.Method, Is.EqualTo(HttpMethod.Delete));
        Assert.That(sent.Uri.AbsolutePath, Is.EqualTo("/v1/image-projects/p1"));
    }

    [Test]
    public async Task ProjectId_IsEscapedInThePath()
    {
        using var api = new FakeApi();
        var client = api.CreateClient();
        Assert.CatchAsync<MagicHourException>(() => client.V1.ImageProjects.GetAsync("a/b c"));
        Assert.That(api.Requests.Single().Uri.AbsolutePath, Is.EqualTo("/v1/image-projects/a%2Fb%20c"));
        await Task.CompletedTask;
    }

    [Test]
    public void ExtensibleEnum_RoundTripsKnownAndUnknownValuesExactly()
    {
        var json = FakeApi.Project("p1", "paused_by_admin");
        var project = JsonSerializer.Deserialize<ImageProject>(json)!;
        Assert.That(project.Status.ToString(), Is.EqualTo("paused_by_admin"));
        Assert.That(project.Status.IsKnown, Is.False);
        Assert.That(JsonSerializer.Serialize(project), Does.Contain("\"status\":\"paused_by_admin\""));

        Assert.That(JsonSerializer.Serialize(ProjectStatus.Complete), Is.EqualTo("\"complete\""));
        Assert.That(JsonSerializer.Deserialize<ProjectStatus>("\"canceled\""), Is.EqualTo(ProjectStatus.Canceled));
        Assert.That(ProjectStatus.KnownValues.Select(v => v.ToString()), Is.EqualTo(new[] { "draft", "queued", "rendering", "complete", "error", "canceled" }));
    }

    [Test]
    public void Models_KeepUnknownFieldsOnRoundTrip()
    {
        var json = """{"id":"p1","credits_charged":50,"new_field":{"a":[1,2]}}""";
        var parsed = JsonSerializer.Deserialize<ImageProjectCreateResponse>(json)!;
        Assert.That(JsonSerializer.Serialize(parsed), Is.EqualTo(json));
    }
}

public class SurfaceTests
{
    /// <summary>Every tag of our spec is one generated client, and every one of them is reachable on client.V1.</summary>
    [Test]
    public void EveryGeneratedResourceClient_IsExposedOnV1()
    {
        var exposed = typeof(MagicHourV1).GetProperties().Select(p => p.PropertyType).ToHashSet();
        var generated = typeof(MagicHourClient).Assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && typeof(IMagicHourResourceClient).IsAssignableFrom(t))
            .ToList();
        var clientsInSpec = OurSpec.Operations().Select(o => (string)o.Operation["operationId"]!).Select(id => id[..id.IndexOf('_')] + "Client").Distinct().ToList();

        Assert.That(generated.Select(t => t.Name), Is.EquivalentTo(clientsInSpec));
        Assert.That(generated.Where(t => !exposed.Contains(t)).Select(t => t.Name), Is.Empty);
        using var client = new MagicHourClient(new MagicHourClientOptions { ApiKey = "k" });
        Assert.That(typeof(MagicHourV1).GetProperties().Select(p => p.GetValue(client.V1)), Has.None.Null);
        Assert.That(client.V1.AiHeadshotGenerator, Is.SameAs(client.V1.AiHeadshotGenerator), "one client per resource");
    }

    /// <summary>Generate/Resume follow the spec's x-magichour-project-kind mark, not the response schema's name.</summary>
    [Test]
    public void EveryProjectCreatingOperation_HasGenerateAndResume_OfItsKind()
    {
        var creates = OurSpec.Operations().Where(o => o.Method == "post" && o.Operation["x-magichour-project-kind"] is not null).ToList();
        var creators = typeof(MagicHourClient).Assembly.GetTypes()
            .Where(t => typeof(IMagicHourResourceClient).IsAssignableFrom(t) && t.GetMethod("GenerateAsync") is not null)
            .ToList();

        Assert.That(creates, Has.Count.GreaterThanOrEqualTo(28));
        Assert.That(creators, Has.Count.EqualTo(creates.Count));
        foreach (var (_, _, operation) in creates)
        {
            var id = (string)operation["operationId"]!;
            var type = creators.Single(t => t.Name == id[..id.IndexOf('_')] + "Client");
            var kind = (string)operation["x-magichour-project-kind"]!;
            var projectType = type.GetMethod("GenerateAsync")!.ReturnType.GenericTypeArguments[0].GenericTypeArguments[0];
            Assert.That(projectType.Name, Is.EqualTo(char.ToUpperInvariant(kind[0]) + kind[1..] + "Project"), id);
            Assert.That(type.GetMethod("Generate"), Is.Not.Null, type.Name);
            Assert.That(type.GetMethod("ResumeAsync"), Is.Not.Null, type.Name);
            Assert.That(type.GetMethod("Resume"), Is.Not.Null, type.Name);
        }
    }
}

public class EnumNamingTests
{
    [Test]
    public void AwkwardWireValues_GetReadableNames_AndKeepTheirExactValue()
    {
        var members = typeof(MagicHourClient).Assembly.GetTypes()
            .Where(t => t.IsValueType && t.Namespace == typeof(ImageProject).Namespace && t.GetProperty("KnownValues") is not null)
            .SelectMany(t => t.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static).Where(p => p.PropertyType == t))
            .ToLookup(p => p.Name, p => p.GetValue(null)!.ToString());
        Assert.That(members["Ratio16x9"], Has.All.EqualTo("16:9").And.Not.Empty);
        Assert.That(members["_3DAnime"], Has.All.EqualTo("3D Anime").And.Not.Empty);
        Assert.That(members["_21Savage"], Has.All.EqualTo("21 Savage").And.Not.Empty);
    }
}
