namespace Strata.Drivers.Qemu;

/// <summary>
/// The parsed files of one directory (NAME + suffix), read lazily: a look at one name reads that file only, a
/// look at all of them reads the whole directory once. Whatever <see cref="Storage.DirectoryChanges"/> reports
/// changed is forgotten (or, once the whole directory is known, read again at once). Not thread-safe: the index
/// that owns it locks.
/// </summary>
internal sealed class CachedDirectory<T>(
    string directory, string suffix, Func<string, T?> load, Func<T, Guid?> uuidOf, Func<string[]>? unwrittenFiles = null) where T : class
{
    // A name mapped to null is known to have no file.
    private readonly Dictionary<string, T?> _known = new(StringComparer.Ordinal);
    // The names whose files carry each UUID, kept with _known: a define asks this of every domain.
    private readonly Dictionary<Guid, List<string>> _byUuid = [];
    private bool _complete;

    /// <summary>
    /// Takes in what changed since the last look: some file names, or (null) anything at all. Returns whether any of
    /// them is one of this directory's files (with a suffix, temp files and lock files are not).
    /// </summary>
    public bool Changed(HashSet<string>? names)
    {
        if (names is null)
        {
            _known.Clear();
            _byUuid.Clear();
            _complete = false;
            return true;
        }
        bool any = false;
        foreach (string file in names)
        {
            if (!IsEntry(file))
                continue;
            any = true;
            string name = file[..^suffix.Length];
            if (_complete)
                Set(name, load(name));
            else
                Forget(name);
        }
        return any;
    }

    /// <summary>The file of <paramref name="name"/>, or null when it has none.</summary>
    public T? Get(string name)
    {
        if (_known.TryGetValue(name, out var value))
            return value;
        if (_complete)
            return null; // every file of the directory is known, and this is none of them
        value = load(name);
        _known[name] = value;
        if (value is not null)
            Index(name, value);
        return value;
    }

    /// <summary>The names whose files carry <paramref name="uuid"/> (normally none or one), from every file of the directory.</summary>
    public IReadOnlyList<string> WithUuid(Guid uuid)
    {
        if (!_complete)
            ReadAll();
        return _byUuid.TryGetValue(uuid, out var names) ? [.. names] : [];
    }

    /// <summary>Every file of the directory, by name.</summary>
    public IEnumerable<KeyValuePair<string, T>> All()
    {
        if (!_complete)
            ReadAll();
        // Once complete, the directory holds no name without a file.
        return _known.Select(entry => KeyValuePair.Create(entry.Key, entry.Value!));
    }

    private void ReadAll()
    {
        _known.Clear();
        _byUuid.Clear();
        // Files still being written come first: once written they leave that list, and must then be on disk.
        var files = new HashSet<string>(unwrittenFiles?.Invoke() ?? [], StringComparer.Ordinal);
        if (Directory.Exists(directory))
            files.UnionWith(Directory.EnumerateFiles(directory, "*" + suffix).Select(path => Path.GetFileName(path)));
        string[] names = [.. files.Where(IsEntry).Select(file => file[..^suffix.Length])];
        // A daemon's first look at hundreds of definitions: parse them on every core.
        var values = new T?[names.Length];
        Parallel.For(0, names.Length, i => values[i] = load(names[i]));
        for (int i = 0; i < names.Length; i++)
            Set(names[i], values[i]);
        _complete = true;
    }

    // NAME + suffix: temp files (".tmp-" and a GUID) and lock files have no suffix.
    private bool IsEntry(string file) => file.EndsWith(suffix, StringComparison.Ordinal);

    private void Set(string name, T? value)
    {
        Forget(name);
        if (value is null)
            return;
        _known[name] = value;
        Index(name, value);
    }

    private void Forget(string name)
    {
        if (!_known.Remove(name, out var old) || old is null || uuidOf(old) is not { } uuid || !_byUuid.TryGetValue(uuid, out var names))
            return;
        names.Remove(name);
        if (names.Count == 0)
            _byUuid.Remove(uuid);
    }

    private void Index(string name, T value)
    {
        if (uuidOf(value) is not { } uuid)
            return;
        if (!_byUuid.TryGetValue(uuid, out var names))
            _byUuid[uuid] = names = [];
        names.Add(name);
    }
}
