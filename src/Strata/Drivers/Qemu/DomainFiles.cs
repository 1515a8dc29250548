using Strata.Storage;

namespace Strata.Drivers.Qemu;

/// <summary>
/// Where one driver instance keeps each domain's files, and reading and writing them atomically:
/// definitions and autostart markers under the state dir; status, pid, QMP socket and locks under the run dir.
/// Every write is atomic (a reader sees the old file or the new). Definitions and autostart marks are also durable:
/// a crash never loses one. Definitions go through a journal (<see cref="JournaledDirectory"/>: one small flush per
/// define or undefine); autostart marks, rarely changed, are fsynced with their directory. Status files are not
/// fsynced: they describe processes that a crash or reboot ends anyway, and the run dir is usually a tmpfs.
/// </summary>
internal sealed class DomainFiles(StatePaths paths) : IDisposable
{
    private const bool StatusDurable = false;

    private readonly JournaledDirectory _definitions = new(paths.DomainsDir, Path.Combine(paths.StateDir, "domains.journal"));

    private const string DefinitionSuffix = ".xml";

    public StatePaths Paths { get; } = paths;

    public string DefinitionPath(string name) => Path.Combine(Paths.DomainsDir, name + DefinitionSuffix);
    public string AutostartPath(string name) => Path.Combine(Paths.AutostartDir, name);
    public string StatusPath(string name) => Path.Combine(Paths.RunDir, name + ".xml");
    public string PidPath(string name) => Path.Combine(Paths.RunDir, name + ".pid");

    /// <summary>One file for every domain's locks (byte-range locks, <see cref="RangeLock"/>): by name, and by UUID.</summary>
    public string LockFilePath => Path.Combine(Paths.RunDir, "domains.lock");

    /// <summary>The per-domain lock that serializes state changes, as libvirt's job lock.</summary>
    public static string NameLockKey(string name) => "name:" + name;

    /// <summary>Taken with the name lock by define and create, so two names cannot claim one UUID at once.</summary>
    public static string UuidLockKey(Guid uuid) => $"uuid:{uuid:N}";
    public string LogPath(string name) => Path.Combine(Paths.LogDir, name + ".log");
    // Neither NAME.xml nor NAME.pid: no domain's files can take these names.
    public string DriverLockPath => Path.Combine(Paths.RunDir, "driver.lock");
    public string NextIdPath => Path.Combine(Paths.RunDir, "next-id");

    // Socket paths are limited to 107 bytes, so they are named by UUID rather than by (long) domain name.
    public string QmpSocketPath(Guid uuid) => Path.Combine(Paths.RunDir, $"{uuid:N}.qmp");

    /// <summary>
    /// A second QMP monitor for callers that wait on events (QEMU serves one client per monitor): a long wait
    /// there never blocks the short requests on the main one.
    /// </summary>
    public string EventSocketPath(Guid uuid) => Path.Combine(Paths.RunDir, $"{uuid:N}.events");

    /// <summary>Replays the definitions' journal if this process has not yet: before the definitions are first read.</summary>
    public void RecoverDefinitions() => _definitions.Recover();

    /// <summary>
    /// A definition as this process last made it, even while its file is still being written behind, or as this
    /// process put its file in place when <paramref name="renamedFrom"/> (a look's <see cref="ChangedNames.RenamedFrom"/>)
    /// shows that as the file's last change; else read from its file.
    /// </summary>
    public string? ReadDefinition(string name, IReadOnlyDictionary<string, string>? renamedFrom = null)
    {
        string file = name + DefinitionSuffix;
        return _definitions.TryGetKnown(file, renamedFrom?.GetValueOrDefault(file), out string? known) ? known : TextFile.ReadOrNull(DefinitionPath(name));
    }

    /// <summary>Waits for other processes' definition files still being written behind: after taking a domain's lock.</summary>
    public void AwaitOtherWriters() => _definitions.AwaitOtherWriters();

    /// <summary>The definition files this process changed since the last call (their files may not show it yet).</summary>
    public string[] TakeDefinitionChanges() => _definitions.TakeChanges();

    /// <summary>The definition files this process changed whose writes are still behind (new ones are not on disk yet).</summary>
    public string[] PendingDefinitions() => _definitions.PendingNames();

    public Task WriteDefinitionAsync(string name, string xml, CancellationToken cancellationToken) =>
        _definitions.WriteAsync(name + DefinitionSuffix, xml, cancellationToken);

    public async Task DeleteDefinitionAsync(string name, CancellationToken cancellationToken)
    {
        await _definitions.DeleteAsync(name + DefinitionSuffix, cancellationToken).ConfigureAwait(false);
        AtomicFile.Delete(AutostartPath(name));
    }

    public DomainStatusRecord? ReadStatus(string name)
    {
        string? xml = TextFile.ReadOrNull(StatusPath(name));
        if (xml is null)
            return null;
        try
        {
            return DomainStatusRecord.FromXml(xml);
        }
        catch (Exception e) when (e is System.Xml.XmlException or InvalidDataException or FormatException)
        {
            throw new StrataException(ErrorCode.InternalError, $"internal error: corrupt status file {StatusPath(name)}: {e.Message}");
        }
    }

    public Task WriteStatusAsync(string name, DomainStatusRecord status, CancellationToken cancellationToken) =>
        AtomicFile.WriteAllTextAsync(StatusPath(name), status.ToXml(), StatusDurable, cancellationToken);

    public void DeleteStatus(string name) => AtomicFile.Delete(StatusPath(name), StatusDurable);

    public bool IsAutostart(string name) => File.Exists(AutostartPath(name));

    public Task SetAutostartAsync(string name, bool autostart, CancellationToken cancellationToken) =>
        AtomicFile.SetMarkerAsync(AutostartPath(name), autostart, cancellationToken);

    /// <summary>Makes the definitions written by this process durable in their files (a checkpoint of the journal).</summary>
    public void Dispose() => _definitions.Dispose();
}
