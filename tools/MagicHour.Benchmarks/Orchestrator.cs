using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace MagicHour.Benchmarks;

/// <summary>
/// Runs every measurement, each scenario in a child process of its own and every emulator in another,
/// repeats the whole-workflow scenarios (alternating SDK and baseline, taking medians), and writes
/// docs/benchmarks.md with each figure as a ratio to its baseline from the same run.
/// </summary>
internal static class Orchestrator
{
    private const long MiB = 1024 * 1024;

    public static async Task<int> RunAsync(Args args, string[] argv)
    {
        var emulatorDll = Path.GetFullPath(args.Get("emulator-dll"));
        var work = Path.GetFullPath(args.Get("work", Path.Combine(Path.GetTempPath(), "magichour-bench")));
        var output = Path.GetFullPath(args.Get("out", "docs/benchmarks.md"));
        var only = args.Get("only", "percall,upload,download,download-many,concurrent,poll,startup,peer").Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        var repeat = int.Parse(args.Get("repeat", "3"), CultureInfo.InvariantCulture);
        var nodeDir = args.Has("node-dir") ? Path.GetFullPath(args.Get("node-dir")) : null;
        var portrait = Path.GetFullPath(args.Get("portrait", "tools/samples/portrait.png"));
        Directory.CreateDirectory(work);
        Child.LogDirectory = Path.Combine(work, "logs");
        Directory.CreateDirectory(Child.LogDirectory);
        if (nodeDir is not null)
        {
            foreach (var js in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "node"), "*.js")) File.Copy(js, Path.Combine(nodeDir, Path.GetFileName(js)), overwrite: true);
        }

        var report = new Report(output, args.Get("command", "tools/bench.sh"), Machine(nodeDir), repeat);
        var ctx = new Context(emulatorDll, work, repeat, nodeDir, portrait, args, report);
        var sections = new (string Name, Func<Context, Task> Run)[]
        {
            ("percall", PerCallAsync), ("upload", UploadAsync), ("download", DownloadAsync), ("download-many", DownloadManyAsync),
            ("concurrent", ConcurrentAsync), ("poll", PollAsync), ("startup", StartupAsync), ("peer", PeerAsync),
        };
        foreach (var (name, run) in sections)
        {
            if (!only.Contains(name)) continue;
            Console.WriteLine($"== {name}");
            var loadBefore = LoadAverage();
            try
            {
                await run(ctx);
            }
            catch (Exception ex)
            {
                Console.WriteLine($"  failed: {ex}");
                report.Note(name, $"The {name} measurement failed in this run: {ex.GetType().Name}: {ex.Message}");
            }
            report.Load(name, loadBefore, LoadAverage());
            report.Write();
        }
        report.Write();
        Console.WriteLine($"Wrote {output}");
        return 0;
    }

    internal sealed record Context(string EmulatorDll, string Work, int Repeat, string? NodeDir, string Portrait, Args Args, Report Report);

    // ---------------------------------------------------------------- 1. per call

    private static async Task PerCallAsync(Context c)
    {
        // Several BenchmarkDotNet runs, each against a fresh emulator; the table shows the median of their
        // means (a shared machine's noise moves whole runs, not only iterations), the details every run.
        var runs = int.Parse(c.Args.Get("percall-runs", "3"), CultureInfo.InvariantCulture);
        var results = new List<JsonObject>();
        for (var i = 0; i < runs; i++)
        {
            await using var emu = await ServerProcess.EmulatorAsync(c.EmulatorDll, c.Work, "--render-time", "0");
            var run = await Child.SelfAsync($"percall #{i + 1}", ["percall", "--base-url", emu.BaseUrl.ToString(), "--key", ServerProcess.ApiKey,
                "--iterations", c.Args.Get("percall-iterations", "20"), "--warmup", "5", "--artifacts", Path.Combine(c.Work, "bdn")]);
            if (run.Ok) results.Add(run.Result!);
        }
        if (results.Count == 0) throw new InvalidOperationException("Every BenchmarkDotNet run failed; see the logs in " + Child.LogDirectory);
        double Field(JsonObject r, string method, string field) => r[method]![field]!.GetValue<double>();
        foreach (var op in new[] { "Create", "Get" })
        {
            string sdk = $"{op}_Sdk", raw = $"{op}_RawHttpClient";
            var sdkMean = Median(results.Select(r => Field(r, sdk, "mean_ns") / 1000));
            var rawMean = Median(results.Select(r => Field(r, raw, "mean_ns") / 1000));
            var ratios = string.Join(", ", results.Select(r => $"{Field(r, sdk, "mean_ns") / Field(r, raw, "mean_ns"):0.00}×"));
            c.Report.Figure("1", $"`{op}Async` mean time per call", sdkMean, rawMean, "µs", 1.15, higherIsBetter: false,
                $"raw HttpClient + STJ source-gen, same request; median of {results.Count} BenchmarkDotNet runs, whose own ratios were {ratios}");
            c.Report.Figure("1", $"`{op}Async` bytes allocated per call", Median(results.Select(r => Field(r, sdk, "allocated_bytes"))), Median(results.Select(r => Field(r, raw, "allocated_bytes"))), "B", 1.5, higherIsBetter: false, "BenchmarkDotNet MemoryDiagnoser");
        }
        c.Report.Detail("1", $"BenchmarkDotNet {results[0]["bdn_version"]}, in-process toolchain, 5 warm-up + {c.Args.Get("percall-iterations", "20")} measured iterations per run, {results.Count} runs, each against a fresh emulator in its own process (`--render-time 0`, so GET returns a complete project with a signed download URL). " +
            "Per run, mean µs (± stddev) SDK / raw: " + string.Join("; ", results.Select((r, i) => $"#{i + 1} Create {Field(r, "Create_Sdk", "mean_ns") / 1000:0} (±{Field(r, "Create_Sdk", "stddev_ns") / 1000:0}) / {Field(r, "Create_RawHttpClient", "mean_ns") / 1000:0} (±{Field(r, "Create_RawHttpClient", "stddev_ns") / 1000:0}), Get {Field(r, "Get_Sdk", "mean_ns") / 1000:0} (±{Field(r, "Get_Sdk", "stddev_ns") / 1000:0}) / {Field(r, "Get_RawHttpClient", "mean_ns") / 1000:0} (±{Field(r, "Get_RawHttpClient", "stddev_ns") / 1000:0})")) + ".");
    }

    // ---------------------------------------------------------------- 2. upload

    private static async Task UploadAsync(Context c)
    {
        var size = long.Parse(c.Args.Get("upload-mib", "1024"), CultureInfo.InvariantCulture) * MiB;
        var big = Inputs.Blob(c.Work, $"upload-{size / MiB}mib.mp4", size);
        var warm = Inputs.Blob(c.Work, "warm-1mib.mp4", MiB);
        var sdk = new List<JsonObject>();
        var raw = new List<JsonObject>();
        for (var i = 0; i < c.Repeat; i++)
        {
            foreach (var mode in i % 2 == 0 ? new[] { "raw", "sdk" } : ["sdk", "raw"])
            {
                await using var emu = await ServerProcess.EmulatorAsync(c.EmulatorDll, c.Work, "--render-time", "0");
                var run = await Child.SelfAsync($"scenario upload {mode} #{i + 1}", ["scenario", "upload", "--mode", mode, "--base-url", emu.BaseUrl.ToString(), "--key", ServerProcess.ApiKey, "--file", big, "--warm-file", warm]);
                if (run.Ok) (mode == "sdk" ? sdk : raw).Add(run.Result!);
            }
        }
        var label = $"{size / MiB} MiB";
        c.Report.Figure("2", $"Upload {label}: throughput (MiB/s)", Median(sdk, "mib_per_second"), Median(raw, "mib_per_second"), "MiB/s", 0.9, higherIsBetter: true, "baseline: POST upload-urls + `StreamContent` PUT by hand");
        c.Report.Absolute("2", $"Upload {label}: peak memory growth, SDK", Median(sdk, "peak_growth_bytes") / MiB, "MiB", 64, Median(raw, "peak_growth_bytes") / MiB);
        c.Report.Detail("2", $"Runs (SDK): {Runs(sdk)}. Runs (raw): {Runs(raw)}. Managed bytes allocated during the upload, SDK: {Median(sdk, "allocated_bytes") / MiB:0.0} MiB, raw: {Median(raw, "allocated_bytes") / MiB:0.0} MiB.");
    }

    // ---------------------------------------------------------------- 3. downloads

    private static async Task DownloadAsync(Context c)
    {
        var size = long.Parse(c.Args.Get("download-mib", "1024"), CultureInfo.InvariantCulture) * MiB;
        var sdk = new List<JsonObject>();
        var raw = new List<JsonObject>();
        await using var emu = await ServerProcess.EmulatorAsync(c.EmulatorDll, c.Work, "--render-time", "0", "--synthetic-output-bytes", size.ToString(CultureInfo.InvariantCulture));
        var dir = Path.Combine(c.Work, "downloads");
        for (var i = 0; i < c.Repeat; i++)
        {
            foreach (var mode in i % 2 == 0 ? new[] { "raw", "sdk" } : ["sdk", "raw"])
            {
                var run = await Child.SelfAsync($"scenario download {mode} #{i + 1}", ["scenario", "download", "--mode", mode, "--base-url", emu.BaseUrl.ToString(), "--key", ServerProcess.ApiKey, "--dir", dir]);
                if (run.Ok) (mode == "sdk" ? sdk : raw).Add(run.Result!);
            }
        }
        var label = $"{size / MiB} MiB";
        c.Report.Figure("3", $"Download {label}: throughput (MiB/s)", Median(sdk, "mib_per_second"), Median(raw, "mib_per_second"), "MiB/s", 0.9, higherIsBetter: true, "baseline: GET + `CopyToAsync` to a `FileStream` by hand; SDK: `ResumeAsync` (GET project, download to temp file, move)");
        c.Report.Absolute("3", $"Download {label}: peak memory growth, SDK", Median(sdk, "peak_growth_bytes") / MiB, "MiB", 64, Median(raw, "peak_growth_bytes") / MiB);
        c.Report.Detail("3", $"Runs (SDK): {Runs(sdk)}. Runs (raw): {Runs(raw)}.");
    }

    private static async Task DownloadManyAsync(Context c)
    {
        var size = long.Parse(c.Args.Get("many-mib", "256"), CultureInfo.InvariantCulture) * MiB;
        var results = new Dictionary<string, List<JsonObject>> { ["sdk4"] = [], ["sdk1"] = [], ["raw"] = [] };
        await using var emu = await ServerProcess.EmulatorAsync(c.EmulatorDll, c.Work, "--render-time", "0", "--synthetic-output-bytes", size.ToString(CultureInfo.InvariantCulture));
        var dir = Path.Combine(c.Work, "downloads-many");
        for (var i = 0; i < c.Repeat; i++)
        {
            foreach (var mode in new[] { "sdk4", "sdk1", "raw" })
            {
                string[] modeArgs = mode == "raw" ? ["--mode", "raw"] : ["--mode", "sdk", "--concurrency", mode[3..]];
                var run = await Child.SelfAsync($"scenario download-many {mode} #{i + 1}", ["scenario", "download-many", .. modeArgs, "--count", "4", "--base-url", emu.BaseUrl.ToString(), "--key", ServerProcess.ApiKey, "--dir", dir]);
                if (run.Ok) results[mode].Add(run.Result!);
            }
        }
        var label = $"4 × {size / MiB} MiB";
        c.Report.Figure("3", $"Download {label}: wall time, 4 at once vs one after another (SDK `MaxConcurrentDownloads` 4 vs 1)", Median(results["sdk4"], "seconds"), Median(results["sdk1"], "seconds"), "s", 0.999, higherIsBetter: false, "target: less time than one after another");
        c.Report.Figure("3", $"Download {label}: wall time, SDK 4 at once vs hand-written sequential copies", Median(results["sdk4"], "seconds"), Median(results["raw"], "seconds"), "s", null, higherIsBetter: false, "for context");
        c.Report.Absolute("3", $"Download {label}: peak memory growth, SDK 4 at once", Median(results["sdk4"], "peak_growth_bytes") / MiB, "MiB", 64, Median(results["raw"], "peak_growth_bytes") / MiB);
        c.Report.Detail("3", $"4 × {size / MiB} MiB runs, seconds: SDK ×4 {Runs(results["sdk4"], "seconds")}; SDK ×1 {Runs(results["sdk1"], "seconds")}; raw sequential {Runs(results["raw"], "seconds")}.");
    }

    // ---------------------------------------------------------------- 4. many workflows

    private static async Task ConcurrentAsync(Context c)
    {
        var n = c.Args.Get("concurrent-n", "200");
        var input = Inputs.PaddedPng(c.Work, c.Portrait, MiB);
        // Synthetic 50 KB outputs by default: with real outputs the emulator renders 200 PNGs with SkiaSharp on the
        // same two cores as the client, and that (not the SDK) sets the wall time. --concurrent-output-bytes 0 renders them.
        var synthetic = c.Args.Get("concurrent-output-bytes", "51200");
        string[] extra = synthetic == "0" ? [] : ["--synthetic-output-bytes", synthetic];
        await using var emu = await ServerProcess.EmulatorAsync(c.EmulatorDll, c.Work, ["--render-time", "2s", .. extra]);
        var run = await Child.SelfAsync($"scenario concurrent {n}", ["scenario", "concurrent", "--n", n, "--file", input, "--dir", Path.Combine(c.Work, "concurrent"), "--base-url", emu.BaseUrl.ToString(), "--key", ServerProcess.ApiKey]);
        if (!run.Ok) throw new InvalidOperationException("The concurrent scenario failed; see " + run.Log);
        var r = run.Result!;
        var stats = await emu.StatsAsync();
        c.Report.Figure("4", $"{n} concurrent `GenerateAsync` headshots (1 MiB input, 2 s render): total wall time vs one workflow", r["concurrent_seconds"]!.GetValue<double>(), r["single_seconds"]!.GetValue<double>(), "s", 1.5, higherIsBetter: false,
            $"{r["completed"]}/{n} completed; thread-pool starvation events {r["threadpool_starvation_events"]}; HTTP connections opened {r["http_connections_opened"]}; failed requests {r["http_requests_failed"]}");
        c.Report.Absolute("4", $"{n} concurrent workflows: completed", r["completed"]!.GetValue<double>(), "", null, null, exact: double.Parse(n, CultureInfo.InvariantCulture));
        c.Report.Absolute("4", $"{n} concurrent workflows: thread-pool starvation events", r["threadpool_starvation_events"]!.GetValue<double>(), "", 0, null);
        c.Report.Detail("4", $"Single workflow {r["single_seconds"]!.GetValue<double>():0.00} s (after one warm-up workflow); {n} at once {r["concurrent_seconds"]!.GetValue<double>():0.00} s. " +
            $"Thread pool: {r["threadpool_min_threads"]} min threads, at most {r["threadpool_threads_max"]} threads during the run. HTTP: {r["http_requests"]} requests on {r["http_connections_opened"]} new connections (pooled, reused), {r["http_requests_failed"]} failed. " +
            $"Peak memory growth {r["peak_growth_bytes"]!.GetValue<double>() / MiB:0} MiB. Emulator: {Route(stats, "GET /v1/image-projects 200")} polls, {Route(stats, "PUT /_storage/upload 200")} uploads, {Route(stats, "GET /_storage/download 200")} downloads" +
            (synthetic == "0" ? " (outputs rendered as real 1024×1024 PNGs by the emulator)." : $" (emulator outputs synthetic, {synthetic} bytes each).") +
            " When the workflows first reached each stage, seconds after the batch started (median / last): " +
            string.Join(", ", (r["stage_first_reached"]?.AsObject() ?? []).Select(kv => $"{kv.Key} {kv.Value!["median_s"]!.GetValue<double>():0.00} / {kv.Value["max_s"]!.GetValue<double>():0.00}")) +
            " (Creating = uploads done, Waiting = project created, Downloading = completion noticed, Completed = file on disk)." +
            (r["raw_upload_create_seconds"] is { } rawPhase ? $" For comparison, hand-written HttpClient code doing the same {n} uploads and creates at once (no waiting, no download) took {rawPhase.GetValue<double>():0.00} s: the floor for the SDK's upload-and-create phase on this machine, whose last project was created at {r["stage_first_reached"]?["Waiting"]?["max_s"]?.GetValue<double>():0.00} s." : ""));
    }

    // ---------------------------------------------------------------- 5. polling

    private static async Task PollAsync(Context c)
    {
        var render = c.Args.Get("poll-render-seconds", "60");
        await using var ours = await ServerProcess.EmulatorAsync(c.EmulatorDll, c.Work, "--render-time", render + "s");
        var oursRun = Child.SelfAsync("scenario poll", ["scenario", "poll", "--base-url", ours.BaseUrl.ToString(), "--key", ServerProcess.ApiKey]);
        ServerProcess? nodeEmu = null, proxy = null;
        Task<ChildResult>? nodeRun = null;
        if (c.NodeDir is not null)
        {
            nodeEmu = await ServerProcess.EmulatorAsync(c.EmulatorDll, c.Work, "--render-time", render + "s");
            proxy = await ServerProcess.NodeProxyAsync(c.NodeDir, nodeEmu.BaseUrl);
            nodeRun = Child.RunAsync("node poll", "node", [Path.Combine(c.NodeDir, "poll-count.js"), proxy.BaseUrl.ToString(), ServerProcess.ApiKey], NodeEnv(c.NodeDir));
        }
        var run = await oursRun;
        if (!run.Ok) throw new InvalidOperationException("The poll scenario failed; see " + run.Log);
        var polls = Route(await ours.StatsAsync(), "GET /v1/image-projects 200");
        var seconds = run.Num("seconds");
        double? nodePolls = null;
        if (nodeRun is not null)
        {
            var nr = await nodeRun;
            if (nr.Ok) nodePolls = Route(await nodeEmu!.StatsAsync(), "GET /v1/image-projects 200");
            await proxy!.DisposeAsync();
            await nodeEmu!.DisposeAsync();
        }
        var renderSeconds = double.Parse(render, CultureInfo.InvariantCulture);
        c.Report.Absolute("5", $"Status requests for a {render} s render, default options", polls, "requests", 25, nodePolls, baselineName: "vendor Node SDK");
        c.Report.Absolute("5", $"Completion noticed after the render ended (≤ max poll interval 5 s)", seconds - renderSeconds, "s", 5, null);
        c.Report.Detail("5", $"`CreateAsync` then `ImageProjects.WaitAsync` with default options took {seconds:0.00} s for a {render} s render (measured from before the create request, so the delay is an upper bound). " +
            (nodePolls is null ? "The Node SDK was not run." : $"The vendor's Node SDK (`checkResult`, 0.5 s fixed interval) made {nodePolls} GETs for the same render."));
    }

    // ---------------------------------------------------------------- 6. start-up

    private static async Task StartupAsync(Context c)
    {
        var jit = c.Args.Has("cli-jit") ? Path.GetFullPath(c.Args.Get("cli-jit")) : null;
        var aot = c.Args.Has("cli-aot") ? Path.GetFullPath(c.Args.Get("cli-aot")) : null;
        if (jit is null) throw new InvalidOperationException("--cli-jit is required for the start-up figures.");
        var runs = int.Parse(c.Args.Get("startup-runs", "10"), CultureInfo.InvariantCulture);
        async Task<(double Wall, double Rss, bool Ok)> Measure(string exe, string label, string[] args, int count)
        {
            var walls = new List<double>();
            var rss = new List<double>();
            var ok = true;
            for (var i = 0; i < count; i++)
            {
                var r = await Child.RunAsync($"{label} #{i + 1}", exe, args);
                ok &= r.ExitCode == 0;
                walls.Add(r.WallSeconds);
                rss.Add(r.PeakRssBytes ?? double.NaN);
            }
            return (Median(walls), Median(rss), ok);
        }
        var demoDir = Path.Combine(c.Work, "demo");
        string[] demo = ["headshot", c.Portrait, "--emulator", "--out", demoDir];
        var jitHelp = await Measure(jit, "cli jit --help", ["--help"], runs);
        var jitDemo = await Measure(jit, "cli jit demo", demo, 3);
        if (aot is null || !File.Exists(aot))
        {
            c.Report.Note("6", "No NativeAOT build of the CLI was available in this run: " + c.Args.Get("aot-note", "see tools/bench.sh output."));
            c.Report.Absolute("6", "CLI start-up (`magichour --help`), JIT", jitHelp.Wall * 1000, "ms", null, null);
            return;
        }
        var aotHelp = await Measure(aot, "cli aot --help", ["--help"], runs);
        var aotDemo = await Measure(aot, "cli aot demo", demo, 3);
        c.Report.Figure("6", "CLI start-up, `magichour --help`: NativeAOT vs JIT", aotHelp.Wall * 1000, jitHelp.Wall * 1000, "ms", null, higherIsBetter: false, $"median of {runs} runs; peak RSS {aotHelp.Rss / MiB:0} vs {jitHelp.Rss / MiB:0} MiB");
        c.Report.Figure("6", "CLI emulator demo (`headshot portrait.png --emulator`): NativeAOT vs JIT", aotDemo.Wall, jitDemo.Wall, "s", null, higherIsBetter: false, $"median of 3 runs, both {(aotDemo.Ok && jitDemo.Ok ? "succeeded" : "did NOT all succeed")}; peak RSS {aotDemo.Rss / MiB:0} vs {jitDemo.Rss / MiB:0} MiB");
        c.Report.Detail("6", $"NativeAOT binary: {new FileInfo(aot).Length / (double)MiB:0.0} MiB (`{Path.GetFileName(aot)}`), plus {string.Join(", ", Directory.EnumerateFiles(Path.GetDirectoryName(aot)!, "*.so").Select(Path.GetFileName))}. " + c.Args.Get("aot-note", ""));
    }

    // ---------------------------------------------------------------- 7. peer comparison

    private static async Task PeerAsync(Context c)
    {
        if (c.NodeDir is null) throw new InvalidOperationException("--node-dir (the vendor's Node SDK installed by tools/bench.sh) is required.");
        var input = Inputs.PaddedPng(c.Work, c.Portrait, 50 * MiB);
        var aot = c.Args.Has("cli-aot") && File.Exists(c.Args.Get("cli-aot")) ? Path.GetFullPath(c.Args.Get("cli-aot")) : null;
        await using var emu = await ServerProcess.EmulatorAsync(c.EmulatorDll, c.Work, "--render-time", "2s");
        await using var proxy = await ServerProcess.NodeProxyAsync(c.NodeDir, emu.BaseUrl);
        var dir = Path.Combine(c.Work, "peer");
        Directory.CreateDirectory(dir);
        var ours = new List<ChildResult>();
        var node = new List<ChildResult>();
        var cli = new List<ChildResult>();
        for (var i = 0; i < c.Repeat; i++)
        {
            var a = await Child.SelfAsync($"scenario generate #{i + 1}", ["scenario", "generate", "--file", input, "--dir", dir, "--base-url", proxy.BaseUrl.ToString(), "--key", ServerProcess.ApiKey]);
            if (a.Ok) ours.Add(a);
            var b = await Child.RunAsync($"node generate #{i + 1}", "node", [Path.Combine(c.NodeDir, "peer-headshot.js"), proxy.BaseUrl.ToString(), ServerProcess.ApiKey, input, dir], NodeEnv(c.NodeDir));
            if (b.Ok) node.Add(b);
            if (aot is not null)
            {
                var d = await Child.RunAsync($"cli aot generate #{i + 1}", aot, ["headshot", input, "--base-url", proxy.BaseUrl.ToString(), "--api-key", ServerProcess.ApiKey, "--out", dir]);
                if (d.ExitCode == 0) cli.Add(d);
            }
            foreach (var f in Directory.EnumerateFiles(dir)) File.Delete(f);
        }
        if (ours.Count == 0 || node.Count == 0) throw new InvalidOperationException($"Peer runs failed (ours {ours.Count}, node {node.Count}); see logs in {Child.LogDirectory}.");
        c.Report.Figure("7", "Headshot workflow, 50 MiB input: process wall time, ours vs Node SDK", Median(ours.Select(r => r.WallSeconds)), Median(node.Select(r => r.WallSeconds)), "s", null, higherIsBetter: false, "whole process, start to exit");
        c.Report.Figure("7", "Headshot workflow, 50 MiB input: workflow time inside the process, ours vs Node SDK", Median(ours.Select(r => r.Num("seconds"))), Median(node.Select(r => r.Num("seconds"))), "s", null, higherIsBetter: false, "client construction to files on disk");
        c.Report.Figure("7", "Headshot workflow, 50 MiB input: peak RSS, ours vs Node SDK", Median(ours.Select(r => (double)(r.PeakRssBytes ?? 0))) / MiB, Median(node.Select(r => (double)(r.PeakRssBytes ?? 0))) / MiB, "MiB", null, higherIsBetter: false, "GNU time %M of each process");
        if (cli.Count > 0)
        {
            c.Report.Figure("7", "Same workflow with the NativeAOT `magichour` CLI: process wall time vs Node SDK", Median(cli.Select(r => r.WallSeconds)), Median(node.Select(r => r.WallSeconds)), "s", null, higherIsBetter: false, "");
            c.Report.Figure("7", "Same workflow with the NativeAOT `magichour` CLI: peak RSS vs Node SDK", Median(cli.Select(r => (double)(r.PeakRssBytes ?? 0))) / MiB, Median(node.Select(r => (double)(r.PeakRssBytes ?? 0))) / MiB, "MiB", null, higherIsBetter: false, "");
        }
        c.Report.Detail("7", $"Node {NodeVersion()} with npm `magic-hour` {NodeSdkVersion(c.NodeDir)}, installed by tools/bench.sh into a temp folder. Its response schemas still require `frame_cost` (create) and `total_frame_cost` (image project), which the vendor's current spec and the emulator no longer send, so both SDKs talk to the emulator through a small pass-through proxy in its own process (tools/MagicHour.Benchmarks/node/compat-proxy.js) that copies `credits_charged` into those fields; uploads and downloads go straight to the emulator. " +
            $"Runs, wall s (ours / node): {string.Join("; ", ours.Zip(node, (a, b) => $"{a.WallSeconds:0.00} / {b.WallSeconds:0.00}"))}. Peak RSS MiB (ours / node): {string.Join("; ", ours.Zip(node, (a, b) => $"{(a.PeakRssBytes ?? 0) / (double)MiB:0} / {(b.PeakRssBytes ?? 0) / (double)MiB:0}"))}.");
    }

    // ---------------------------------------------------------------- helpers

    private static Dictionary<string, string> NodeEnv(string nodeDir) => new() { ["NODE_PATH"] = Path.Combine(nodeDir, "node_modules") };

    private static double Route(JsonNode stats, string key) => stats["requests_by_route"]?[key]?.GetValue<double>() ?? 0;

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).OrderBy(v => v).ToArray();
        if (sorted.Length == 0) return double.NaN;
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static double Median(List<JsonObject> runs, string field) => Median(runs.Select(r => r[field]?.GetValue<double>() ?? double.NaN));

    private static string Runs(List<JsonObject> runs, string field = "mib_per_second")
        => runs.Count == 0 ? "none" : string.Join(", ", runs.Select(r => field == "mib_per_second"
            ? $"{r[field]!.GetValue<double>():0} MiB/s (+{r["peak_growth_bytes"]!.GetValue<double>() / MiB:0} MiB)"
            : $"{r[field]!.GetValue<double>():0.00}"));

    private static string Machine(string? nodeDir)
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        var memKb = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var os = File.Exists("/etc/os-release") ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?.Split('=', 2)[1].Trim('"') : RuntimeInformation.OSDescription;
        return $"{cpu}, {Environment.ProcessorCount} cores, {long.Parse(memKb, CultureInfo.InvariantCulture) / 1024 / 1024.0:0} GiB RAM, {os}, kernel {Environment.OSVersion.Version}, {RuntimeInformation.FrameworkDescription}" +
            (nodeDir is null ? "" : $", Node {NodeVersion()}") + $", commit {Git("rev-parse --short HEAD")}";
    }

    /// <summary>The 1-minute load average: how busy the shared machine was (2 cores; other work raises it).</summary>
    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private static string NodeVersion() => Run("node", "--version");

    private static string NodeSdkVersion(string nodeDir)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(nodeDir, "node_modules", "magic-hour", "package.json")));
        return json?["version"]?.ToString() ?? "?";
    }

    private static string Git(string args) => Run("git", args);

    private static string Run(string file, string args)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var text = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            return text;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "not installed";
        }
    }
}
