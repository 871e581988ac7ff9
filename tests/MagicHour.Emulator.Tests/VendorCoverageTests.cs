using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MagicHour.ContractTests;

namespace MagicHour.Emulator.Tests;

/// <summary>
/// The emulator against the vendor's own file (../shared/upstream/magic-hour-openapi.json), not a hand-kept list:
/// an operation the vendor publishes is a failing test here until the emulator serves it.
/// </summary>
[TestFixture]
public sealed class VendorCoverageTests
{
    private MagicHourEmulator _emulator = null!;
    private EmulatorHttp _http = null!;

    public static IEnumerable<TestCaseData> VendorOperations() => Upstream.Operations(_ => true);

    [OneTimeSetUp]
    public async Task Start()
    {
        _emulator = await MagicHourEmulator.StartAsync();
        _http = new EmulatorHttp(_emulator);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _http.Dispose();
        await _emulator.DisposeAsync();
    }

    [TestCaseSource(nameof(VendorOperations))]
    public async Task The_emulator_serves_the_vendor_operation(string method, string path)
    {
        using var response = await _http.Http.GetAsync("/_emulator/routes");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var routes = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["routes"]!.AsArray().Select(r => (string)r!).ToList();
        Assert.That(routes, Does.Contain($"{method} {path}"));
    }

    [Test]
    public void The_vendor_file_is_there_and_has_operations()
    {
        Assert.That(VendorOperations().Count(), Is.GreaterThan(30), "../shared/upstream/magic-hour-openapi.json lists the vendor's operations");
    }

    [Test]
    public void Every_vendor_create_operation_is_in_the_catalogue_with_its_project_kind()
    {
        // Vendor creates are POSTs whose 200 answer is {id, credits_charged} and whose tag names the project kind.
        var served = CreateEndpointCatalog.All.ToDictionary(e => e.Path, e => e.Kind.ToString().ToLowerInvariant());
        var creates = 0;
        foreach (var (path, item) in Upstream.Document["paths"]!.AsObject())
        {
            if (item!["post"] is not JsonObject post || post["tags"]?[0] is not JsonValue tag
                || Regex.Match((string)tag!, "^(Image|Video|Audio) Projects$") is not { Success: true } match)
            {
                continue;
            }
            creates++;
            Assert.That(served, Does.ContainKey(path));
            Assert.That(served[path], Is.EqualTo(match.Groups[1].Value.ToLowerInvariant()), path);
        }
        Assert.That(creates, Is.EqualTo(served.Count), "and nothing the vendor does not publish");
    }

    [Test]
    public void Every_project_type_is_one_the_vendor_lists()
    {
        foreach (var endpoint in CreateEndpointCatalog.All)
        {
            var kind = endpoint.Kind.ToString().ToLowerInvariant();
            var description = (string)Upstream.Operation("GET", $"/v1/{kind}-projects/{{id}}")["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["properties"]!["type"]!["description"]!;
            var listed = description[(description.IndexOf("Possible values are ", StringComparison.Ordinal) + "Possible values are ".Length)..]
                .Split(',', StringSplitOptions.TrimEntries).Select(v => v.TrimEnd('.'));
            Assert.That(listed, Does.Contain(endpoint.Type), $"{endpoint.Path} reports {endpoint.Type}");
        }
    }
}
