using Strata.Domains;
using Strata.Storage;

namespace Strata.Drivers.Qemu;

/// <summary>
/// What every domain's files say, kept in memory and brought up to date at each look: only the files the kernel
/// reports changed since the last look are read again (<see cref="DirectoryChanges"/>). State still lives in the
/// files, and any process may change them; a long-lived driver (stratad) just avoids reading a thousand
/// definitions to list, look up or define one, and a short-lived one (the CLI) reads only the files it needs.
/// </summary>
internal sealed class DomainIndex : IDisposable
{
    private const string XmlSuffix = ".xml";

    private readonly Lock _lock = new();
    private readonly DirectoryChanges _changes;
    private readonly CachedDirectory<Loaded<DomainDefinition>> _definitions;
    private readonly CachedDirectory<Loaded<StatusFile>> _statuses;
    private readonly CachedDirectory<string> _autostart;
    private readonly DomainFiles _files;
    private IReadOnlyList<IndexedDomain>? _all;
    private long _generation;
    private IReadOnlyDictionary<string, string>? _renamedFrom; // during a refresh: where the definitions' last renames came from

    public DomainIndex(DomainFiles files)
    {
        _files = files;
        var paths = files.Paths;
        _changes = new DirectoryChanges(paths.DomainsDir, paths.RunDir, paths.AutostartDir);
        _definitions = new(paths.DomainsDir, XmlSuffix, name => LoadDefinition(files, name, _renamedFrom), loaded => loaded.Value?.Uuid, files.PendingDefinitions);
        _statuses = new(paths.RunDir, XmlSuffix, name => LoadStatus(files, name), loaded => loaded.Value?.Record.Uuid);
        _autostart = new(paths.AutostartDir, "", name => files.IsAutostart(name) ? name : null, _ => null);
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
    public IReadOnlyList<IndexedDomain> All() => Snapshot().Domains;

    /// <summary>
    /// The files of every domain as they are now, by name, with the generation they belong to: it changes whenever
    /// a file of the index may have changed, so whatever is made of the files alone can be kept until it does.
    /// </summary>
    public (long Generation, IReadOnlyList<IndexedDomain> Domains) Snapshot()
    {
        lock (_lock)
        {
            Refresh();
            if (_all is null)
            {
                _ = _autostart.All(); // one directory read instead of a look per name
                var names = new SortedSet<string>(_definitions.All().Select(d => d.Key), StringComparer.Ordinal);
                names.UnionWith(_statuses.All().Select(s => s.Key));
                _all = [.. names.Select(name => Entry(name)!)];
            }
            return (_generation, _all);
        }
    }

    /// <summary>The domains whose files carry <paramref name="uuid"/> now (normally one), without building the others.</summary>
    public IReadOnlyList<IndexedDomain> WithUuid(Guid uuid)
    {
        lock (_lock)
        {
            Refresh();
            var names = new SortedSet<string>(_definitions.WithUuid(uuid), StringComparer.Ordinal);
            names.UnionWith(_statuses.WithUuid(uuid));
            return [.. names.Select(name => Entry(name)!)];
        }
    }

    public void Dispose() => _changes.Dispose();

    private IndexedDomain? Entry(string name)
    {
        var definition = _definitions.Get(name);
        var status = _statuses.Get(name);
        return definition is null && status is null ? null : new IndexedDomain(name, definition, status, _autostart.Get(name) is not null);
    }

    private void Refresh()
    {
        _files.RecoverDefinitions(); // once: a crash may have left journaled definitions unwritten
        var changed = _changes.Drain();
        // This process's own changes come first from memory: their files are written behind, and inotify tells later.
        changed[0]?.UnionWith(_files.TakeDefinitionChanges());
        if (Array.TrueForAll(changed, names => names is { Count: 0 }))
            return;
        // Files this process's writer just put in place are not read back: it knows what they hold.
        _renamedFrom = changed[0]?.RenamedFrom;
        try
        {
            // Not short-circuited: each directory takes in its own changes.
            if (_definitions.Changed(changed[0]) | _statuses.Changed(changed[1]) | _autostart.Changed(changed[2]))
            {
                _all = null;
                _generation++;
            }
        }
        finally
        {
            _renamedFrom = null;
        }
    }

    private static Loaded<DomainDefinition>? LoadDefinition(DomainFiles files, string name, IReadOnlyDictionary<string, string>? renamedFrom)
    {
        string? xml = files.ReadDefinition(name, renamedFrom);
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

    private static Loaded<StatusFile>? LoadStatus(DomainFiles files, string name)
    {
        try
        {
            var record = files.ReadStatus(name);
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
