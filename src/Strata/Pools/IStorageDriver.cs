namespace Strata.Pools;

/// <summary>
/// Storage pools and volumes, as libvirt's storage API: what a driver offers through
/// <see cref="Connection.Storage"/>. Pools and volumes travel as libvirt's XML, as domains do.
/// </summary>
public interface IStorageDriver
{
    /// <summary>Every pool, active or not, ordered by name.</summary>
    Task<IReadOnlyList<PoolSummary>> ListPoolsAsync(CancellationToken cancellationToken);
    Task<PoolRef> LookupPoolByNameAsync(string name, CancellationToken cancellationToken);
    Task<PoolRef> LookupPoolByUuidAsync(Guid uuid, CancellationToken cancellationToken);

    /// <summary>Stores a persistent pool definition (or replaces the one with the same name and UUID); the pool stays inactive.</summary>
    Task<PoolRef> DefinePoolAsync(string xml, CancellationToken cancellationToken);

    /// <summary>Forgets an inactive pool's definition; its directory and volumes stay.</summary>
    Task UndefinePoolAsync(PoolRef pool, CancellationToken cancellationToken);

    /// <summary>Creates the pool's target directory (with the definition's permissions) if it is missing.</summary>
    Task BuildPoolAsync(PoolRef pool, CancellationToken cancellationToken);
    Task StartPoolAsync(PoolRef pool, CancellationToken cancellationToken);

    /// <summary>Stops a pool; its volumes are left untouched.</summary>
    Task DestroyPoolAsync(PoolRef pool, CancellationToken cancellationToken);

    /// <summary>Rereads an active pool's directory (sizes and volumes are read on every call, so this checks the directory is still there).</summary>
    Task RefreshPoolAsync(PoolRef pool, CancellationToken cancellationToken);
    Task SetPoolAutostartAsync(PoolRef pool, bool autostart, CancellationToken cancellationToken);
    Task<PoolInfo> GetPoolInfoAsync(PoolRef pool, CancellationToken cancellationToken);

    /// <summary>
    /// The pool's XML: live (sizes, the directory's permissions) while active; with <paramref name="inactive"/>, the
    /// definition the next start will use when it was changed while the pool runs.
    /// </summary>
    Task<string> GetPoolXmlAsync(PoolRef pool, bool inactive, CancellationToken cancellationToken);

    /// <summary>The volumes of an active pool, ordered by name.</summary>
    Task<IReadOnlyList<VolumeInfo>> ListVolumesAsync(PoolRef pool, CancellationToken cancellationToken);
    Task<VolumeRef> LookupVolumeAsync(PoolRef pool, string name, CancellationToken cancellationToken);

    /// <summary>Finds the volume with this path (its key) in any active pool.</summary>
    Task<VolumeRef> LookupVolumeByPathAsync(string path, CancellationToken cancellationToken);

    /// <summary>Creates a volume from libvirt volume XML.</summary>
    Task<VolumeRef> CreateVolumeAsync(PoolRef pool, string xml, CancellationToken cancellationToken);

    /// <summary>Creates a volume named <paramref name="name"/> in the source's pool holding a full copy of the source's guest view (no backing file).</summary>
    Task<VolumeRef> CloneVolumeAsync(VolumeRef source, string name, CancellationToken cancellationToken);

    /// <summary>Deletes a volume; refused while a running domain uses it (directly or as a backing file).</summary>
    Task DeleteVolumeAsync(VolumeRef volume, CancellationToken cancellationToken);

    /// <summary>Makes the volume read as zeros, keeping its capacity, format and backing file.</summary>
    Task WipeVolumeAsync(VolumeRef volume, CancellationToken cancellationToken);

    /// <summary>Sets the volume's capacity; growing only, unless <paramref name="allowShrink"/>.</summary>
    Task ResizeVolumeAsync(VolumeRef volume, ulong capacity, bool allowShrink, CancellationToken cancellationToken);
    Task<VolumeInfo> GetVolumeInfoAsync(VolumeRef volume, CancellationToken cancellationToken);
    Task<string> GetVolumeXmlAsync(VolumeRef volume, CancellationToken cancellationToken);

    /// <summary>Copies the volume file's bytes from <paramref name="offset"/> (at most <paramref name="length"/>, null for all) into <paramref name="destination"/>.</summary>
    Task DownloadVolumeAsync(VolumeRef volume, Stream destination, ulong offset, ulong? length, CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="source"/>'s bytes into the volume file at <paramref name="offset"/> (at most <paramref name="length"/>).</summary>
    Task UploadVolumeAsync(VolumeRef volume, Stream source, ulong offset, ulong? length, CancellationToken cancellationToken);
}
