namespace MagicHour.SpecDrift.Tests;

/// <summary>The command line, run in-process: output format and exit codes.</summary>
public class CliTests
{
    private const string Upstream =
        """
        {"openapi": "3.0.2", "paths": {"/v1/thing": {"post": {
          "requestBody": {"required": true, "content": {"application/json": {"schema": {
            "type": "object", "required": ["assets"], "properties": {"assets": {"type": "string", "description": "vendor"}}}}}},
          "responses": {"200": {"description": "Success"}}}}}}
        """;

    private const string SameAsUpstream =
        """
        openapi: 3.0.3
        info: {title: ours, version: v1}
        paths:
          /v1/thing:
            post:
              operationId: Thing_Create
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/ThingRequest'}
              responses:
                '200': {description: Created}
        components:
          schemas:
            ThingRequest:
              type: object
              required: [assets]
              properties:
                assets: {type: string, description: ours}
        """;

    private string _directory = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "specdrift-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        File.WriteAllText(Path.Combine(_directory, "upstream.json"), Upstream);
        File.WriteAllText(Path.Combine(_directory, "same.yaml"), SameAsUpstream);
        File.WriteAllText(Path.Combine(_directory, "different.yaml"), SameAsUpstream.Replace("required: [assets]", "required: []"));
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    private (int ExitCode, string[] Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exitCode = SpecDriftCli.Run(args, stdout, stderr, _directory);
        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return (exitCode, lines, stderr.ToString());
    }

    [Test]
    public void NoDifferences_ExitsZero()
    {
        var (exitCode, stdout, _) = Run("--upstream", "upstream.json", "--spec", "same.yaml");

        Assert.That(exitCode, Is.EqualTo(0));
        Assert.That(stdout, Is.EqualTo(new[] { "no differences" }));
    }

    [Test]
    public void Differences_ExitOne_WithOneLineEachAndASummary()
    {
        var (exitCode, stdout, _) = Run("--upstream", "upstream.json", "--spec", "different.yaml");

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(stdout, Is.EqualTo(new[]
        {
            "POST /v1/thing  requestBody.content[application/json].schema.required  upstream=[assets]  ours=[]  (ours: ThingRequest)",
            "1 difference(s)",
        }));
    }

    [Test]
    public void Json_ListsEachDifferenceWithOurSchema()
    {
        var (exitCode, stdout, _) = Run("--upstream", "upstream.json", "--spec", "different.yaml", "--json");

        Assert.That(exitCode, Is.EqualTo(1));
        var array = System.Text.Json.Nodes.JsonNode.Parse(string.Join('\n', stdout))!.AsArray();
        Assert.That(array, Has.Count.EqualTo(1));
        var difference = array[0]!.AsObject();
        Assert.That(difference["method"]!.GetValue<string>(), Is.EqualTo("POST"));
        Assert.That(difference["path"]!.GetValue<string>(), Is.EqualTo("/v1/thing"));
        Assert.That(difference["location"]!.GetValue<string>(), Is.EqualTo("requestBody.content[application/json].schema.required"));
        Assert.That(difference["upstream"]!.GetValue<string>(), Is.EqualTo("[assets]"));
        Assert.That(difference["ours"]!.GetValue<string>(), Is.EqualTo("[]"));
        Assert.That(difference["schema"]!.GetValue<string>(), Is.EqualTo("ThingRequest"));
    }

    [Test]
    public void Json_NoDifferences_IsAnEmptyArray()
    {
        var (exitCode, stdout, _) = Run("--upstream", "upstream.json", "--spec", "same.yaml", "--json");

        Assert.That(exitCode, Is.EqualTo(0));
        Assert.That(string.Join("", stdout), Is.EqualTo("[]"));
    }

    [Test]
    public void InlineLocation_HasNoSchemaAnnotation()
    {
        File.WriteAllText(
            Path.Combine(_directory, "inline.yaml"),
            SameAsUpstream.Replace("schema: {$ref: '#/components/schemas/ThingRequest'}", "schema: {type: object, required: [], properties: {assets: {type: string}}}"));

        var (exitCode, stdout, _) = Run("--upstream", "upstream.json", "--spec", "inline.yaml", "--json");

        Assert.That(exitCode, Is.EqualTo(1));
        var difference = System.Text.Json.Nodes.JsonNode.Parse(string.Join('\n', stdout))!.AsArray().Single()!.AsObject();
        Assert.That(difference["schema"], Is.Null);
    }

    [Test]
    public void IgnoreEntry_WithTheSchemaAnnotation_StillMatches()
    {
        File.WriteAllText(
            Path.Combine(_directory, "accepted.txt"),
            "POST /v1/thing  requestBody.content[application/json].schema.required  upstream=[assets]  ours=[]  (ours: ThingRequest)\n");

        var (exitCode, stdout, _) = Run("--upstream", "upstream.json", "--spec", "different.yaml", "--ignore", "accepted.txt");

        Assert.That(exitCode, Is.EqualTo(0));
        Assert.That(stdout, Is.EqualTo(new[] { "no differences" }));
    }

    [Test]
    public void MissingFile_ExitsTwo_WithAMessage()
    {
        var (exitCode, stdout, stderr) = Run("--upstream", "nope.json", "--spec", "same.yaml");

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(stdout, Is.Empty);
        Assert.That(stderr, Does.Contain("nope.json").And.Contain("not found"));
    }

    [Test]
    public void InvalidYaml_ExitsTwo_WithAMessage()
    {
        File.WriteAllText(Path.Combine(_directory, "broken.yaml"), "openapi: 3.0.3\npaths:\n  /x: {get: [unclosed\n");

        var (exitCode, _, stderr) = Run("--upstream", "upstream.json", "--spec", "broken.yaml");

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("broken.yaml").And.Contain("invalid YAML"));
    }

    [Test]
    public void InvalidJson_ExitsTwo()
    {
        File.WriteAllText(Path.Combine(_directory, "broken.json"), "{\"openapi\": \"3.0.2\", \"paths\": {");

        var (exitCode, _, stderr) = Run("--upstream", "broken.json", "--spec", "same.yaml");

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("invalid JSON"));
    }

    [Test]
    public void NotAnOpenApiDocument_ExitsTwo()
    {
        File.WriteAllText(Path.Combine(_directory, "other.yaml"), "name: not a spec\nitems: [1, 2]\n");

        var (exitCode, _, stderr) = Run("--upstream", "upstream.json", "--spec", "other.yaml");

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("not an OpenAPI"));
    }

    [TestCase]
    [TestCase("--spec", "same.yaml")]
    [TestCase("--upstream")]
    [TestCase("--upstream", "upstream.json", "--bogus")]
    public void BadArguments_ExitTwo(params string[] args)
    {
        Assert.That(Run(args).ExitCode, Is.EqualTo(2));
    }

    [Test]
    public void ProgramMain_IsTheSameEntryPoint()
    {
        var originalError = Console.Error;
        var originalOut = Console.Out;
        var stderr = new StringWriter();
        try
        {
            Console.SetError(stderr);
            Console.SetOut(new StringWriter());
            var exitCode = Program.Main(["--upstream", Path.Combine(_directory, "missing.json"), "--spec", Path.Combine(_directory, "same.yaml")]);

            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(stderr.ToString(), Does.Contain("missing.json"));
        }
        finally
        {
            Console.SetError(originalError);
            Console.SetOut(originalOut);
        }
    }

    [Test]
    public void DefaultSpec_IsFoundByWalkingUp()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "openapi"));
        File.Copy(Path.Combine(_directory, "same.yaml"), Path.Combine(_directory, "openapi", "magic-hour.v1.yaml"));
        var nested = Path.Combine(_directory, "tools", "deep");
        Directory.CreateDirectory(nested);

        var stdout = new StringWriter();
        var exitCode = SpecDriftCli.Run(["--upstream", "../../upstream.json"], stdout, new StringWriter(), nested);

        Assert.That(exitCode, Is.EqualTo(0), stdout.ToString());
    }

    [Test]
    public void IgnoreFile_AcceptsListedDifferences()
    {
        File.WriteAllText(
            Path.Combine(_directory, "accepted.txt"),
            """
            # We keep 'assets' optional on purpose: the SDK fills it in.
            POST /v1/thing  requestBody.content[application/json].schema.required  upstream=[assets]  ours=[]

            # A stale entry is reported on stderr but does not fail the run.
            GET /v1/gone  operation  upstream=present  ours=<absent>
            """);

        var (exitCode, stdout, stderr) = Run("--upstream", "upstream.json", "--spec", "different.yaml", "--ignore", "accepted.txt");

        Assert.That(exitCode, Is.EqualTo(0));
        Assert.That(stdout, Is.EqualTo(new[] { "no differences" }));
        Assert.That(stderr, Does.Contain("1 accepted difference(s)").And.Contain("matches no difference: GET /v1/gone"));
    }

    [Test]
    public void MissingIgnoreFile_ExitsTwo()
    {
        Assert.That(Run("--upstream", "upstream.json", "--spec", "same.yaml", "--ignore", "none.txt").ExitCode, Is.EqualTo(2));
    }
}
