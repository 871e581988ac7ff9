namespace MagicHour.Cli.Config;

/// <summary>Where the API key came from, in the order they are tried.</summary>
internal enum ApiKeySource
{
    /// <summary><c>--api-key</c>.</summary>
    Flag,
    /// <summary><c>MAGIC_HOUR_API_KEY</c>.</summary>
    Environment,
    /// <summary>The config file written by <c>magichour login</c>.</summary>
    ConfigFile,
    /// <summary>The in-process <c>--emulator</c>'s demo key.</summary>
    Emulator,
}

/// <summary>Finds the API key: <c>--api-key</c>, then <c>MAGIC_HOUR_API_KEY</c>, then the saved key.</summary>
internal static class ApiKeyResolver
{
    /// <summary>The key and where it came from, or null when there is none.</summary>
    public static (string Key, ApiKeySource Source)? Resolve(string? flag, Func<string, string?> environment)
    {
        if (!string.IsNullOrWhiteSpace(flag)) return (flag.Trim(), ApiKeySource.Flag);
        if (environment("MAGIC_HOUR_API_KEY") is { } env && !string.IsNullOrWhiteSpace(env)) return (env.Trim(), ApiKeySource.Environment);
        if (new KeyStore(environment).ReadKey() is { } saved) return (saved, ApiKeySource.ConfigFile);
        return null;
    }

    /// <summary>How a person would describe <paramref name="source"/>.</summary>
    public static string Describe(ApiKeySource source, Func<string, string?> environment) => source switch
    {
        ApiKeySource.Flag => "--api-key",
        ApiKeySource.Environment => "MAGIC_HOUR_API_KEY",
        ApiKeySource.ConfigFile => new KeyStore(environment).FilePath,
        _ => "the built-in emulator",
    };
}
