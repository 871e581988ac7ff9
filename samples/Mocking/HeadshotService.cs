using MagicHour.Generated;
using MagicHour.Generated.Models;

namespace Mocking;

/// <summary>
/// A piece of a user's application: makes a headshot from an uploaded photo and records what it cost.
/// It takes <see cref="MagicHourClient"/> as a dependency, so its tests can hand it a fake.
/// </summary>
public sealed class HeadshotService(MagicHourClient magicHour)
{
    /// <summary>Makes the headshot into <paramref name="outputDirectory"/>; returns the saved file and the project id.</summary>
    public async Task<(string File, string ProjectId, int Credits)> MakeHeadshotAsync(string photoPath, string outputDirectory, CancellationToken cancellationToken = default)
    {
        try
        {
            var result = await magicHour.V1.AiHeadshotGenerator.GenerateAsync(
                new AiHeadshotGeneratorCreateRequest { Assets = new() { ImageFilePath = photoPath } },
                new GenerateOptions { DownloadDirectory = outputDirectory },
                cancellationToken);
            return (result.DownloadedPaths.Single(), result.ProjectId, result.CreditsCharged);
        }
        catch (MagicHourProjectFailedException e) when (e.ErrorCode == "no_face_detected")
        {
            throw new InvalidOperationException($"No face in {Path.GetFileName(photoPath)} (project {e.ProjectId}); try another photo.", e);
        }
    }
}
