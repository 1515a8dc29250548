using Strata.Storage;

namespace Strata.Tests.Storage;

/// <summary>What <see cref="ManyFilesSync"/> does with files that went away and with a path it cannot sync.</summary>
public sealed class ManyFilesSyncSpecs : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("strata-sync-").FullName;

    [Fact]
    public void FilesThatWentAwayAreSkipped()
    {
        string[] paths = [.. Enumerable.Range(0, 40).Select(i => Path.Combine(_root, $"f{i}"))];
        foreach (string path in paths.Where((_, i) => i % 3 != 0))
            File.WriteAllText(path, "x");
        ManyFilesSync.SyncAll(paths); // helpers as well: 40 files
    }

    [Fact]
    public void APathThatCannotBeSyncedIsReported()
    {
        string[] paths = [.. Enumerable.Range(0, 40).Select(i => Path.Combine(_root, $"f{i}"))];
        foreach (string path in paths)
            File.WriteAllText(path, "x");
        paths[7] = Path.Combine(_root, "a-directory");
        Directory.CreateDirectory(paths[7]); // opened as a file, it throws
        var error = Record.Exception(() => ManyFilesSync.SyncAll(paths));
        Assert.True(error is IOException or UnauthorizedAccessException, $"expected an I/O error, got {error}");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
