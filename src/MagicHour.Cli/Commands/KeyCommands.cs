using System.CommandLine;
using System.Text.Json.Nodes;
using MagicHour.Cli.Config;
using MagicHour.Cli.Output;

namespace MagicHour.Cli.Commands;

/// <summary><c>login --key-stdin</c>, <c>logout</c>, <c>whoami</c>.</summary>
internal static class KeyCommands
{
    /// <summary>The three commands.</summary>
    public static IEnumerable<Command> Create(CliRoot app)
    {
        var keyStdin = new Option<bool>("--key-stdin") { Description = "Read the API key from stdin (e.g. `pass magichour | magichour login --key-stdin`), so it stays out of shell history." };
        var login = new Command("login", "Save an API key in the config file (owner-only, 0600) for later commands; MAGIC_HOUR_API_KEY still wins.") { keyStdin };
        CommandRunner.SetBody(login, app, run =>
        {
            if (!run.Parse.GetValue(keyStdin)) throw new CliUsageException("Pass the key on stdin with --key-stdin (it is never taken as an argument, which would land in shell history).");
            var key = run.Settings.Input.ReadToEnd().Trim();
            if (key.Length == 0) throw new CliUsageException("--key-stdin read no key from stdin.");
            if (key.Any(char.IsWhiteSpace)) throw new CliUsageException("--key-stdin read more than one word; pass only the API key.");
            var store = new KeyStore(run.Settings.GetEnvironmentVariable);
            store.Save(key);
            run.Out.Result(new JsonObject { ["saved"] = true, ["config_path"] = store.FilePath }, $"Saved the API key to {store.FilePath}.");
            if (run.Settings.GetEnvironmentVariable("MAGIC_HOUR_API_KEY") is { Length: > 0 }) run.Out.Note("Note: MAGIC_HOUR_API_KEY is set and is used before the saved key.");
            return Task.FromResult(ExitCodes.Ok);
        });

        var logout = new Command("logout", "Delete the saved API key.");
        CommandRunner.SetBody(logout, app, run =>
        {
            var store = new KeyStore(run.Settings.GetEnvironmentVariable);
            var removed = store.Delete();
            run.Out.Result(new JsonObject { ["removed"] = removed, ["config_path"] = store.FilePath },
                removed ? $"Removed the saved API key ({store.FilePath})." : $"No saved API key ({store.FilePath} does not exist).");
            return Task.FromResult(ExitCodes.Ok);
        });

        var whoami = new Command("whoami", "Show which account the API key belongs to and where the key came from (the key itself is never printed).");
        CommandRunner.SetBody(whoami, app, async run =>
        {
            var source = run.Emulated ? ApiKeySource.Emulator : ApiKeyResolver.Resolve(run.Parse.GetValue(app.Globals.ApiKey), run.Settings.GetEnvironmentVariable)?.Source;
            if (run.DryRun) return run.PrintDryRun("GET", "/v1/account", null);
            await using var lease = await run.OpenClientAsync().ConfigureAwait(false);
            var account = await lease.Client.V1.Account.GetAsync(run.CancellationToken).ConfigureAwait(false);
            var from = ApiKeyResolver.Describe(source ?? ApiKeySource.Flag, run.Settings.GetEnvironmentVariable);
            run.Out.Result(new JsonObject { ["account_id"] = account.Id, ["email"] = account.Email, ["key_source"] = from },
                $"{account.Email ?? account.Id} (key from {from})");
            return ExitCodes.Ok;
        });
        return [login, logout, whoami];
    }
}
