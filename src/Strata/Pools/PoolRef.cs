namespace Strata.Pools;

/// <summary>A storage pool's identity, as libvirt's virStoragePoolPtr: its name and UUID.</summary>
public sealed record PoolRef(string Name, Guid Uuid);
