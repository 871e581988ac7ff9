namespace MagicHour.Generated.Tests;

/// <summary>Sync twins must not deadlock when called from a thread with a single-threaded SynchronizationContext.</summary>
public class SyncTests
{
    [Test]
    public void Generate_UnderASingleThreadedSynchronizationContext_Completes()
    {
        using var api = new FakeApi();
        using var dir = new TempDir();
        api.ScriptHeadshot("p1", [1, 2, 3], "queued", "complete");
        var client = api.CreateClient();
        GenerateResult<ImageProject>? result = null;
        Exception? error = null;

        // The thread blocks inside Generate; if any continuation were posted back to its context, it would never run.
        var thread = new Thread(() =>
        {
            SynchronizationContext.SetSynchronizationContext(new BlockingContext());
            try
            {
                result = client.V1.AiHeadshotGenerator.Generate(
                    new AiHeadshotGeneratorCreateRequest { Assets = new() { ImageFilePath = dir.File("p.png", [1]) } },
                    new GenerateOptions { DownloadDirectory = dir.Path });
            }
            catch (Exception ex) { error = ex; }
        });
        thread.Start();
        var finished = thread.Join(TimeSpan.FromSeconds(60)); // a deadlock guard, not a performance assertion

        Assert.That(finished, Is.True, "Generate deadlocked under a SynchronizationContext");
        Assert.That(error, Is.Null);
        Assert.That(result!.Project!.Status, Is.EqualTo(ProjectStatus.Complete));
        Assert.That(File.ReadAllBytes(result.DownloadedPaths.Single()), Is.EqualTo(new byte[] { 1, 2, 3 }));
    }

    [Test]
    public void GeneratedSyncMethods_AreDeadlockFreeToo()
    {
        using var api = new FakeApi();
        api.ScriptHeadshot("p1", [1], "complete");
        var client = api.CreateClient();
        ImageProject? project = null;
        var thread = new Thread(() =>
        {
            SynchronizationContext.SetSynchronizationContext(new BlockingContext());
            project = client.V1.ImageProjects.Get("p1");
        });
        thread.Start();
        Assert.That(thread.Join(TimeSpan.FromSeconds(60)), Is.True);
        Assert.That(project!.Id, Is.EqualTo("p1"));
    }

    /// <summary>Queues posted work for its own (blocked) thread, like a UI thread would.</summary>
    private sealed class BlockingContext : SynchronizationContext
    {
        public override void Post(SendOrPostCallback d, object? state) { /* never runs while the owner is blocked */ }
        public override void Send(SendOrPostCallback d, object? state) => throw new InvalidOperationException("Send to a blocked thread");
    }
}
