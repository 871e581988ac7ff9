namespace MagicHour.Benchmarks;

/// <summary>
/// dotnet MagicHour.Benchmarks.dll all --emulator-dll PATH [--cli-jit PATH] [--cli-aot PATH] [--node-dir DIR] [--out docs/benchmarks.md] [--work DIR] [--only a,b]
///     runs every scenario, each in its own child process, against emulators in their own processes, and writes the report;
/// dotnet MagicHour.Benchmarks.dll percall --base-url URL --key KEY      (BenchmarkDotNet, per-call cost)
/// dotnet MagicHour.Benchmarks.dll scenario NAME --base-url URL --key KEY ...   (one measured scenario; prints RESULT {json})
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] argv)
    {
        if (argv.Length == 0)
        {
            Console.Error.WriteLine("Usage: MagicHour.Benchmarks all|percall|scenario NAME [--options]. tools/bench.sh runs everything.");
            return 2;
        }
        var args = new Args(argv[1..]);
        return argv[0] switch
        {
            "percall" => PerCallBenchmarks.Run(args),
            "scenario" when argv.Length > 1 => await Scenarios.RunAsync(argv[1], new Args(argv[2..])),
            "all" => await Orchestrator.RunAsync(args, argv),
            "alloc-probe" => await AllocationProbe.RunAsync(args),
            "poll-schedules" => await PollScheduleBenchmark.RunAsync(args),
            _ => 2,
        };
    }
}
