using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MagicHour.Cli.Tests;

/// <summary>
/// The account and saved-items routes, which the emulator (tools/MagicHour.Emulator) does not serve yet:
/// three saved items (two faces, one voice), pages of <c>limit</c> items linked by <c>next_cursor</c>.
/// </summary>
internal sealed class StubApi : IAsyncDisposable
{
    public const string Key = "mh_stub_key";
    private readonly WebApplication _app;

    private StubApi(WebApplication app, string url)
    {
        _app = app;
        BaseUrl = url;
    }

    public string BaseUrl { get; }

    public string[] Flags => ["--base-url", BaseUrl, "--api-key", Key];

    public string[] With(params string[] args) => [.. args, .. Flags];

    public static async Task<StubApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        string[][] items = [["face1", "face"], ["voice1", "voice"], ["face2", "face"]];
        app.Use(async (context, next) =>
        {
            if (context.Request.Headers.Authorization != $"Bearer {Key}")
            {
                context.Response.StatusCode = 401;
                await context.Response.WriteAsJsonAsync(new Dictionary<string, string> { ["message"] = "Unauthorized" });
                return;
            }
            await next();
        });
        app.MapGet("/v1/account", () => Results.Text("""{"id":"acct_1","email":"me@example.com","tier":"creator","credits":1234}""", "application/json"));
        app.MapGet("/v1/saved-items", (HttpRequest request) =>
        {
            var type = request.Query["type"].FirstOrDefault();
            var limit = int.TryParse(request.Query["limit"], out var l) ? l : 50;
            var start = int.TryParse(request.Query["cursor"], out var c) ? c : 0;
            var matching = items.Where(i => type is null || i[1] == type).ToList();
            var page = matching.Skip(start).Take(limit).Select(i => $$"""{"id":"{{i[0]}}","type":"{{i[1]}}","name":"{{i[0]}}","assets":[]}""");
            var next = start + limit < matching.Count ? $"\"{start + limit}\"" : "null";
            return Results.Text($$"""{"items":[{{string.Join(",", page)}}],"next_cursor":{{next}}}""", "application/json");
        });
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new StubApi(app, url);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
