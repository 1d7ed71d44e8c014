namespace Oracle.Cosmos.Tests.Support;

/// <summary>Finds the repository root (the folder holding Oracle.sln) from the test binary's folder.</summary>
internal static class RepoRoot
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Oracle.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"no Oracle.sln above {AppContext.BaseDirectory}: cannot find the repository root");
    });

    public static string Path_ => Root.Value;

    public static string Combine(params string[] parts) => Path.Combine([Root.Value, .. parts]);

    /// <summary>A file under ../shared/vectors (read in place, never copied).</summary>
    public static string Vector(params string[] parts)
    {
        var path = Path.GetFullPath(Path.Combine([Root.Value, "..", "shared", "vectors", .. parts]));
        if (!File.Exists(path))
        {
            throw new InvalidOperationException("test vector not found at " + path);
        }
        return path;
    }
}
