using Strata.Storage;

namespace Strata.Drivers.Qemu;

/// <summary>
/// Where one driver instance keeps each domain's files, and reading and writing them atomically:
/// definitions and autostart markers under the state dir; status, pid, QMP socket and locks under the run dir.
/// Every write is atomic (a reader sees the old file or the new). Definitions and autostart marks are also durable
/// (fsynced with their directory): a crash never loses one. Status files are not fsynced: they describe processes
/// that a crash or reboot ends anyway, and the run dir is usually a tmpfs.
/// </summary>
internal sealed class DomainFiles(StatePaths paths)
{
    private const bool StatusDurable = false;

    public StatePaths Paths { get; } = paths;

    public string DefinitionPath(string name) => Path.Combine(Paths.DomainsDir, name + ".xml");
    public string AutostartPath(string name) => Path.Combine(Paths.AutostartDir, name);
    public string StatusPath(string name) => Path.Combine(Paths.RunDir, name + ".xml");
    public string PidPath(string name) => Path.Combine(Paths.RunDir, name + ".pid");
    public string LockPath(string name) => Path.Combine(Paths.RunDir, "locks", name + ".lock");

    /// <summary>Taken with the name lock by define and create, so two names cannot claim one UUID at once.</summary>
    public string UuidLockPath(Guid uuid) => Path.Combine(Paths.RunDir, "uuid-locks", $"{uuid:N}.lock");
    public string LogPath(string name) => Path.Combine(Paths.LogDir, name + ".log");
    // Outside locks/: no domain name can produce this path.
    public string DriverLockPath => Path.Combine(Paths.RunDir, "driver.lock");
    public string NextIdPath => Path.Combine(Paths.RunDir, "next-id");

    // Socket paths are limited to 107 bytes, so they are named by UUID rather than by (long) domain name.
    public string QmpSocketPath(Guid uuid) => Path.Combine(Paths.RunDir, $"{uuid:N}.qmp");

    /// <summary>
    /// A second QMP monitor for callers that wait on events (QEMU serves one client per monitor): a long wait
    /// there never blocks the short requests on the main one.
    /// </summary>
    public string EventSocketPath(Guid uuid) => Path.Combine(Paths.RunDir, $"{uuid:N}.events");

    public string? ReadDefinition(string name) => ReadOrNull(DefinitionPath(name));

    public Task WriteDefinitionAsync(string name, string xml, CancellationToken cancellationToken) =>
        AtomicFile.WriteAllTextAsync(DefinitionPath(name), xml, cancellationToken);

    public void DeleteDefinition(string name)
    {
        AtomicFile.Delete(DefinitionPath(name));
        AtomicFile.Delete(AutostartPath(name));
    }

    public DomainStatusRecord? ReadStatus(string name)
    {
        string? xml = ReadOrNull(StatusPath(name));
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

    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
