using System.Globalization;
using System.Runtime.InteropServices;

namespace MagicHour.Emulator;

/// <summary>
/// Command line: dotnet run --project tools/MagicHour.Emulator -- --port 5080 --api-key KEY
/// [--render-time 2s] [--credits N] [--storage-host localhost] [--storage-dir DIR] [--synthetic-output-bytes N] [--verbose]
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["--write-sample-portrait", var portraitPath])
        {
            // Regenerates tools/samples/portrait.png (see tools/samples/README.md).
            await File.WriteAllBytesAsync(portraitPath, SampleImages.PortraitPng(512));
            Console.WriteLine($"Wrote {portraitPath}");
            return 0;
        }
        MagicHourEmulatorOptions options;
        try
        {
            options = ParseArgs(args);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            Console.Error.WriteLine(Usage);
            return 2;
        }
        if (options is null)
        {
            Console.WriteLine(Usage);
            return 0;
        }

        MagicHourEmulator started;
        try
        {
            started = await MagicHourEmulator.StartAsync(options);
        }
        catch (IOException ex)
        {
            // Kestrel's "address already in use" (or another bind failure): one line, not a stack trace.
            Console.Error.WriteLine($"Could not listen on port {options.Port}: {ex.Message.Split(Environment.NewLine)[0]} Pick another with --port N (0 picks a free one).");
            return PortInUseExitCode;
        }
        await using var emulator = started;
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.TrySetResult();
        };
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
        {
            ctx.Cancel = true;
            stop.TrySetResult();
        });

        Console.WriteLine($"Magic Hour emulator listening on {emulator.BaseUrl.ToString().TrimEnd('/')}");
        Console.WriteLine($"API key:      {emulator.ApiKey}");
        Console.WriteLine($"Render time:  {options.RenderTime.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s, credits: {options.StartingCredits}");
        Console.WriteLine($"Storage:      {emulator.StorageDirectory}");
        Console.WriteLine($"Stats:        {emulator.BaseUrl}_emulator/stats");
        if (options.WebhookUrl is not null)
        {
            Console.WriteLine($"Webhooks:     {options.WebhookUrl} (signed with --webhook-secret)");
        }
        Console.WriteLine("Press Ctrl+C to stop.");
        await stop.Task;
        Console.WriteLine("Stopping.");
        return 0;
    }

    /// <summary>Exit code when the port cannot be bound; the same as <c>magichour emulator</c>'s.</summary>
    internal const int PortInUseExitCode = 9;

    private const string Usage =
        "Usage: MagicHour.Emulator [--port 5080] [--api-key KEY] [--render-time 2s|500ms|1m|0] [--credits N]\n" +
        "                          [--storage-host localhost] [--storage-dir DIR] [--synthetic-output-bytes N] [--verbose]\n" +
        "                          [--webhook-url URL] [--webhook-secret SECRET] [--download-redirect-host HOST]\n" +
        "                          [--account-tier free|creator|pro|business] [--no-subscription] [--saved-items N]\n" +
        "       MagicHour.Emulator --write-sample-portrait PATH   (draws tools/samples/portrait.png)";

    /// <summary>Parses the command line; returns null for --help.</summary>
    internal static MagicHourEmulatorOptions ParseArgs(string[] args)
    {
        var options = new MagicHourEmulatorOptions { Port = 5080 };
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{arg} needs a value.");
            switch (arg)
            {
                case "--port":
                    options.Port = int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 0 and <= 65535
                        ? port : throw new ArgumentException("--port must be 0-65535.");
                    break;
                case "--api-key":
                    options.ApiKey = Value();
                    break;
                case "--render-time":
                    options.RenderTime = ParseDuration(Value());
                    break;
                case "--credits":
                    options.StartingCredits = long.TryParse(Value(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var credits)
                        ? credits : throw new ArgumentException("--credits must be a whole number.");
                    break;
                case "--storage-host":
                    options.StorageHost = Value();
                    break;
                case "--storage-dir":
                    options.StorageDirectory = Value();
                    break;
                case "--synthetic-output-bytes":
                    options.SyntheticOutputBytes = long.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) && bytes > 0
                        ? bytes : throw new ArgumentException("--synthetic-output-bytes must be a positive whole number of bytes.");
                    break;
                case "--webhook-url":
                    options.WebhookUrl = Uri.TryCreate(Value(), UriKind.Absolute, out var hook) && hook.Scheme is "http" or "https"
                        ? hook : throw new ArgumentException("--webhook-url must be an absolute http(s) URL.");
                    break;
                case "--webhook-secret":
                    options.WebhookSecret = Value() is { Length: > 0 } secret ? secret : throw new ArgumentException("--webhook-secret must not be empty.");
                    break;
                case "--download-redirect-host":
                    options.DownloadRedirectHost = Value();
                    break;
                case "--account-tier":
                    var tier = Value();
                    options.AccountTier = tier is "free" or "creator" or "pro" or "business"
                        ? tier : throw new ArgumentException("--account-tier must be free, creator, pro or business.");
                    break;
                case "--no-subscription":
                    options.AccountHasSubscription = false;
                    break;
                case "--saved-items":
                    options.SavedItemCount = int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var items)
                        ? items : throw new ArgumentException("--saved-items must be a whole number.");
                    break;
                case "--verbose":
                    options.EnableLogging = true;
                    break;
                case "-h" or "--help":
                    return null!;
                default:
                    throw new ArgumentException($"Unknown argument '{arg}'.");
            }
        }
        return options;
    }

    /// <summary>"2s", "1500ms", "1m", "0", or plain seconds ("2.5").</summary>
    internal static TimeSpan ParseDuration(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        (string number, double scale) = t.EndsWith("ms", StringComparison.Ordinal) ? (t[..^2], 0.001)
            : t.EndsWith('s') ? (t[..^1], 1)
            : t.EndsWith('m') ? (t[..^1], 60)
            : (t, 1);
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0)
        {
            throw new ArgumentException($"Invalid duration '{text}' (use e.g. 2s, 500ms, 1m, 0).");
        }
        return TimeSpan.FromSeconds(value * scale);
    }
}
