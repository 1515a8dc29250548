namespace Strata.Environments.Boxes;

/// <summary>
/// The boxes of this host: <c>tiny</c>, built offline from Debian packages on first use, and vagrant-libvirt
/// <c>.box</c> files imported with <c>box add</c>. One folder per box; folders starting with '.' are the store's own
/// (downloaded packages, imports and removals in progress).
/// </summary>
public sealed class BoxStore(string root)
{
    /// <summary>The store's folder: one subfolder per box.</summary>
    public string Root { get; } = root;

    /// <summary>The store of this user: under /var/lib/strata for root, else under $XDG_DATA_HOME/strata.</summary>
    public static BoxStore ForCurrentUser()
    {
        if (Environment.IsPrivilegedProcess)
            return new BoxStore("/var/lib/strata/boxes");
        string? data = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (string.IsNullOrEmpty(data) || !Path.IsPathRooted(data))
            data = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return new BoxStore(Path.Combine(data, "strata", "boxes"));
    }

    /// <summary>The box called <paramref name="name"/>; <c>tiny</c> is built on first use (progress says what is happening).</summary>
    public async Task<Box> GetAsync(string name, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        BoxName.Validate(name);
        if (name == TinyBox.Name)
            return await TinyBox.GetAsync(Root, progress, cancellationToken).ConfigureAwait(false);
        var imported = ImportedBox.Find(Path.Combine(Root, name))
            ?? throw new BoxException($"there is no box '{name}' (add one with: strata env box add {name} FILE.box)");
        if (imported.BootsWithTinyKernel)
        {
            var tiny = await TinyBox.GetAsync(Root, progress, cancellationToken).ConfigureAwait(false);
            return imported.Box with { Boot = tiny.Boot };
        }
        return imported.Box;
    }

    /// <summary>Imports a vagrant-libvirt <c>.box</c> file as <paramref name="name"/>.</summary>
    public async Task<Box> AddAsync(string name, string boxFile, bool force, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        BoxName.Validate(name);
        if (name == TinyBox.Name)
            throw new BoxException($"'{TinyBox.Name}' is the built-in box; import under another name");
        await VagrantBoxImport.ImportAsync(this, name, boxFile, force, progress, cancellationToken).ConfigureAwait(false);
        return await GetAsync(name, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The boxes in the store (a <c>tiny</c> box appears once it has been built). Nothing is built here: an imported
    /// box that boots with tiny's kernel shows tiny's kernel only once tiny exists.
    /// </summary>
    public IReadOnlyList<Box> List()
    {
        if (!Directory.Exists(Root))
            return [];
        var tiny = TinyBox.Find(Path.Combine(Root, TinyBox.Name));
        var boxes = new List<Box>();
        foreach (string directory in Directory.EnumerateDirectories(Root).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(directory);
            if (name.StartsWith('.'))
                continue;
            if (name == TinyBox.Name)
            {
                if (tiny is not null)
                    boxes.Add(tiny);
            }
            else if (ImportedBox.Find(directory) is { } imported)
            {
                boxes.Add(imported.BootsWithTinyKernel && tiny is not null ? imported.Box with { Boot = tiny.Boot } : imported.Box);
            }
        }
        return boxes;
    }

    /// <summary>Removes a box; false when there is no such box.</summary>
    public bool Remove(string name)
    {
        BoxName.Validate(name);
        string directory = Path.Combine(Root, name);
        if (!Directory.Exists(directory))
            return false;
        Directory.Delete(MoveAside(directory), recursive: true);
        return true;
    }

    /// <summary>Puts the finished box in <paramref name="work"/> in place as <paramref name="name"/>, an existing box of that name moved aside and deleted.</summary>
    internal void Replace(string name, string work)
    {
        string directory = Path.Combine(Root, name);
        string? doomed = Directory.Exists(directory) ? MoveAside(directory) : null;
        Directory.Move(work, directory);
        if (doomed is not null)
            TryDelete(doomed);
    }

    /// <summary>Renames a box's folder aside, so the box vanishes at once even if deleting its files is slow or interrupted.</summary>
    private string MoveAside(string directory)
    {
        string doomed = Path.Combine(Root, $".remove-{Guid.NewGuid():N}");
        Directory.Move(directory, doomed);
        return doomed;
    }

    /// <summary>A fresh folder in the store for work that is renamed into place when done (same filesystem, so the rename is atomic).</summary>
    internal string NewWorkDirectory(string purpose)
    {
        Directory.CreateDirectory(Root);
        foreach (string stale in Directory.EnumerateDirectories(Root, ".remove-*"))
            TryDelete(stale);
        return Directory.CreateDirectory(Path.Combine(Root, $".{purpose}-{Guid.NewGuid():N}")).FullName;
    }

    internal static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
