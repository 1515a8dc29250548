namespace Strata.Pools;

/// <summary>What <c>pool-info</c> shows. Sizes are in bytes and zero while the pool is inactive.</summary>
public sealed record PoolInfo(PoolState State, bool Persistent, bool Autostart, ulong Capacity, ulong Allocation, ulong Available)
{
    public bool IsActive => State == PoolState.Running;
}

/// <summary>One row of <c>pool-list</c>.</summary>
public sealed record PoolSummary(PoolRef Pool, PoolInfo Info);
