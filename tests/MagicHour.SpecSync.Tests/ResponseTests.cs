namespace MagicHour.SpecSync.Tests;

/// <summary>Response status codes the vendor added or removed.</summary>
public class ResponseTests
{
    private const string PaymentRequired =
        """ "402": {"description": "Payment Required", "content": {"application/json": {"schema": {"type": "object", "required": ["message"], "properties": {"message": {"type": "string"}}}}}}""";

    [Test]
    public void NewErrorCode_GetsOurResponseNamedForTheStatus_ReusingTheErrorSchema()
    {
        var vendor = Fixtures.Vendor().Replace("\"400\": " + Fixtures.Error, "\"400\": " + Fixtures.Error + "," + PaymentRequired);

        var run = SyncRun.Of(Fixtures.Ours, vendor);

        Assert.That(run.ExitCode, Is.EqualTo(SpecSyncCli.Synced), run.Stderr);
        Assert.That(run.AddedLines.Count(line => line == "        '402': { $ref: '#/components/responses/PaymentRequired' }"), Is.EqualTo(2));
        Assert.That(run.After, Does.Contain(
            """
                PaymentRequired:
                  description: 'TODO(spec-sync): describe the PaymentRequired response'
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/ErrorResponse'
            """));
        var lines = run.AfterLines.ToList();
        Assert.That(lines.IndexOf("        '402': { $ref: '#/components/responses/PaymentRequired' }"), Is.EqualTo(lines.IndexOf("        '400': { $ref: '#/components/responses/BadRequest' }") + 1));
    }

    [Test]
    public void RemovedErrorCode_IsDeleted_AndItsUnusedResponseToo()
    {
        var vendor = Fixtures.Vendor().Replace(", \"400\": " + Fixtures.Error, string.Empty);

        var run = SyncRun.Of(Fixtures.Ours, vendor);

        Assert.That(run.ExitCode, Is.EqualTo(SpecSyncCli.Synced), run.Stderr);
        Assert.That(run.After, Does.Not.Contain("BadRequest").And.Not.Contain("ErrorResponse"));
        Assert.That(run.Stdout, Does.Contain("- response BadRequest (no longer used)").And.Contain("- schema ErrorResponse (no longer used)"));
    }
}
