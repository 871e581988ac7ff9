using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using MagicHour.Generated;

namespace MagicHour.Benchmarks;

/// <summary>
/// <c>poll-schedules [--renders 50] [--sigma 0.5] [--seed 1] [--out docs/benchmarks.md]</c>: for every create tool,
/// draws render times log-normally around the tool's median (openapi/processing-times.json) and runs the SDK's own
/// waiter (ProjectWaiter with PollSchedule, through the whole HTTP pipeline) against a stub API that answers
/// <c>rendering</c> until the render's end, then <c>complete</c>. Time is a fake clock that jumps to the end of
/// each wait, so a 13-minute render takes milliseconds and every figure is reproducible from the seed; requests take
/// no time on that clock. Three schedules on the same renders: the tool's (default options), today's growing one
/// (0.5 s ×1.5 to 5 s) and the vendor Node SDK's fixed 0.5 s. Writes its own section of the report.
/// </summary>
internal static class PollScheduleBenchmark
{
    private const string Begin = "<!-- poll-schedules:begin (written by tools/bench-poll-schedules.sh) -->";
    private const string End = "<!-- poll-schedules:end -->";

    private sealed record Tool(string OperationId, string Kind, TimeSpan Median, Func<MagicHourClient, string, GenerateOptions, Task> Wait);
    private sealed record Run(double Delay, int Requests);
    private sealed record Row(Tool Tool, double MedianRender, Run[] Ours, Run[] Today, Run[] Fixed);

    public static async Task<int> RunAsync(Args args)
    {
        var renders = int.Parse(args.Get("renders", "50"), CultureInfo.InvariantCulture);
        var sigma = double.Parse(args.Get("sigma", "0.5"), CultureInfo.InvariantCulture);
        var seed = int.Parse(args.Get("seed", "1"), CultureInfo.InvariantCulture);
        var output = args.Get("out", "docs/benchmarks.md");

        var clock = new MagicHour.Testing.ManualTime(TimeSpan.FromHours(1));
        var stub = new StubApi(clock);
        MagicHourClient Client(TimeSpan? poll, TimeSpan max) => new(new MagicHourClientOptions
        {
            ApiKey = "mh_bench", BaseUrl = new Uri("https://api.bench"), Transport = stub, TimeProvider = clock,
            PollInterval = poll, MaxPollInterval = max, NetworkTimeout = TimeSpan.FromDays(1),
        });
        using var ours = Client(null, TimeSpan.FromSeconds(5));
        using var today = Client(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(5));
        using var fixedHalf = Client(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(0.5));

        var rows = new List<Row>();
        var started = DateTime.UtcNow;
        foreach (var tool in Tools())
        {
            // One generator per tool, seeded by its name, so adding a tool leaves the others' renders unchanged.
            var random = new Random(seed * 7919 + StableHash(tool.OperationId));
            var times = Enumerable.Range(0, renders).Select(_ => tool.Median.TotalSeconds * Math.Exp(sigma * Gaussian(random))).ToArray();
            async Task<Run[]> RunAll(MagicHourClient client)
            {
                var runs = new Run[times.Length];
                for (var i = 0; i < times.Length; i++)
                {
                    var (id, project) = stub.Start(tool.Kind, TimeSpan.FromSeconds(times[i]));
                    await tool.Wait(client, id, new GenerateOptions { DownloadOutputs = false, Timeout = TimeSpan.FromDays(2) }).ConfigureAwait(false);
                    runs[i] = new Run((project.NoticedAt - project.EndsAt).TotalSeconds, project.Gets);
                }
                return runs;
            }
            rows.Add(new Row(tool, Median(times), await RunAll(ours), await RunAll(today), await RunAll(fixedHalf)));
            Console.Error.WriteLine($"{tool.OperationId}: done");
        }

        var section = Render(rows, renders, sigma, seed, DateTime.UtcNow - started);
        var report = File.Exists(output) ? await File.ReadAllTextAsync(output) : "# Benchmarks\n";
        var from = report.IndexOf(Begin, StringComparison.Ordinal);
        var to = report.IndexOf(End, StringComparison.Ordinal);
        report = from >= 0 && to > from
            ? report[..from] + section + report[(to + End.Length)..]
            : report.TrimEnd() + "\n\n" + section + "\n";
        await File.WriteAllTextAsync(output, report);
        Console.WriteLine(section);
        var missed = rows.Count(r => !Met(r));
        Console.Error.WriteLine(missed == 0 ? "every target met" : $"{missed} tool(s) missed a target");
        return 0;
    }

    /// <summary>Every create tool of the SDK: its operation id, project kind and median, found on the clients (no list kept here).</summary>
    private static List<Tool> Tools()
    {
        var tools = new List<Tool>();
        foreach (var property in typeof(MagicHourV1).GetProperties())
        {
            var generate = property.PropertyType.GetMethod("GenerateAsync");
            if (generate is null) continue;
            var projectType = generate.ReturnType.GetGenericArguments()[0].GetGenericArguments()[0];
            var operationId = property.Name + "_Create";
            var median = ProcessingTimes.Median(operationId) ?? throw new InvalidOperationException($"{operationId} has no expected time in openapi/processing-times.json.");
            Func<MagicHourClient, string, GenerateOptions, Task> wait = projectType == typeof(ImageProject)
                ? (c, id, o) => c.Context.Waiter.WaitAsync(c.V1.ImageProjects.ProjectKind, id, o, default, operationId, projectIsNew: true)
                : projectType == typeof(VideoProject)
                    ? (c, id, o) => c.Context.Waiter.WaitAsync(c.V1.VideoProjects.ProjectKind, id, o, default, operationId, projectIsNew: true)
                    : (c, id, o) => c.Context.Waiter.WaitAsync(c.V1.AudioProjects.ProjectKind, id, o, default, operationId, projectIsNew: true);
            tools.Add(new Tool(operationId, projectType.Name.Replace("Project", "", StringComparison.Ordinal).ToLowerInvariant(), median, wait));
        }
        if (tools.Count != ProcessingTimes.All.Count) throw new InvalidOperationException($"{tools.Count} tools on the clients, {ProcessingTimes.All.Count} in openapi/processing-times.json.");
        return tools.OrderBy(t => t.Kind == "video").ThenBy(t => t.Median).ToList();
    }

    private static double DelayTarget(Row row) => Math.Max(0.5, 0.05 * row.MedianRender);
    private static double RequestTarget(Row row) => row.Tool.Kind == "video" ? 0.2 : 0.5;
    private static double RequestRatio(Row row) => (double)row.Ours.Sum(r => r.Requests) / row.Fixed.Sum(r => r.Requests);
    private static bool Met(Row row) => Median(row.Ours.Select(r => r.Delay)) <= DelayTarget(row) && RequestRatio(row) <= RequestTarget(row);

    private static string Render(List<Row> rows, int renders, double sigma, int seed, TimeSpan took)
    {
        static string S(double seconds) => seconds >= 60 ? $"{(int)(seconds / 60)}m{seconds % 60:00}s" : seconds.ToString(seconds < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " s";
        static string N(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        text.AppendLine(Begin);
        text.AppendLine("## Per-tool poll schedules");
        text.AppendLine();
        text.AppendLine($"Written by `tools/bench-poll-schedules.sh` (also run at the end of `tools/bench.sh`); {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, commit {Git("rev-parse --short HEAD")}, took {took.TotalSeconds:0.0} s.");
        text.AppendLine();
        text.AppendLine($"**How:** a deterministic simulation on a fake clock, not the emulator in real time: the SDK's own waiter (ProjectWaiter and PollSchedule, through the whole HTTP pipeline) polls a stub API that answers `rendering` until each render's end, then `complete`. "
            + $"Render times are drawn log-normally around each tool's median from `openapi/processing-times.json` (σ = {sigma.ToString(CultureInfo.InvariantCulture)}, {renders} renders per tool, seed {seed}); the same renders go to the three schedules. "
            + "The clock jumps to the end of each wait and requests take no time on it, so the figures are the schedules' own (a real request's latency adds to every column alike). "
            + "**Delay** = median time from the render's end to the poll that saw `complete`; **requests** = mean status GETs per render. "
            + "Targets: median delay ≤ max(0.5 s, 5 % of the median render); status requests ≤ ½ of the fixed 0.5 s schedule's for image and audio tools, ≤ ⅕ for video tools.");
        text.AppendLine();
        text.AppendLine("Schedules: **per-tool** (this SDK's default: a first poll at 3 s when the median is long enough for it, then from 0.705× the median every max(0.5 s, 4 % of it) up to 1.49×, then gaps ×1.3 up to max(5 s, 25 %)); "
            + "**previous** (this SDK before: at once, then 0.5 s ×1.5 per poll up to 5 s; still used when `PollInterval` is set); **Node SDK** (the vendor's `magic-hour` npm package: at once, then every 0.5 s).");
        text.AppendLine();
        text.AppendLine("| Tool (operation) | Kind | Median (vendor) | Median render drawn | Per-tool delay | Per-tool requests | Previous delay | Previous requests | Node SDK delay | Node SDK requests | Delay target | Requests ÷ Node SDK (target) | Met |");
        text.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var row in rows)
        {
            var estimate = ProcessingTimesFile.IsEstimate(row.Tool.OperationId) ? " (estimate)" : "";
            text.AppendLine($"| `{row.Tool.OperationId}` | {row.Tool.Kind} | {S(row.Tool.Median.TotalSeconds)}{estimate} | {S(row.MedianRender)} | "
                + $"{S(Median(row.Ours.Select(r => r.Delay)))} | {N(row.Ours.Average(r => r.Requests))} | {S(Median(row.Today.Select(r => r.Delay)))} | {N(row.Today.Average(r => r.Requests))} | "
                + $"{S(Median(row.Fixed.Select(r => r.Delay)))} | {N(row.Fixed.Average(r => r.Requests))} | ≤ {S(DelayTarget(row))} | {RequestRatio(row).ToString("0.00", CultureInfo.InvariantCulture)} (≤ {(row.Tool.Kind == "video" ? "0.20" : "0.50")}) | {(Met(row) ? "**met**" : "missed")} |");
        }
        var all = rows.Count(Met);
        text.AppendLine();
        text.AppendLine($"{all} of {rows.Count} tools meet both targets. Totals over all renders: per-tool {rows.Sum(r => r.Ours.Sum(x => x.Requests)):N0} status requests, previous {rows.Sum(r => r.Today.Sum(x => x.Requests)):N0}, Node SDK {rows.Sum(r => r.Fixed.Sum(x => x.Requests)):N0}.");
        text.AppendLine();
        text.AppendLine("Notes: the tails cost the per-tool schedule most. A render far shorter than the median (the fastest few percent) waits for the first poll of the dense zone, and a render far longer is polled less and less often (at most every 25 % of the median); both are kept off the median by design. "
            + "The default `GenerateOptions.Timeout` (30 min) is shorter than the slowest video-to-video renders such a spread produces (the benchmark sets 2 days); raise it for long video tools. "
            + "`ai-video-translator` has no published median; its figure is an estimate (see the file).");
        text.AppendLine(End);
        return text.ToString();
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static double Gaussian(Random random)
        => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text) hash = unchecked(hash * 31 + c);
        return hash & 0x7FFFFFF;
    }

    private static string Git(string arguments)
    {
        try
        {
            using var git = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("git", arguments) { RedirectStandardOutput = true, UseShellExecute = false })!;
            var text = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return text.Length > 0 ? text : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }

    /// <summary>Which entries of openapi/processing-times.json are estimates (read from the file in the repository).</summary>
    private static class ProcessingTimesFile
    {
        private static readonly Lazy<HashSet<string>> Estimates = new(() =>
        {
            var path = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "openapi", "processing-times.json");
            if (!File.Exists(path)) path = Path.Combine("openapi", "processing-times.json");
            using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
            return document.RootElement.GetProperty("operations").EnumerateObject()
                .Where(o => o.Value.TryGetProperty("estimate", out var e) && e.GetBoolean()).Select(o => o.Name).ToHashSet();
        });

        public static bool IsEstimate(string operationId) => Estimates.Value.Contains(operationId);
    }

    /// <summary>A stub API: each started project is <c>rendering</c> until its end on the clock, then <c>complete</c>.</summary>
    private sealed class StubApi(MagicHour.Testing.ManualTime clock) : HttpMessageHandler
    {
        public sealed class Project(TimeSpan endsAt)
        {
            public TimeSpan EndsAt { get; } = endsAt;
            public TimeSpan NoticedAt { get; set; }
            public int Gets { get; set; }
        }

        private readonly Dictionary<string, Project> _projects = new();
        private int _next;

        public (string Id, Project Project) Start(string kind, TimeSpan renderTime)
        {
            var id = $"{kind}-{++_next}";
            var project = new Project(clock.Elapsed + renderTime);
            lock (_projects) _projects[id] = project;
            return (id, project);
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var id = request.RequestUri!.Segments[^1];
            Project project;
            lock (_projects) project = _projects[id];
            project.Gets++;
            var done = clock.Elapsed >= project.EndsAt;
            if (done) project.NoticedAt = clock.Elapsed;
            var kind = id[..id.IndexOf('-')];
            var status = done ? "complete" : "rendering";
            var json = kind == "image"
                ? $$"""{"id":"{{id}}","name":"b","status":"{{status}}","image_count":1,"type":"AI_HEADSHOT","created_at":"2026-11-25T10:00:00Z","enabled":true,"credits_charged":5,"downloads":[],"error":null}"""
                : kind == "video"
                    ? $$"""{"id":"{{id}}","name":"b","status":"{{status}}","type":"FACE_SWAP","created_at":"2026-11-25T10:00:00Z","width":512,"height":512,"enabled":true,"start_seconds":0,"end_seconds":5,"total_frame_cost":5,"credits_charged":5,"fps":30,"downloads":[],"error":null}"""
                    : $$"""{"id":"{{id}}","name":"b","status":"{{status}}","type":"VOICE_GENERATOR","created_at":"2026-11-25T10:00:00Z","enabled":true,"credits_charged":5,"downloads":[],"error":null}""";
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json"), RequestMessage = request });
        }
    }
}
