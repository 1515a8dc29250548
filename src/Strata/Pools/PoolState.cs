namespace Strata.Pools;

/// <summary>Whether a pool's volumes can be used (libvirt's virStoragePoolState, the two states a directory pool has).</summary>
public enum PoolState
{
    /// <summary>Defined but not started: its volumes are not looked at.</summary>
    Inactive,

    /// <summary>Started: its target directory exists and its volumes can be listed, created and used.</summary>
    Running,
}
