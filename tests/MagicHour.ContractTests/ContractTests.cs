using System.Collections;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MagicHour.Generated;
using NJsonSchema;
using RichardSzalay.MockHttp;

namespace MagicHour.ContractTests;

/// <summary>
/// For every operation of the vendor's spec: the SDK's request body is valid against the vendor's schema and
/// carries every field through the typed model unchanged; the vendor-shaped 200 response parses into our
/// models and serializes back without losing or renaming a field.
/// </summary>
public class ContractTests
{
    private static readonly Uri Base = new("https://api.test");

    public static IEnumerable<TestCaseData> WithRequestBody() => Upstream.Operations(op => op["requestBody"] is not null);
    public static IEnumerable<TestCaseData> WithJsonResponse() => Upstream.Operations(op => op["responses"]?["200"]?["content"]?["application/json"] is not null);
    public static IEnumerable<TestCaseData> Deletes() => Upstream.Operations(op => op["responses"]?["204"] is not null);

    [TestCaseSource(nameof(WithRequestBody))]
    public async Task RequestBody_MatchesTheVendorSchema_AndLosesNothing(string method, string path)
    {
        var operation = Upstream.Operation(method, path);
        var bodySchema = operation["requestBody"]!["content"]!["application/json"]!["schema"]!;
        var example = ExampleBuilder.Build(bodySchema)!;

        var (sent, _) = await CallAsync(method, path, example);

        Assert.That(sent, Is.Not.Null, "the SDK sent no body");
        AssertSameJson(example, sent!, "$");
        var schema = await JsonSchema.FromJsonAsync(bodySchema.ToJsonString());
        var errors = schema.Validate(sent!.ToJsonString());
        Assert.That(errors.Select(e => e.ToString()), Is.Empty, $"body sent: {sent.ToJsonString()}");
    }

    [TestCaseSource(nameof(WithJsonResponse))]
    public async Task Response_ParsesIntoModels_AndRoundTripsWithoutLoss(string method, string path)
    {
        var operation = Upstream.Operation(method, path);
        var responseExample = ExampleBuilder.Build(operation["responses"]!["200"]!["content"]!["application/json"]!["schema"])!;
        var requestExample = operation["requestBody"] is { } rb ? ExampleBuilder.Build(rb["content"]!["application/json"]!["schema"]) : null;

        var (_, result) = await CallAsync(method, path, requestExample, responseExample);

        Assert.That(result, Is.Not.Null);
        AssertNoUnknownFields(result!, "$");
        AssertSameJson(responseExample, JsonSerializer.SerializeToNode(result, result!.GetType())!, "$");
    }

    [TestCaseSource(nameof(Deletes))]
    public async Task Delete_Sends204Operation(string method, string path)
    {
        var (sent, result) = await CallAsync(method, path, null, null, HttpStatusCode.NoContent);
        Assert.That(sent, Is.Null);
        Assert.That(result, Is.Null);
    }

    /// <summary>Calls the SDK method for the operation through a MockHttp transport; returns the body sent and the parsed result.</summary>
    private static async Task<(JsonNode? Sent, object? Result)> CallAsync(string method, string path, JsonNode? requestExample, JsonNode? responseExample = null, HttpStatusCode status = HttpStatusCode.OK)
    {
        using var mock = new MockHttpMessageHandler();
        JsonNode? sent = null;
        var url = new Uri(Base, path.Replace("{id}", "abc-123"));
        mock.When(new HttpMethod(method), url.ToString()).Respond(req =>
        {
            if (req.Content is not null) sent = JsonNode.Parse(req.Content.ReadAsStringAsync().GetAwaiter().GetResult());
            return status == HttpStatusCode.NoContent
                ? new HttpResponseMessage(status)
                : new HttpResponseMessage(status) { Content = new StringContent((responseExample ?? new JsonObject()).ToJsonString(), Encoding.UTF8, "application/json") };
        });
        mock.Fallback.Respond(req => throw new AssertionException($"unexpected request {req.Method} {req.RequestUri}"));
        using var client = new MagicHourClient(new MagicHourClientOptions { ApiKey = "k", BaseUrl = Base, Transport = mock });

        var (target, call) = Resolve(client, method, path);
        // One argument per parameter: the path id, the request body, null for every optional query parameter.
        var arguments = call.GetParameters().Select(p =>
            p.ParameterType == typeof(CancellationToken) ? CancellationToken.None
            : p.ParameterType == typeof(string) && p.Name == "id" ? "abc-123"
            : p.HasDefaultValue ? null
            : requestExample.Deserialize(p.ParameterType)).ToArray();
        var task = (Task)call.Invoke(target, arguments)!;
        await task;
        var result = call.ReturnType.IsGenericType ? call.ReturnType.GetProperty("Result")!.GetValue(task) : null;
        return (sent, result);
    }

    /// <summary>Maps a vendor path to the SDK: /v1/ai-headshot-generator → V1.AiHeadshotGenerator.CreateAsync, and so on.</summary>
    private static (object Target, MethodInfo Method) Resolve(MagicHourClient client, string method, string path)
    {
        object target;
        if (path == "/v1/files/upload-urls")
        {
            target = client.V1.Files.UploadUrls;
        }
        else
        {
            var resource = string.Concat(path.Split('/')[2].Split('-').Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
            var property = typeof(MagicHourV1).GetProperty(resource) ?? throw new AssertionException($"MagicHourV1 has no '{resource}' for {method} {path}");
            target = property.GetValue(client.V1)!;
        }
        // GET on a collection (no path parameter) that is not a single resource lists: SavedItems.ListAsync.
        var names = method switch { "POST" => new[] { "CreateAsync" }, "GET" => ["GetAsync", "ListAsync"], "DELETE" => ["DeleteAsync"], _ => throw new AssertionException(method) };
        var call = target.GetType().GetMethods()
            .Where(m => names.Contains(m.Name) && m.GetParameters().LastOrDefault()?.ParameterType == typeof(CancellationToken))
            .OrderBy(m => Array.IndexOf(names, m.Name))
            .First();
        return (target, call);
    }

    private static void AssertSameJson(JsonNode? expected, JsonNode? actual, string at)
    {
        switch (expected)
        {
            case JsonObject e:
                Assert.That(actual, Is.InstanceOf<JsonObject>(), at);
                var a = (JsonObject)actual!;
                Assert.That(a.Select(p => p.Key), Is.EquivalentTo(e.Select(p => p.Key)), $"field names at {at}");
                foreach (var (k, v) in e) AssertSameJson(v, a[k], $"{at}.{k}");
                break;
            case JsonArray e:
                Assert.That(actual, Is.InstanceOf<JsonArray>(), at);
                var arr = (JsonArray)actual!;
                Assert.That(arr, Has.Count.EqualTo(e.Count), at);
                for (var i = 0; i < e.Count; i++) AssertSameJson(e[i], arr[i], $"{at}[{i}]");
                break;
            case null:
                Assert.That(actual, Is.Null, at);
                break;
            default:
                Assert.That(actual, Is.Not.Null, at);
                if (expected.GetValueKind() == JsonValueKind.Number)
                    Assert.That(Number(actual!), Is.EqualTo(Number(expected)).Within(1e-6), at);
                else if (expected.GetValueKind() == JsonValueKind.String && DateTimeOffset.TryParse(expected.GetValue<string>(), out var date) && expected.GetValue<string>().Contains('T'))
                    Assert.That(DateTimeOffset.Parse(actual!.GetValue<string>()), Is.EqualTo(date), at);
                else
                    Assert.That(actual!.ToJsonString(), Is.EqualTo(expected.ToJsonString()), at);
                break;
        }
    }

    private static double Number(JsonNode node) => double.Parse(node.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Every field must land in a typed property: nothing may fall into AdditionalProperties.</summary>
    private static void AssertNoUnknownFields(object value, string at)
    {
        var type = value.GetType();
        if (type.Namespace != "MagicHour.Generated" || !type.IsClass) return;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var child = property.GetValue(value);
            if (property.Name == "AdditionalProperties")
            {
                Assert.That(child is null || ((ICollection)child).Count == 0, Is.True, $"unknown fields at {at}: {string.Join(", ", ((IDictionary<string, JsonElement>?)child)?.Keys ?? [])}");
            }
            else if (child is IEnumerable items and not string)
            {
                var i = 0;
                foreach (var item in items) if (item is not null) AssertNoUnknownFields(item, $"{at}.{property.Name}[{i++}]");
            }
            else if (child is not null)
            {
                AssertNoUnknownFields(child, $"{at}.{property.Name}");
            }
        }
    }
}
