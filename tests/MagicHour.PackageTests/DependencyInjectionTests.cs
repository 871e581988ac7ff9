using MagicHour.Emulator;
using MagicHour.Generated;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MagicHour.PackageTests;

/// <summary>
/// services.AddMagicHour(...) on a real ServiceCollection / host: the client comes from IHttpClientFactory with the
/// SDK's handlers (observed on the wire, after them), options are validated at start, the key falls back to the environment.
/// </summary>
public class DependencyInjectionTests
{
    private static IConfiguration Config(MagicHourEmulator emulator, string? apiKey) => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MagicHour:ApiKey"] = apiKey,
            ["MagicHour:BaseUrl"] = emulator.BaseUrl.ToString(),
            ["MagicHour:PollInterval"] = "00:00:00.05",
            ["MagicHour:MaxPollInterval"] = "00:00:00.2",
            ["MagicHour:MaxRetries"] = "2",
        })
        .Build();

    [Test]
    public async Task FromConfigurationSection_GeneratesAHeadshot_ThroughTheFactoryWithTheSdkHandlers()
    {
        await using var emulator = await Env.StartEmulatorAsync();
        using var dir = new TempDir();
        var recorder = new RecordingHandler();
        var storageRecorder = new RecordingHandler();
        var services = new ServiceCollection();
        services.AddMagicHour(Config(emulator, emulator.ApiKey).GetSection("MagicHour")).AddHttpMessageHandler(() => recorder);
        // Pre-signed storage transfers have their own pipeline (no key, no API retry), configured by its own name.
        services.AddHttpClient(MagicHourServiceCollectionExtensions.StorageHttpClientName).AddHttpMessageHandler(() => storageRecorder);
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var client = provider.GetRequiredService<MagicHourClient>();
        var result = await client.V1.AiHeadshotGenerator.GenerateAsync(Env.Headshot(Env.Portrait), new GenerateOptions { DownloadDirectory = dir.Path });

        Assert.That(result.Project!.Status, Is.EqualTo(ProjectStatus.Complete));
        Env.AssertPng(result.DownloadedPaths.Single());
        var seen = recorder.Seen.Concat(storageRecorder.Seen).ToList();
        var api = seen.Where(r => r.Uri.AbsolutePath.StartsWith("/v1/", StringComparison.Ordinal)).ToList();
        var storage = seen.Where(r => r.Uri.AbsolutePath.StartsWith("/_storage/", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(recorder.Seen.Select(r => r.Uri.AbsolutePath), Has.All.StartWith("/v1/"), "the API client carries API calls only");
            Assert.That(storageRecorder.Seen.Select(r => r.Uri.AbsolutePath), Has.All.StartWith("/_storage/"), "the storage client carries transfers only");
            Assert.That(api.Select(r => r.Uri.AbsolutePath), Does.Contain("/v1/files/upload-urls").And.Contain("/v1/ai-headshot-generator"));
            Assert.That(api.Select(r => r.Authorization?.ToString()), Is.All.EqualTo($"Bearer {emulator.ApiKey}"), "Kiota's AuthorizationHandler ran before the test's handler");
            Assert.That(storage.Select(r => r.Method), Does.Contain(HttpMethod.Put).And.Contain(HttpMethod.Get));
            Assert.That(storage.Select(r => r.Authorization), Is.All.Null, "the key never goes to storage URLs");
            Assert.That(seen.Select(r => r.UserAgent), Is.All.Contains("MagicHour.Generated/"), "Kiota's UserAgentHandler ran");
        });
    }

    [Test]
    public async Task WithDelegate_RetriesLikeTheStandaloneClient_AndTheFactoryClientHasNoTimeout()
    {
        await using var emulator = await Env.StartEmulatorAsync();
        var recorder = new RecordingHandler();
        var services = new ServiceCollection();
        services.AddMagicHour(o =>
        {
            o.ApiKey = emulator.ApiKey;
            o.BaseUrl = emulator.BaseUrl;
            o.MaxRetries = 2;
        }).AddHttpMessageHandler(() => recorder);
        await using var provider = services.BuildServiceProvider();

        emulator.InjectFault(new EmulatorFault { Route = "POST /v1/files/upload-urls", Kind = EmulatorFaultKind.Status, StatusCode = 503, RetryAfter = TimeSpan.Zero, Count = 1 });
        var client = provider.GetRequiredService<MagicHourClient>();
        var urls = await client.V1.Files.UploadUrls.CreateAsync(new UploadUrlsCreateRequest { Items = [new UploadUrlRequestItem { Type = FileType.Image, Extension = "png" }] });

        Assert.That(urls.Items, Has.Count.EqualTo(1));
        Assert.That(recorder.Seen.Select(r => r.Status), Is.EqualTo(new[] { 503, 200 }), "the SDK's ResilienceHandler (outside the test's handler) repeated the 503");
        var factory = provider.GetRequiredService<IHttpClientFactory>();
        Assert.That(factory.CreateClient(MagicHourServiceCollectionExtensions.HttpClientName).Timeout, Is.EqualTo(Timeout.InfiniteTimeSpan), "large transfers are not cut by HttpClient.Timeout");
    }

    [Test]
    public async Task CalledTwice_RegistersTheHandlersOnce()
    {
        await using var emulator = await Env.StartEmulatorAsync();
        var recorder = new RecordingHandler();
        var services = new ServiceCollection();
        services.AddMagicHour(o => { o.ApiKey = emulator.ApiKey; o.MaxRetries = 1; });
        services.AddMagicHour(o => o.BaseUrl = emulator.BaseUrl).AddHttpMessageHandler(() => recorder);
        await using var provider = services.BuildServiceProvider();

        // Every attempt answers 503: one retry handler makes 2 attempts; a doubled chain would make 4.
        emulator.InjectFault(new EmulatorFault { Route = "GET /v1/image-projects", Kind = EmulatorFaultKind.Status, StatusCode = 503, RetryAfter = TimeSpan.Zero, Count = 10 });
        var ex = Assert.ThrowsAsync<MagicHourException>(() => provider.GetRequiredService<MagicHourClient>().V1.ImageProjects.GetAsync("p1"));
        Assert.That(ex!.StatusCode, Is.EqualTo(503));
        Assert.That(recorder.Seen, Has.Count.EqualTo(2));
    }

    [Test]
    [NonParallelizable] // sets MAGIC_HOUR_API_KEY
    public async Task ApiKey_DefaultsTo_MAGIC_HOUR_API_KEY()
    {
        await using var emulator = await Env.StartEmulatorAsync();
        using var key = new EnvVar("MAGIC_HOUR_API_KEY", emulator.ApiKey);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddMagicHour(o => o.BaseUrl = emulator.BaseUrl);
        using var host = builder.Build();
        await host.StartAsync();

        var client = host.Services.GetRequiredService<MagicHourClient>();
        var urls = await client.V1.Files.UploadUrls.CreateAsync(new UploadUrlsCreateRequest { Items = [new UploadUrlRequestItem { Type = FileType.Image, Extension = "png" }] });
        Assert.That(urls.Items.Single().FilePath, Does.StartWith("api-assets/"), "the emulator accepted the key taken from the environment");
        await host.StopAsync();
    }

    [Test]
    [NonParallelizable] // clears MAGIC_HOUR_API_KEY
    public void MissingKey_StopsTheHostAtStart_BeforeAnyRequest()
    {
        using var key = new EnvVar("MAGIC_HOUR_API_KEY", null);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddMagicHour(builder.Configuration.GetSection("MagicHour"));
        using var host = builder.Build();

        var ex = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.That(ex!.Message, Does.Contain("MAGIC_HOUR_API_KEY"));
    }

    [Test]
    public void PlainHttpToARemoteHost_StopsTheHostAtStart()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddMagicHour(o => { o.ApiKey = "sk_test"; o.BaseUrl = new Uri("http://api.example.com"); });
        using var host = builder.Build();

        var ex = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.That(ex!.Message, Does.Contain("plain http"));
        Assert.That(ex.Message, Does.Not.Contain("sk_test"));
    }

    [Test]
    public void InvalidNumber_FromConfiguration_IsReportedAtStart()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["MagicHour:ApiKey"] = "sk_test", ["MagicHour:MaxRetries"] = "42" });
        builder.Services.AddMagicHour(builder.Configuration.GetSection("MagicHour"));
        using var host = builder.Build();

        var ex = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.That(ex!.Message, Does.Contain("MaxRetries"));
    }
}
