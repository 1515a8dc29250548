using Strata.Domains;
using Strata.Storage;

namespace Strata.Drivers.Qemu;

/// <summary>
/// What every domain's files say, kept in memory and brought up to date at each look: only the files the kernel
/// reports changed since the last look are read again (<see cref="DirectoryChanges"/>). State still lives in the
/// files, and any process may change them; a long-lived driver (stratad) just avoids reading a thousand
/// definitions to list, look up or define one.
/// </summary>
internal sealed class DomainIndex : IDisposable
{
    private const string XmlSuffix = ".xml";
    private const int DefinitionsDir = 0, StatusDir = 1, AutostartDir = 2;

    private readonly Lock _lock = new();
    private readonly DomainFiles _files;
    private readonly DirectoryChanges _changes;
    private readonly Dictionary<string, Loaded<DomainDefinition>> _definitions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Loaded<StatusFile>> _statuses = new(StringComparer.Ordinal);
    private readonly HashSet<string> _autostart = new(StringComparer.Ordinal);

    public DomainIndex(DomainFiles files)
    {
        _files = files;
        _changes = new DirectoryChanges(files.Paths.DomainsDir, files.Paths.RunDir, files.Paths.AutostartDir);
    }

    /// <summary>The files of one domain as they are now, or null when it has none.</summary>
    public IndexedDomain? Find(string name)
    {
        lock (_lock)
        {
            Refresh();
            return Entry(name);
        }
    }

    /// <summary>The files of every domain as they are now, by name.</summary>
    public IReadOnlyList<IndexedDomain> All()
    {
        lock (_lock)
        {
            Refresh();
            var names = new SortedSet<string>(_definitions.Keys, StringComparer.Ordinal);
            names.UnionWith(_statuses.Keys);
            return [.. names.Select(name => Entry(name)!)];
        }
    }

    /// <summary>The domains whose files carry <paramref name="uuid"/> now (normally one), without reading any other.</summary>
    public IReadOnlyList<IndexedDomain> WithUuid(Guid uuid)
    {
        lock (_lock)
        {
            Refresh();
            var names = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var (name, definition) in _definitions)
            {
                if (definition.Value?.Uuid == uuid)
                    names.Add(name);
            }
            foreach (var (name, status) in _statuses)
            {
                if (status.Value?.Record.Uuid == uuid)
                    names.Add(name);
            }
            return [.. names.Select(name => Entry(name)!)];
        }
    }

    public void Dispose() => _changes.Dispose();

    private IndexedDomain? Entry(string name)
    {
        var definition = _definitions.GetValueOrDefault(name);
        var status = _statuses.GetValueOrDefault(name);
        return definition is null && status is null ? null : new IndexedDomain(name, definition, status, _autostart.Contains(name));
    }

    private void Refresh()
    {
        var changed = _changes.Drain();
        Update(_definitions, _files.Paths.DomainsDir, changed[DefinitionsDir], LoadDefinition);
        Update(_statuses, _files.Paths.RunDir, changed[StatusDir], LoadStatus);
        if (changed[AutostartDir] is { } names)
        {
            foreach (string name in names)
                SetAutostart(name);
        }
        else
        {
            _autostart.Clear();
            if (Directory.Exists(_files.Paths.AutostartDir))
                _autostart.UnionWith(Directory.EnumerateFiles(_files.Paths.AutostartDir).Select(path => Path.GetFileName(path)));
        }
    }

    private void SetAutostart(string name)
    {
        if (_files.IsAutostart(name))
            _autostart.Add(name);
        else
            _autostart.Remove(name);
    }

    /// <summary>Rereads the NAME.xml files of <paramref name="directory"/> that changed (all of them when <paramref name="changed"/> is null).</summary>
    private static void Update<T>(Dictionary<string, Loaded<T>> cache, string directory, HashSet<string>? changed, Func<string, Loaded<T>?> load)
        where T : class
    {
        if (changed is null)
        {
            // Everything at once (a daemon's first look, with hundreds of definitions): parse on every core.
            cache.Clear();
            string[] names = Directory.Exists(directory)
                ? [.. Directory.EnumerateFiles(directory, "*" + XmlSuffix).Select(path => Path.GetFileName(path)[..^XmlSuffix.Length])]
                : [];
            var loaded = new Loaded<T>?[names.Length];
            Parallel.For(0, names.Length, i => loaded[i] = load(names[i]));
            for (int i = 0; i < names.Length; i++)
            {
                if (loaded[i] is { } value)
                    cache[names[i]] = value;
            }
            return;
        }
        foreach (string file in changed)
        {
            if (!file.EndsWith(XmlSuffix, StringComparison.Ordinal))
                continue;
            string name = file[..^XmlSuffix.Length];
            if (load(name) is { } loaded)
                cache[name] = loaded;
            else
                cache.Remove(name);
        }
    }

    private Loaded<DomainDefinition>? LoadDefinition(string name)
    {
        string? xml = _files.ReadDefinition(name);
        if (xml is null)
            return null;
        try
        {
            return new(ParsedDefinitions.Parse(xml), null);
        }
        catch (StrataException error)
        {
            return new(null, error);
        }
    }

    private Loaded<StatusFile>? LoadStatus(string name)
    {
        try
        {
            var record = _files.ReadStatus(name);
            if (record is null)
                return null;
            var live = record.Status.IsActive ? ParsedDefinitions.Parse(record.LiveXml) : null;
            return new(new StatusFile(record, live), null);
        }
        catch (StrataException error)
        {
            return new(null, error);
        }
    }
}
