
namespace MagicHour.SpecSync.Tests;

/// <summary>
/// Part 4 of issue 12: the vendor's 56 published versions replayed through the sync, back and forth,
/// starting from today's spec. Every step must leave no drift; the way back to the current file must end
/// structurally identical to it with today's names; docs/spec-sync-replay.md must match the run.
/// </summary>
[NonParallelizable]
public class HistoryReplayTests
{
    private static HistoryReplay? _replay;

    private static HistoryReplay Replay()
    {
        var upstream = Repository.Upstream();
        if (upstream is null)
        {
            Assert.Ignore("the vendor files (../shared/upstream) are not next to the repository");
        }

        return _replay ??= HistoryReplay.Run(Path.Combine(Repository.Root(), "openapi", "magic-hour.v1.yaml"), upstream!);
    }

    [Test]
    public void EveryStep_EndsWithNoDrift()
    {
        var failures = Replay().Steps.Where(step => step.ExitCode != SpecSyncCli.Synced || step.DriftLeft != 0).ToList();

        Assert.That(Replay().Steps, Has.Count.EqualTo(113));
        Assert.That(failures, Is.Empty);
    }

    [Test]
    public void TheWayBack_EndsStructurallyIdenticalToTheCurrentVendorFile()
    {
        var end = SpecLoader.Parse(Replay().End, "end.yaml", SpecFormat.Yaml);

        Assert.That(StructuralComparer.Compare(SpecLoader.Load(Path.Combine(Repository.Upstream()!, "magic-hour-openapi.json")), end), Is.Empty);
    }

    [Test]
    public void TheWayBack_KeepsTodaysSchemaNames()
    {
        var today = SpecLoader.Load(Path.Combine(Repository.Root(), "openapi", "magic-hour.v1.yaml")).Root;
        var end = SpecLoader.Parse(Replay().End, "end.yaml", SpecFormat.Yaml).Root;

        Assert.That(SchemaNames(end), Is.SupersetOf(SchemaNames(today)));
    }

    [Test]
    public void TheWayBack_KeepsTheOperationIdsAndTheSchemasEachOperationUses()
    {
        var start = SpecLoader.Parse(Replay().Start, "start.yaml", SpecFormat.Yaml).Root;
        var end = SpecLoader.Parse(Replay().End, "end.yaml", SpecFormat.Yaml).Root;

        Assert.That(OperationNames(end), Is.EquivalentTo(OperationNames(start)));
    }

    [Test]
    public void ReplayDocument_IsUpToDate()
    {
        var path = Path.Combine(Repository.Root(), "docs", "spec-sync-replay.md");
        var expected = Replay().ToMarkdown();
        if (Environment.GetEnvironmentVariable("SPEC_SYNC_WRITE_REPLAY") == "1")
        {
            File.WriteAllText(path, expected);
        }

        Assert.That(File.Exists(path) ? File.ReadAllText(path) : "<missing>", Is.EqualTo(expected), "run tools/spec-replay.sh to regenerate docs/spec-sync-replay.md");
    }

    /// <summary>Per operation: method, path, operationId, and the references of its body and 200 response schemas.</summary>
    private static List<string> OperationNames(System.Text.Json.Nodes.JsonObject spec) =>
        spec["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(operation =>
                $"{operation.Key} {path.Key} {operation.Value?["operationId"]} " +
                $"body={operation.Value?["requestBody"]?["content"]?["application/json"]?["schema"]?["$ref"]} " +
                $"200={operation.Value?["responses"]?["200"]?["content"]?["application/json"]?["schema"]?["$ref"]}"))
            .ToList();

    private static HashSet<string> SchemaNames(System.Text.Json.Nodes.JsonObject spec) =>
        spec["components"]!["schemas"]!.AsObject().Select(pair => pair.Key).ToHashSet();
}
