using System.Text.Json.Nodes;
using MagicHour.Cli.Commands;
using MagicHour.Cli.Tools;
using MagicHour.ContractTests;
using NJsonSchema;

namespace MagicHour.Cli.Tests;

/// <summary>
/// What the CLI really sends for a sample of create commands, captured on the wire on its way to the emulator,
/// is valid against the request schema of the vendor's own spec (../shared/upstream, as in MagicHour.ContractTests).
/// The request carries every field of the vendor's example (via --body-json) and local files given as flags,
/// which the CLI uploads and replaces with their api-assets/ paths.
/// </summary>
public class RequestContractTests
{
    private static readonly string[] Sample =
    [
        "ai-headshot-generator", "ai-image-generator", "ai-clothes-changer", "image-background-remover",
        "image-to-video", "lip-sync", "text-to-video", "ai-voice-generator", "ai-voice-cloner",
    ];

    public static IEnumerable<TestCaseData> Tools() => Sample.Select(name => new TestCaseData(name).SetName($"CreateRequest_MatchesTheVendorSchema({name})"));

    [TestCaseSource(nameof(Tools))]
    public async Task CreateRequest_MatchesTheVendorSchema(string name)
    {
        var tool = ToolCatalog.All.Single(t => t.Name == name);
        var bodySchema = Upstream.Operation("POST", tool.Path)["requestBody"]!["content"]!["application/json"]!["schema"]!;
        var body = ExampleBuilder.Build(bodySchema)!.AsObject();
        var options = new RequestOptions(tool);
        using var dir = new TempDir();
        var args = new List<string> { tool.Kind, tool.Name };
        var flags = new List<string>();
        foreach (var field in tool.Fields.Where(f => f.FileInput))
        {
            Assert.That(field.JsonPath, Does.Not.Contain("["), "sample tools take single files");
            Remove(body, field.JsonPath);
            var file = FileFor(dir, field.JsonPath);
            var flag = options.FlagFor(field.JsonPath)!;
            if (flag.StartsWith('<')) args.Add(file);
            else flags.AddRange([flag, file]);
        }
        args.AddRange(flags);
        args.AddRange(["--body-json", body.ToJsonString(), "--no-wait", "--json"]);

        await using var emulator = await TestEmulator.StartAsync();
        using var capture = new CapturingHandler();
        var run = await Cli.Run(emulator.With([.. args]), new CliEnv(), transport: capture);
        Assert.That(run.Code, Is.EqualTo(ExitCodes.Ok), run.ToString());

        var create = capture.Requests.Single(r => r.Method == "POST" && r.Path == tool.Path);
        var sent = JsonNode.Parse(create.Body!)!;
        var schema = await JsonSchema.FromJsonAsync(bodySchema.ToJsonString());
        Assert.That(schema.Validate(create.Body!).Select(e => e.ToString()), Is.Empty, $"body sent: {create.Body}");
        foreach (var field in tool.Fields.Where(f => f.FileInput && f.Required))
        {
            Assert.That(Get(sent, field.JsonPath)?.GetValue<string>(), Does.StartWith("api-assets/"), field.JsonPath);
        }
        Assert.That(capture.Requests.Count(r => r.Method == "POST" && r.Path == tool.Path), Is.EqualTo(1), "a create is never retried");
    }

    private static string FileFor(TempDir dir, string jsonPath)
    {
        var leaf = jsonPath.Split('.')[^1];
        var name = leaf.Replace("_file_path", "").Replace("_path", "");
        return leaf.Contains("video") ? dir.Video(name + ".mp4") : leaf.Contains("audio") ? dir.Audio(name + ".mp3") : dir.Portrait(name + ".png");
    }

    private static JsonNode? Get(JsonNode? node, string path)
    {
        foreach (var part in path.Split('.')) node = node?[part];
        return node;
    }

    private static void Remove(JsonObject root, string path)
    {
        var parts = path.Split('.');
        if (Get(root, string.Join('.', parts[..^1])) is JsonObject parent || (parts.Length == 1 && (parent = root) is not null)) parent.Remove(parts[^1]);
    }
}

/// <summary>Forwards to the network and records each request's method, path and body.</summary>
internal sealed class CapturingHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly List<(string Method, string Path, string? Body)> _requests = [];

    public IReadOnlyList<(string Method, string Path, string? Body)> Requests
    {
        get { lock (_requests) return [.. _requests]; }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null || request.Content.Headers.ContentType?.MediaType != "application/json"
            ? null
            : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (_requests) _requests.Add((request.Method.Method, request.RequestUri!.AbsolutePath, body));
        return await base.SendAsync(request, cancellationToken);
    }
}
