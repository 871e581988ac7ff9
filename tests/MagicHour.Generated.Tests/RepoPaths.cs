namespace MagicHour.Generated.Tests;

/// <summary>Finds the repository root and the vendor's spec beside it (../shared/upstream in CI and locally).</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string? UpstreamSpec
    {
        get
        {
            var path = Path.GetFullPath(Path.Combine(Root, "..", "shared", "upstream", "magic-hour-openapi.json"));
            return File.Exists(path) ? path : null;
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MagicHour.Generated.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Repository root (MagicHour.Generated.sln) not found above " + AppContext.BaseDirectory);
    }
}
