using System.Text.Json.Nodes;

namespace MagicHour.Cli.Config;

/// <summary>
/// The saved API key: <c>MAGIC_HOUR_CONFIG</c>, else <c>$XDG_CONFIG_HOME/magichour/config.json</c>, else
/// <c>~/.config/magichour/config.json</c>. Written atomically (a temporary file renamed over the old one),
/// readable by its owner only (0600), and never printed.
/// </summary>
internal sealed class KeyStore(Func<string, string?> environment)
{
    /// <summary>The config file's path.</summary>
    public string FilePath
    {
        get
        {
            if (environment("MAGIC_HOUR_CONFIG") is { Length: > 0 } explicitPath) return Path.GetFullPath(explicitPath);
            var root = environment("XDG_CONFIG_HOME") is { Length: > 0 } xdg
                ? xdg
                : Path.Combine(environment("HOME") is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
            return Path.Combine(root, "magichour", "config.json");
        }
    }

    /// <summary>The saved key, or null when there is none (a missing or unreadable file is "none").</summary>
    public string? ReadKey()
    {
        try
        {
            var node = JsonNode.Parse(File.ReadAllText(FilePath));
            return node?["api_key"]?.GetValue<string>() is { Length: > 0 } key ? key : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Saves <paramref name="apiKey"/>, replacing the file in one rename so a reader never sees half of it.</summary>
    public void Save(string apiKey)
    {
        var path = FilePath;
        var directory = Path.GetDirectoryName(path)!;
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(directory);
        else Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var temp = Path.Combine(directory, $".config.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using (var stream = new FileStream(temp, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(new JsonObject { ["api_key"] = apiKey }.ToJsonString());
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Removes the saved key; false when there was none.</summary>
    public bool Delete()
    {
        if (!File.Exists(FilePath)) return false;
        File.Delete(FilePath);
        return true;
    }
}
