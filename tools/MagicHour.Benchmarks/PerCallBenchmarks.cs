using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using MagicHour.Generated;

namespace MagicHour.Benchmarks;

/// <summary>
/// Per-call cost of the SDK's generated CreateAsync and GetAsync (Kiota pipeline, retry and timeout
/// handlers, bounded streamed JSON reading) against <see cref="RawApi"/>, each the same request to the
/// same emulator (a separate process, so its allocations are not counted here).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class PerCallBenchmarks
{
    private RawApi _raw = null!;
    private MagicHourClient _sdk = null!;
    private string _projectId = null!;
    private readonly RawHeadshotRequest _rawRequest = new() { Name = "bench", Assets = new() { ImageFilePath = "https://example.com/portrait.png" } };
    private readonly AiHeadshotGeneratorCreateRequest _sdkRequest = new() { Name = "bench", Assets = new() { ImageFilePath = "https://example.com/portrait.png" } };

    [GlobalSetup]
    public void Setup()
    {
        var baseUrl = new Uri(Environment.GetEnvironmentVariable("MH_BENCH_BASE_URL") ?? throw new InvalidOperationException("MH_BENCH_BASE_URL is not set."));
        var key = Environment.GetEnvironmentVariable("MH_BENCH_API_KEY") ?? throw new InvalidOperationException("MH_BENCH_API_KEY is not set.");
        _raw = new RawApi(baseUrl, key);
        _sdk = new MagicHourClient(new MagicHourClientOptions { ApiKey = key, BaseUrl = baseUrl });
        _projectId = _raw.CreateHeadshotAsync(_rawRequest).GetAwaiter().GetResult().Id;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.Dispose();
        _sdk.Dispose();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Create")]
    public Task<RawCreated> Create_RawHttpClient() => _raw.CreateHeadshotAsync(_rawRequest);

    [Benchmark, BenchmarkCategory("Create")]
    public Task<ImageProjectCreateResponse> Create_Sdk() => _sdk.V1.AiHeadshotGenerator.CreateAsync(_sdkRequest);

    [Benchmark(Baseline = true), BenchmarkCategory("Get")]
    public Task<RawProject> Get_RawHttpClient() => _raw.GetImageProjectAsync(_projectId);

    [Benchmark, BenchmarkCategory("Get")]
    public Task<ImageProject> Get_Sdk() => _sdk.V1.ImageProjects.GetAsync(_projectId);

    /// <summary>Runs the benchmarks in this process and prints one RESULT line with mean time and bytes allocated per call.</summary>
    internal static int Run(Args args)
    {
        Environment.SetEnvironmentVariable("MH_BENCH_BASE_URL", args.Get("base-url"));
        Environment.SetEnvironmentVariable("MH_BENCH_API_KEY", args.Get("key"));
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithWarmupCount(int.Parse(args.Get("warmup", "5")))
            .WithIterationCount(int.Parse(args.Get("iterations", "20")))
            .WithLaunchCount(1);
        var config = ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(job)
            .WithArtifactsPath(args.Get("artifacts", Path.Combine(Path.GetTempPath(), "magichour-bdn")))
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        var summary = BenchmarkRunner.Run<PerCallBenchmarks>(config);
        var result = new JsonObject { ["scenario"] = "percall" };
        foreach (var report in summary.Reports)
        {
            var name = report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
            var stats = report.ResultStatistics;
            result[name] = new JsonObject
            {
                ["mean_ns"] = stats?.Mean,
                ["stddev_ns"] = stats?.StandardDeviation,
                ["median_ns"] = stats?.Median,
                ["allocated_bytes"] = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase),
                ["operations"] = stats?.N,
            };
        }
        result["bdn_version"] = typeof(BenchmarkRunner).Assembly.GetName().Version?.ToString();
        Result.Print(result);
        return summary.HasCriticalValidationErrors ? 1 : 0;
    }
}
