namespace MagicHour.SpecSync.Tests;

/// <summary>Finds the repository root and the vendor files beside it from the test directory.</summary>
internal static class Repository
{
    /// <summary>The nearest parent of the test directory that holds openapi/magic-hour.v1.yaml.</summary>
    public static string Root()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "openapi", "magic-hour.v1.yaml")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("openapi/magic-hour.v1.yaml not found above the test directory");
    }

    /// <summary>shared/upstream in a parent of the repository (the vendor files, read-only), or null.</summary>
    public static string? Upstream()
    {
        for (var directory = new DirectoryInfo(Root()); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "upstream");
            if (File.Exists(Path.Combine(candidate, "magic-hour-openapi.json")) && Directory.Exists(Path.Combine(candidate, "history")))
            {
                return candidate;
            }
        }

        return null;
    }
}
