namespace Strata.Pools;

/// <summary>A storage volume's identity: the pool holding it, its name, and its key (a directory pool's key is the path).</summary>
public sealed record VolumeRef(string Pool, string Name, string Path)
{
    /// <summary>libvirt's volume key; for files it is the path.</summary>
    public string Key => Path;
}
