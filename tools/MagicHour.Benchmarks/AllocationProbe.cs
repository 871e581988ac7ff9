using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using MagicHour.Generated;

namespace MagicHour.Benchmarks;

/// <summary>
/// Diagnostic, not part of the report: which types the SDK allocates per call, from the runtime's sampled
/// GC AllocationTick events (one per ~100 KB allocated). dotnet MagicHour.Benchmarks.dll alloc-probe --base-url URL --key KEY [--calls N]
/// </summary>
internal sealed class AllocationProbe : EventListener
{
    private readonly ConcurrentDictionary<string, long> _bytes = new();
    private volatile bool _on;

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1); // GC keyword: AllocationTick
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!_on || e.EventName != "GCAllocationTick_V4" || e.Payload is null) return;
        var type = e.Payload[e.PayloadNames!.IndexOf("TypeName")]?.ToString() ?? "?";
        var amount = Convert.ToInt64(e.Payload[e.PayloadNames!.IndexOf("AllocationAmount64")]);
        _bytes.AddOrUpdate(type, amount, (_, v) => v + amount);
    }

    public static async Task<int> RunAsync(Args args)
    {
        var baseUrl = new Uri(args.Get("base-url"));
        var key = args.Get("key");
        var calls = int.Parse(args.Get("calls", "20000"));
        using var raw = new RawApi(baseUrl, key);
        using var sdk = new MagicHourClient(new MagicHourClientOptions { ApiKey = key, BaseUrl = baseUrl });
        var rawRequest = new RawHeadshotRequest { Name = "bench", Assets = new() { ImageFilePath = "https://example.com/p.png" } };
        var sdkRequest = new AiHeadshotGeneratorCreateRequest { Name = "bench", Assets = new() { ImageFilePath = "https://example.com/p.png" } };
        var id = (await raw.CreateHeadshotAsync(rawRequest)).Id;
        var json = await raw.Http.GetByteArrayAsync(new Uri(baseUrl, $"v1/image-projects/{id}"));
        var ownOptions = MagicHourJsonContext.Default.ImageProject;
        var shared = (System.Text.Json.JsonSerializerOptions)typeof(MagicHourClient).Assembly
            .GetType("MagicHour.Generated.Http.MagicHourJson")!.GetProperty("Options")!.GetValue(null)!;
        var sharedOptions = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<ImageProject>)shared.GetTypeInfo(typeof(ImageProject));
        var cases = new (string Name, Func<Task> Call)[]
        {
            ("json raw", async () => await System.Text.Json.JsonSerializer.DeserializeAsync(new MemoryStream(json), RawJsonContext.Default.RawProject)),
            ("json sdk context options", async () => await System.Text.Json.JsonSerializer.DeserializeAsync(new MemoryStream(json), ownOptions)),
            ("json sdk shared options", async () => await System.Text.Json.JsonSerializer.DeserializeAsync(new MemoryStream(json), sharedOptions)),
            ("raw create", () => raw.CreateHeadshotAsync(rawRequest)),
            ("sdk create", () => sdk.V1.AiHeadshotGenerator.CreateAsync(sdkRequest)),
            ("raw get", () => raw.GetImageProjectAsync(id)),
            ("sdk get", () => sdk.V1.ImageProjects.GetAsync(id)),
        };
        foreach (var (name, call) in cases)
        {
            for (var i = 0; i < 500; i++) await call();
            using var probe = new AllocationProbe();
            var before = GC.GetTotalAllocatedBytes(true);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            probe._on = true;
            for (var i = 0; i < calls; i++) await call();
            probe._on = false;
            var micros = clock.Elapsed.TotalMicroseconds / calls;
            var per = (GC.GetTotalAllocatedBytes(true) - before) / (double)calls;
            Console.WriteLine($"== {name}: {per:0} B/call, {micros:0.0} µs/call (with allocation sampling on); sampled types (B/call):");
            foreach (var (type, bytes) in probe._bytes.OrderByDescending(kv => kv.Value).Take(30))
            {
                Console.WriteLine($"  {bytes / (double)calls,7:0}  {type}");
            }
        }
        return 0;
    }
}
