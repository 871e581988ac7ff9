using System.Text.Json;
using MagicHour.Generated;
using MagicHour.Generated.Models;

namespace IntegrationTesting;

/// <summary>Where one photo stands.</summary>
public enum HeadshotState
{
    /// <summary>Nothing was created or charged (out of credits, rate limited): the next run tries again.</summary>
    NotCreated,
    /// <summary>The project exists and was charged, but its headshot is not stored yet: the next run resumes it.</summary>
    Pending,
    /// <summary>The headshot is stored.</summary>
    Stored,
    /// <summary>The project failed (e.g. no face in the photo); Magic Hour refunded it. Not retried.</summary>
    Failed,
}

/// <summary>What the service knows about one photo; kept in <c>headshots.json</c>.</summary>
public sealed record HeadshotRecord(string Photo, HeadshotState State, string? ProjectId = null, string? StoredFile = null, string? Problem = null);

/// <summary>
/// A piece of a user's application: makes a headshot for each uploaded photo, stores the file and records the project
/// id in <c>headshots.json</c> next to it. Running it again finishes what an earlier run left: a project that was created
/// but not stored is resumed (no second charge), stored and failed photos are skipped.
/// </summary>
public sealed class HeadshotService(MagicHourClient magicHour, string storeDirectory)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The record of every photo seen so far.</summary>
    public string LedgerPath => Path.Combine(storeDirectory, "headshots.json");

    /// <summary>Processes <paramref name="photos"/> (local paths) one by one and returns their records.</summary>
    public async Task<IReadOnlyList<HeadshotRecord>> ProcessAsync(IEnumerable<string> photos, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(storeDirectory);
        var ledger = File.Exists(LedgerPath)
            ? JsonSerializer.Deserialize<Dictionary<string, HeadshotRecord>>(await File.ReadAllTextAsync(LedgerPath, cancellationToken), Json)!
            : [];
        var results = new List<HeadshotRecord>();
        foreach (var photo in photos)
        {
            ledger.TryGetValue(photo, out var previous);
            var record = previous is { State: HeadshotState.Stored or HeadshotState.Failed }
                ? previous
                : await MakeHeadshotAsync(photo, previous?.ProjectId, cancellationToken);
            ledger[photo] = record;
            results.Add(record);
            await File.WriteAllTextAsync(LedgerPath, JsonSerializer.Serialize(ledger, Json), cancellationToken);
        }
        return results;
    }

    private async Task<HeadshotRecord> MakeHeadshotAsync(string photo, string? existingProjectId, CancellationToken cancellationToken)
    {
        var headshots = magicHour.V1.AiHeadshotGenerator;
        var options = new GenerateOptions { DownloadDirectory = storeDirectory };
        try
        {
            var result = existingProjectId is null
                ? await headshots.GenerateAsync(new AiHeadshotGeneratorCreateRequest { Name = "Headshot of " + Path.GetFileName(photo), Assets = new() { ImageFilePath = photo } }, options, cancellationToken)
                : await headshots.ResumeAsync(existingProjectId, options, cancellationToken);
            return new HeadshotRecord(photo, HeadshotState.Stored, result.ProjectId, result.DownloadedPaths.Single());
        }
        catch (MagicHourProjectFailedException e)
        {
            return new HeadshotRecord(photo, HeadshotState.Failed, e.ProjectId, Problem: $"Magic Hour could not make it ({e.ErrorCode}): {e.ApiMessage}");
        }
        catch (MagicHourException e) when (e.ProjectId is { } projectId)
        {
            // Created and charged, then waiting or downloading failed: keep the id, the next run resumes it.
            return new HeadshotRecord(photo, HeadshotState.Pending, projectId, Problem: e.Message);
        }
        catch (MagicHourException e) when (e.Kind is MagicHourErrorKind.PaymentRequired)
        {
            return new HeadshotRecord(photo, HeadshotState.NotCreated, Problem: "Out of credits: " + e.ApiMessage);
        }
        catch (MagicHourException e) when (e.Kind is MagicHourErrorKind.RateLimited)
        {
            return new HeadshotRecord(photo, HeadshotState.NotCreated, Problem: "Rate limited; try again later.");
        }
    }
}
