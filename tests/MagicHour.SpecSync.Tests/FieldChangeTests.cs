namespace MagicHour.SpecSync.Tests;

/// <summary>Changes inside existing schemas: enum values, fields added and removed, plain keywords.</summary>
public class FieldChangeTests
{
    [Test]
    public void NewEnumValue_IsAppendedToOurFlowList_AndNothingElseChanges()
    {
        var vendor = Fixtures.Vendor(gifRequest: Fixtures.GifRequest.Replace("""["gif", "mp4"]""", """["gif", "mp4", "webm"]"""));

        var run = SyncRun.Of(Fixtures.Ours, vendor);

        Assert.That(run.ExitCode, Is.EqualTo(SpecSyncCli.Synced), run.Stderr);
        Assert.That(run.RemovedLines, Is.EqualTo(new[] { "      enum: [gif, mp4]" }));
        Assert.That(run.AddedLines, Is.EqualTo(new[] { "      enum: [gif, mp4, webm]" }));
        Assert.That(run.Stdout, Does.Contain("~ AiGifGeneratorOutputFormat.enum: +webm"));
    }

    [Test]
    public void RemovedEnumValue_IsDropped()
    {
        var vendor = Fixtures.Vendor(gifRequest: Fixtures.GifRequest.Replace("""["gif", "mp4"]""", """["gif"]"""));

        var run = SyncRun.Of(Fixtures.Ours, vendor);

        Assert.That(run.ExitCode, Is.EqualTo(SpecSyncCli.Synced), run.Stderr);
        Assert.That(run.AddedLines, Is.EqualTo(new[] { "      enum: [gif]" }));
    }

    [Test]
    public void NewOptionalField_IsInsertedInVendorOrder_WithAPlaceholder()
    {
        var vendor = Fixtures.Vendor(gifRequest: Fixtures.GifRequest.Replace(
            """ "name": {"type": "string", "description": "VENDOR PROSE name"},""",
            """ "name": {"type": "string", "description": "VENDOR PROSE name"}, "loop_count": {"type": "integer", "minimum": 1, "description": "VENDOR PROSE loops"},"""));

        var run = SyncRun.Of(Fixtures.Ours, vendor);

        Assert.That(run.ExitCode, Is.EqualTo(SpecSyncCli.Synced), run.Stderr);
        Assert.That(run.RemovedLines, Is.Empty);
        Assert.That(run.AddedLines, Is.EqualTo(new[]
        {
            "        loop_count:",
            "          type: integer",
            "          minimum: 1",
            "          description: 'TODO(spec-sync): describe AiGifGeneratorCreateRequest.loop_count'",
        }));
        var lines = run.AfterLines.ToList();
        Assert.That(lines.IndexOf("        loop_count:"), Is.EqualTo(lines.IndexOf("          description: A name to find the project by.") + 1));
        Assert.That(run.After, Does.Not.Contain("VENDOR PROSE"));
    }

    [Test]
    public void RemovedField_IsDeleted_WithItsRequiredEntry()
    {
        var vendor = Fixtures.Vendor(gifRequest:
            """{"type": "object", "properties": {"name": {"type": "string"}, "output_format": {"type": "string", "enum": ["gif", "mp4"]}}}""");

        var run = SyncRun.Of(Fixtures.Ours, vendor);

        Assert.That(run.ExitCode, Is.EqualTo(SpecSyncCli.Synced), run.Stderr);
        Assert.That(run.AddedLines, Is.Empty);
        Assert.That(run.After, Does.Not.Contain("style"));
        Assert.That(run.After, Does.Not.Contain("AiGifGeneratorStyle"), "the schema only the removed field used is removed too");
        Assert.That(run.Stdout, Does.Contain("- schema AiGifGeneratorStyle (no longer used)"));
    }

    [Test]
    public void UnchangedLines_StayByteIdentical_CommentsIncluded()
    {
        var vendor = Fixtures.Vendor(memeRequest: Fixtures.MemeRequest.Replace("""{"type": "string", "description": "VENDOR PROSE topic"}""", """{"type": "string", "maxLength": 200}"""));

        var run = SyncRun.Of(Fixtures.Ours, vendor);

        Assert.That(run.ExitCode, Is.EqualTo(SpecSyncCli.Synced), run.Stderr);
        Assert.That(run.AddedLines, Is.EqualTo(new[] { "          maxLength: 200" }));
        Assert.That(run.RemovedLines, Is.Empty);
        Assert.That(run.After, Does.Contain("    # ---- image tools -----------------------------------------------------------\n"));
        Assert.That(run.After.Replace("          maxLength: 200\n", string.Empty), Is.EqualTo(run.Before));
    }
}
