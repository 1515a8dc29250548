using Strata.Storage;

namespace Strata.Pools;

/// <summary>
/// Where a connection's pools are kept, as domains are: definitions and autostart markers under the state dir,
/// the status of each active pool (its definition as started) and the lock under the run dir.
/// </summary>
internal sealed class PoolFiles(string stateDir, string runDir)
{
    /// <summary>The storage dirs beside a driver's own (<c>…/strata/qemu</c> → <c>…/strata/storage</c>), as libvirt's <c>storage/</c> beside <c>qemu/</c>.</summary>
    public static PoolFiles Beside(StatePaths driverPaths) => new(
        Path.GetFullPath(Path.Combine(driverPaths.StateDir, "..", "storage")),
        Path.GetFullPath(Path.Combine(driverPaths.RunDir, "..", "storage")));

    public string StateDir { get; } = stateDir;
    public string RunDir { get; } = runDir;

    private string DefinitionsDir => Path.Combine(StateDir, "pools");
    private string AutostartDir => Path.Combine(StateDir, "autostart");
    public string LockPath => Path.Combine(RunDir, "storage.lock");

    private string DefinitionPath(string name) => Path.Combine(DefinitionsDir, name + ".xml");
    private string StatusPath(string name) => Path.Combine(RunDir, name + ".xml");
    private string AutostartPath(string name) => Path.Combine(AutostartDir, name);

    /// <summary>Names of every defined pool, ordered.</summary>
    public IReadOnlyList<string> Names() => !Directory.Exists(DefinitionsDir) ? [] :
        Directory.EnumerateFiles(DefinitionsDir, "*.xml").Select(Path.GetFileNameWithoutExtension).OfType<string>()
            .Where(StorageNames.IsValid).Order(StringComparer.Ordinal).ToList();

    public PoolDefinition? ReadDefinition(string name) => Read(DefinitionPath(name));

    /// <summary>The definition the pool was started with, or null while it is inactive.</summary>
    public PoolDefinition? ReadStatus(string name) => Read(StatusPath(name));

    public Task WriteDefinitionAsync(PoolDefinition definition, CancellationToken cancellationToken) =>
        AtomicFile.WriteAllTextAsync(DefinitionPath(definition.Name), PoolXml.Format(definition), cancellationToken);

    public Task WriteStatusAsync(PoolDefinition definition, CancellationToken cancellationToken) =>
        AtomicFile.WriteAllTextAsync(StatusPath(definition.Name), PoolXml.Format(definition), cancellationToken);

    public void DeleteDefinition(string name)
    {
        AtomicFile.Delete(DefinitionPath(name));
        AtomicFile.Delete(AutostartPath(name));
    }

    public void DeleteStatus(string name) => AtomicFile.Delete(StatusPath(name));

    public bool IsAutostart(string name) => File.Exists(AutostartPath(name));

    public Task SetAutostartAsync(string name, bool autostart, CancellationToken cancellationToken) =>
        AtomicFile.SetMarkerAsync(AutostartPath(name), autostart, cancellationToken);

    private static PoolDefinition? Read(string path)
    {
        string xml;
        try
        {
            xml = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        try
        {
            return PoolXml.Parse(xml);
        }
        catch (InvalidDefinitionException e)
        {
            throw new StrataException(ErrorCode.InternalError, $"internal error: corrupt pool file {path}: {e.Message}");
        }
    }
}
