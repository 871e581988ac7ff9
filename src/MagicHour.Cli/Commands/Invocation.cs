using System.CommandLine;
using System.Text.Json.Nodes;
using MagicHour.Cli.Config;
using MagicHour.Cli.Output;
using MagicHour.Emulator;
using MagicHour.Generated;

namespace MagicHour.Cli.Commands;

/// <summary>One run of one command: its parsed line, where it writes, and how it reaches the API.</summary>
internal sealed class Invocation(ParseResult parse, GlobalOptions globals, CliSettings settings, CancellationToken cancellationToken)
{
    /// <summary>The parsed command line.</summary>
    public ParseResult Parse { get; } = parse;

    /// <summary>What the process gave the CLI.</summary>
    public CliSettings Settings { get; } = settings;

    /// <summary>Results and notes.</summary>
    public CliOutput Out { get; } = new(settings.Output, settings.Error, parse.GetValue(globals.Json));

    /// <summary>Cancelled by Ctrl+C or SIGTERM.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary><c>--dry-run</c>.</summary>
    public bool DryRun => Parse.GetValue(globals.DryRun);

    /// <summary><c>--emulator</c>.</summary>
    public bool Emulated => Parse.GetValue(globals.Emulator);

    /// <summary>
    /// With <c>--emulator</c>, its render time, which every wait is told to expect (null otherwise, and when it renders
    /// at once: such waits poll every 10 ms from the start).
    /// </summary>
    public TimeSpan? ExpectedProcessingTime => Emulated && Settings.EmulatorRenderTime > TimeSpan.Zero ? Settings.EmulatorRenderTime : null;

    /// <summary>The connection flags to repeat in a hint (never the key itself).</summary>
    public string ConnectionFlags
    {
        get
        {
            var flags = "";
            if (Parse.GetValue(globals.BaseUrl) is { } url) flags += $" --base-url {url}";
            if (Parse.GetValue(globals.ApiKey) is not null) flags += " --api-key KEY";
            return flags;
        }
    }

    /// <summary>Prints what would be sent (with <c>--dry-run</c>).</summary>
    public int PrintDryRun(string method, string path, JsonNode? body)
    {
        Out.Result(new JsonObject { ["dry_run"] = true, ["method"] = method, ["path"] = path, ["body"] = body?.DeepClone() },
            body is null ? [$"{method} {path}"] : [$"{method} {path}", CliOutput.Format(body)]);
        return ExitCodes.Ok;
    }

    /// <summary>A client for the API, the given base URL, or a fresh in-process emulator; the key is checked before anything is sent.</summary>
    public async Task<ClientLease> OpenClientAsync()
    {
        var environment = Settings.GetEnvironmentVariable;
        var options = new MagicHourClientOptions { TimeProvider = Settings.TimeProvider };
        if (Emulated)
        {
            var emulator = await MagicHourEmulator.StartAsync(new MagicHourEmulatorOptions { RenderTime = Settings.EmulatorRenderTime }, CancellationToken).ConfigureAwait(false);
            options.ApiKey = emulator.ApiKey;
            options.BaseUrl = emulator.BaseUrl;
            if (ExpectedProcessingTime is null) options.PollInterval = TimeSpan.FromMilliseconds(10);
            Out.Note($"Using the built-in emulator at {emulator.BaseUrl} (nothing is charged; it stops when this command ends).");
            return new ClientLease(new MagicHourClient(options), emulator);
        }

        var url = Parse.GetValue(globals.BaseUrl) ?? environment("MAGIC_HOUR_BASE_URL");
        if (!string.IsNullOrWhiteSpace(url))
        {
            options.BaseUrl = Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? uri
                : throw new CliUsageException($"--base-url / MAGIC_HOUR_BASE_URL '{url}' is not an absolute http(s) URL.");
        }
        var key = ApiKeyResolver.Resolve(Parse.GetValue(globals.ApiKey), environment)
            ?? throw new CliFailureException(new CliError("auth", "No API key.", ExitCodes.Auth, Hint:
                "Pass --api-key KEY, set MAGIC_HOUR_API_KEY, save one with `magichour login --key-stdin`, or try everything offline with --emulator."));
        options.ApiKey = key.Key;
        options.Transport = Settings.Transport;
        return new ClientLease(new MagicHourClient(options), null);
    }
}

/// <summary>A client and, with <c>--emulator</c>, the emulator it talks to; disposing stops both.</summary>
internal sealed class ClientLease(MagicHourClient client, MagicHourEmulator? emulator) : IAsyncDisposable
{
    /// <summary>The client.</summary>
    public MagicHourClient Client { get; } = client;

    /// <summary>True on the in-process emulator: credits are not real.</summary>
    public bool Emulated => emulator is not null;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (emulator is not null) await emulator.DisposeAsync().ConfigureAwait(false);
    }
}
