using Strata.Storage;

namespace Strata.Environments.State;

/// <summary>
/// The host's list of environment folders, for <c>global-status</c>: one project folder per line in a file beside
/// the box store. Changed under a file lock and written atomically; folders whose <c>.strata/</c> is gone are pruned.
/// </summary>
public sealed class EnvironmentIndex(string path)
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The index file.</summary>
    public string Path { get; } = path;

    /// <summary>The index of this user: <c>environments</c> in the folder that holds the box store.</summary>
    public static EnvironmentIndex Beside(Boxes.BoxStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return new EnvironmentIndex(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(store.Root))!, "environments"));
    }

    /// <summary>Project folders in the index, in the order they were added.</summary>
    public IReadOnlyList<string> List() =>
        File.Exists(Path) ? [.. File.ReadAllLines(Path).Where(l => l.Length > 0)] : [];

    /// <summary>Adds a project folder (nothing when it is listed already).</summary>
    public Task AddAsync(string projectDirectory, CancellationToken cancellationToken) =>
        ChangeAsync(folders => { if (!folders.Contains(projectDirectory)) folders.Add(projectDirectory); }, cancellationToken);

    /// <summary>Removes a project folder, and every folder whose environment state is gone.</summary>
    public Task RemoveAsync(string projectDirectory, CancellationToken cancellationToken) =>
        ChangeAsync(folders => folders.Remove(projectDirectory), cancellationToken);

    /// <summary>Drops folders whose <c>.strata/</c> no longer exists.</summary>
    public Task PruneAsync(CancellationToken cancellationToken) => ChangeAsync(_ => { }, cancellationToken);

    private async Task ChangeAsync(Action<List<string>> change, CancellationToken cancellationToken)
    {
        using var held = await FileLock.TryAcquireAsync(Path + ".lock", LockTimeout, cancellationToken).ConfigureAwait(false)
            ?? throw new EnvironmentException($"the environment index {Path} is locked by another strata process");
        var folders = List().ToList();
        var before = folders.ToList();
        change(folders);
        folders.RemoveAll(f => !Directory.Exists(System.IO.Path.Combine(f, ProjectState.FolderName)));
        if (folders.SequenceEqual(before))
            return;
        await AtomicFile.WriteAllTextAsync(Path, string.Concat(folders.Select(f => f + "\n")), cancellationToken).ConfigureAwait(false);
    }
}
