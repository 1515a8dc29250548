namespace Strata.Drivers.Qemu;

/// <summary>
/// The parsed files of one directory (NAME + suffix), read lazily: a look at one name reads that file only, a
/// look at all of them reads the whole directory once. Whatever <see cref="Storage.DirectoryChanges"/> reports
/// changed is forgotten (or, once the whole directory is known, read again at once). Not thread-safe: the index
/// that owns it locks.
/// </summary>
internal sealed class CachedDirectory<T>(string directory, string suffix, Func<string, T?> load) where T : class
{
    // A name mapped to null is known to have no file.
    private readonly Dictionary<string, T?> _known = new(StringComparer.Ordinal);
    private bool _complete;

    /// <summary>Takes in what changed since the last look: some names, or (null) anything at all.</summary>
    public void Changed(HashSet<string>? names)
    {
        if (names is null)
        {
            _known.Clear();
            _complete = false;
            return;
        }
        foreach (string file in names)
        {
            if (!file.EndsWith(suffix, StringComparison.Ordinal))
                continue;
            string name = file[..^suffix.Length];
            if (_complete)
                Set(name, load(name));
            else
                _known.Remove(name);
        }
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
        return value;
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
        string[] names = Directory.Exists(directory)
            ? [.. Directory.EnumerateFiles(directory, "*" + suffix).Select(path => Path.GetFileName(path)[..^suffix.Length])]
            : [];
        // A daemon's first look at hundreds of definitions: parse them on every core.
        var values = new T?[names.Length];
        Parallel.For(0, names.Length, i => values[i] = load(names[i]));
        for (int i = 0; i < names.Length; i++)
            Set(names[i], values[i]);
        _complete = true;
    }

    private void Set(string name, T? value)
    {
        if (value is null)
            _known.Remove(name);
        else
            _known[name] = value;
    }
}
