namespace MagicHour.SpecSync.Tests;

/// <summary>A schema of ours used by several operations that the vendor changed for some of them only.</summary>
public class SharedSchemaTests
{
    private static string MemeResponseWithFrameCost() => Fixtures.Vendor(memeResponse: Fixtures.CreateResponse.Replace(
        """ "credits_charged": {"type": "integer"}""",
        """ "credits_charged": {"type": "integer"}, "frame_cost": {"type": "integer"}"""));

    [Test]
    public void ChangedForOneUser_StopsWithExitThree_NamingSchemaAndUsers_AndWritesNothing()
    {
        var run = SyncRun.Of(Fixtures.Ours, MemeResponseWithFrameCost());

        Assert.That(run.ExitCode, Is.EqualTo(SpecSyncCli.NeedsDecision));
        Assert.That(run.After, Is.EqualTo(run.Before));
        Assert.That(run.Stderr, Does.Contain("schema ImageProjectCreateResponse is shared")
            .And.Contain("changed for POST /v1/ai-meme-generator responses[200]")
            .And.Contain("unchanged for POST /v1/ai-gif-generator responses[200]")
            .And.Contain("--split-shared"));
    }

    [Test]
    public void SplitShared_GivesTheChangedUserASchemaNamedByTheConventions()
    {
        var run = SyncRun.Of(Fixtures.Ours, MemeResponseWithFrameCost(), "--split-shared");

        Assert.That(run.ExitCode, Is.EqualTo(SpecSyncCli.Synced), run.Stderr);
        Assert.That(run.Stdout, Does.Contain("+ schema AiMemeGeneratorCreateResponse (split from ImageProjectCreateResponse"));
        var meme = run.After[run.After.IndexOf("  /v1/ai-meme-generator:", StringComparison.Ordinal)..run.After.IndexOf("components:", StringComparison.Ordinal)];
        Assert.That(meme, Does.Contain("$ref: '#/components/schemas/AiMemeGeneratorCreateResponse'"));
        var gif = run.After[..run.After.IndexOf("  /v1/ai-meme-generator:", StringComparison.Ordinal)];
        Assert.That(gif, Does.Contain("$ref: '#/components/schemas/ImageProjectCreateResponse'"));
        Assert.That(run.After, Does.Contain(
            """
                AiMemeGeneratorCreateResponse:
                  type: object
                  description: 'TODO(spec-sync): describe AiMemeGeneratorCreateResponse'
                  required: [id, credits_charged]
                  properties:
                    id:
                      type: string
                      description: The project id.
                    credits_charged:
                      type: integer
                      description: Credits charged.
                    frame_cost:
            """));
    }

    [Test]
    public void ChangedTheSameForAllUsers_IsAppliedOnceToTheSharedSchema()
    {
        var withFrameCost = Fixtures.CreateResponse.Replace(
            """ "credits_charged": {"type": "integer"}""",
            """ "credits_charged": {"type": "integer"}, "frame_cost": {"type": "integer"}""");
        var vendor = Fixtures.Vendor(memeResponse: withFrameCost).Replace(Fixtures.CreateResponse, withFrameCost);

        var run = SyncRun.Of(Fixtures.Ours, vendor);

        Assert.That(run.ExitCode, Is.EqualTo(SpecSyncCli.Synced), run.Stderr);
        Assert.That(run.AddedLines, Is.EqualTo(new[]
        {
            "        frame_cost:",
            "          type: integer",
            "          description: 'TODO(spec-sync): describe ImageProjectCreateResponse.frame_cost'",
        }));
    }
}
