// Quick start: a headshot from a local portrait, through the MagicHour.Generated package.
//   MAGIC_HOUR_API_KEY=...  dotnet run -- path/to/portrait.png [output-directory]
// Against the emulator, also set MAGIC_HOUR_BASE_URL=http://127.0.0.1:PORT.
using System.Reflection;
using MagicHour.Generated;
using MagicHour.Generated.Models;
using Microsoft.Extensions.DependencyInjection;

if (args.Length < 1)
{
    Console.Error.WriteLine("usage: Quickstart <portrait.png> [output-directory]");
    return 2;
}
var portrait = args[0];
var outputs = args.Length > 1 ? args[1] : "outputs";

var sdk = typeof(MagicHourClient).Assembly;
Console.WriteLine($"MagicHour.Generated {sdk.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion} from {sdk.Location}");

// 1. Plain construction: the key and base URL come from MAGIC_HOUR_API_KEY / MAGIC_HOUR_BASE_URL.
string projectId;
using (var client = new MagicHourClient(new MagicHourClientOptions()))
{
    var result = await client.V1.AiHeadshotGenerator.GenerateAsync(
        new AiHeadshotGeneratorCreateRequest { Name = "Quickstart headshot", Assets = new() { ImageFilePath = portrait } },
        new GenerateOptions
        {
            DownloadDirectory = outputs,
            Progress = new Progress<GenerateProgress>(p => { if (p.Status is not null) Console.WriteLine($"  {p.Stage}: {p.Status}"); }),
        });
    projectId = result.ProjectId;
    Console.WriteLine($"async: project {result.ProjectId} is {result.Project?.Status}, {result.CreditsCharged} credits, saved {string.Join(", ", result.DownloadedPaths)}");
    if (result.Project?.Status != ProjectStatus.Complete || result.DownloadedPaths.Count == 0 || new FileInfo(result.DownloadedPaths[0]).Length == 0)
    {
        Console.Error.WriteLine("FAILED: no output downloaded");
        return 1;
    }

    // Synchronous twin (for code that cannot await): finish an existing project again, without a new charge.
    var again = client.V1.AiHeadshotGenerator.Resume(projectId, new GenerateOptions { DownloadDirectory = outputs });
    Console.WriteLine($"sync: resumed {again.ProjectId}, saved {string.Join(", ", again.DownloadedPaths)}");
}

// 2. Dependency injection: the client comes from IHttpClientFactory with the same pipeline.
var services = new ServiceCollection();
services.AddMagicHour(o => o.MaxRetries = 3);
await using (var provider = services.BuildServiceProvider())
{
    var client = provider.GetRequiredService<MagicHourClient>();
    var project = await client.V1.ImageProjects.GetAsync(projectId);
    Console.WriteLine($"di: project {project.Id} is {project.Status}, {project.Downloads.Count} download(s)");
}

Console.WriteLine("OK");
return 0;
