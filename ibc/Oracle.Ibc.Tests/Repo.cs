namespace Oracle.Ibc.Tests;

/// <summary>The repository root: the folder holding Oracle.sln above the test binaries (../shared sits beside it).</summary>
internal static class Repo
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Oracle.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Oracle.sln not found above " + AppContext.BaseDirectory);
    }
}
