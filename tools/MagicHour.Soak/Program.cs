using System.Globalization;
using MagicHour.Soak;

// tools/soak.sh runs this; see docs/reliability.md for what it measures and the last results.
var count = 10_000;
var concurrency = 50;
var faultRate = 0.05;
var renderTime = TimeSpan.FromMilliseconds(100);
var seed = 1;
long? synthetic = null;
var webhooks = true;
var work = Path.Combine(Path.GetTempPath(), "magichour-soak");
TimeSpan? budget = null;
string? report = null;

for (var i = 0; i < args.Length; i++)
{
    string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
    switch (args[i])
    {
        case "--count": count = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--concurrency": concurrency = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--fault-rate": faultRate = double.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--render-time": renderTime = TimeSpan.FromMilliseconds(double.Parse(Value().Replace("ms", "", StringComparison.Ordinal), CultureInfo.InvariantCulture)); break;
        case "--seed": seed = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--synthetic-output-bytes": synthetic = long.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--no-webhooks": webhooks = false; break;
        case "--work": work = Value(); break;
        case "--max-minutes": budget = TimeSpan.FromMinutes(double.Parse(Value(), CultureInfo.InvariantCulture)); break;
        case "--report": report = Value(); break;
        case "-h" or "--help":
            Console.WriteLine("MagicHour.Soak [--count 10000] [--concurrency 50] [--fault-rate 0.05] [--render-time 100ms] [--seed 1]\n" +
                              "               [--synthetic-output-bytes N] [--no-webhooks] [--work DIR] [--max-minutes M] [--report FILE]");
            return 0;
        default:
            Console.Error.WriteLine($"Unknown argument '{args[i]}' (try --help).");
            return 2;
    }
}
if (count <= 0 || concurrency <= 0 || faultRate is < 0 or > 1)
{
    Console.Error.WriteLine("--count and --concurrency must be positive, --fault-rate between 0 and 1.");
    return 2;
}

return await new SoakRunner(new SoakOptions(count, concurrency, faultRate, renderTime, seed, synthetic, webhooks, work, budget, report)).RunAsync();
