namespace Strata.Tests.Support;

/// <summary>The repository's root folder, found by walking up from the test assembly to Strata.slnx.</summary>
internal static class RepoRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Strata.slnx")))
                return dir.FullName;
        }
        throw new InvalidOperationException("cannot find the repository root (Strata.slnx) above " + AppContext.BaseDirectory);
    }
}
