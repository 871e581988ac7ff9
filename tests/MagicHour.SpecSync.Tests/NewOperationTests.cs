namespace MagicHour.SpecSync.Tests;

/// <summary>Operations the vendor added or removed.</summary>
public class NewOperationTests
{
    private const string PhotoColorizer =
        """
        ,
          "/v1/photo-colorizer": {"post": {"tags": ["Image Projects"], "operationId": "photoColorizer.createImage", "summary": "VENDOR PROSE summary",
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["assets"], "properties": {
              "name": {"type": "string", "description": "VENDOR PROSE name"},
              "assets": {"type": "object", "description": "VENDOR PROSE assets", "required": ["image_file_path"], "properties": {
                "image_file_path": {"type": "string", "description": "VENDOR PROSE file", "example": "api-assets/id/1234.png"}}}}}}}},
            "responses": {"200": {"description": "Success", "content": {"application/json": {"schema": {"type": "object", "required": ["id", "credits_charged"], "properties": {"id": {"type": "string"}, "credits_charged": {"type": "integer"}}}}}},
              "400": {"description": "Invalid Request", "content": {"application/json": {"schema": {"type": "object", "required": ["message"], "properties": {"message": {"type": "string"}}}}}}}}}
        """;

    private static SyncRun AddPhotoColorizer() => SyncRun.Of(Fixtures.Ours, Fixtures.Vendor(extraPaths: PhotoColorizer));

    [Test]
    public void NewCreateEndpoint_GetsOurTagOperationIdAndProjectKind()
    {
        var run = AddPhotoColorizer();

        Assert.That(run.ExitCode, Is.EqualTo(SpecSyncCli.Synced), run.Stderr);
        Assert.That(run.After, Does.Contain(
            """
              /v1/photo-colorizer:
                post:
                  tags: [PhotoColorizer]
                  operationId: PhotoColorizer_Create
                  summary: 'TODO(spec-sync): describe PhotoColorizer_Create'
                  description: 'TODO(spec-sync): describe what PhotoColorizer_Create does'
                  x-magichour-project-kind: image
            """));
        Assert.That(run.After, Does.Contain("  - name: PhotoColorizer\n    description: 'TODO(spec-sync): describe the PhotoColorizer tag'\n"));
    }

    [Test]
    public void NewCreateEndpoint_NamesItsSchemas_MarksTheFileField_AndReusesSharedOnes()
    {
        var run = AddPhotoColorizer();

        Assert.That(run.After, Does.Contain("$ref: '#/components/schemas/PhotoColorizerCreateRequest'"));
        Assert.That(run.After, Does.Contain(
            """
                PhotoColorizerAssets:
                  type: object
                  description: 'TODO(spec-sync): describe PhotoColorizerAssets'
                  required: [image_file_path]
                  properties:
                    image_file_path:
                      x-magichour-file: true
                      type: string
                      description: 'TODO(spec-sync): describe PhotoColorizerAssets.image_file_path'
            """));
        var operation = run.After[run.After.IndexOf("  /v1/photo-colorizer:", StringComparison.Ordinal)..];
        Assert.That(operation, Does.Contain("$ref: '#/components/schemas/ImageProjectCreateResponse'"), "the create response is our shared one");
        Assert.That(operation, Does.Contain("'400': { $ref: '#/components/responses/BadRequest' }"), "errors map to our responses");
        Assert.That(run.After, Does.Not.Contain("PhotoColorizerCreateResponse"));
    }

    [Test]
    public void NewItems_GetPlaceholders_NeverVendorProse()
    {
        var run = AddPhotoColorizer();

        Assert.That(run.After, Does.Not.Contain("VENDOR PROSE").And.Not.Contain("api-assets/id/1234.png"));
        var placeholders = run.AfterLines.Count(line => line.Contains("TODO(spec-sync): describe", StringComparison.Ordinal));
        Assert.That(placeholders, Is.EqualTo(8), "op summary and description, tag, 200 response, request, request.name, assets, assets.image_file_path");
        Assert.That(run.Stdout, Does.Contain("8 placeholder(s)"));
    }

    [Test]
    public void NewEndpoint_IsPlacedAmongTheToolsOfItsKind()
    {
        var run = AddPhotoColorizer();
        var lines = run.AfterLines.ToList();

        Assert.That(lines.IndexOf("  /v1/photo-colorizer:"), Is.GreaterThan(lines.IndexOf("  /v1/ai-meme-generator:")));
        Assert.That(lines.IndexOf("    PhotoColorizerCreateRequest:"), Is.GreaterThan(lines.IndexOf("    AiMemeGeneratorCreateRequest:")));
    }

    [Test]
    public void RemovedOperation_TakesItsSchemasAndTagAlong_AndAddingItBackRestoresTheFile()
    {
        var added = AddPhotoColorizer();
        var directory = Path.Combine(Path.GetTempPath(), "specsync-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            File.WriteAllText(Path.Combine(directory, "ours.yaml"), added.After);
            File.WriteAllText(Path.Combine(directory, "vendor.json"), Fixtures.Vendor());

            var removed = SyncRun.Run(directory, "ours.yaml", "vendor.json");

            Assert.That(removed.ExitCode, Is.EqualTo(SpecSyncCli.Synced), removed.Stderr);
            Assert.That(removed.After, Is.EqualTo(Fixtures.Ours));
            Assert.That(removed.Stdout, Does.Contain("- operation POST /v1/photo-colorizer (PhotoColorizer_Create)")
                .And.Contain("- schema PhotoColorizerAssets (no longer used)")
                .And.Contain("- tag PhotoColorizer (no longer used)"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
