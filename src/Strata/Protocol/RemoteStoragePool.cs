using Strata.Pools;

namespace Strata.Protocol;

/// <summary>A storage pool on the wire (<c>remote_nonnull_storage_pool</c>): name and UUID.</summary>
public sealed record RemoteStoragePool(string Name, Guid Uuid) : IXdrType<RemoteStoragePool>
{
    /// <summary>The wire form of a library pool identity.</summary>
    public static RemoteStoragePool From(PoolRef pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return new(pool.Name, pool.Uuid);
    }

    /// <summary>The library's pool identity for this wire pool.</summary>
    public PoolRef ToPoolRef() => new(Name, Uuid);

    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteString(Name, RemoteLimits.StringMax);
        writer.WriteUuid(Uuid);
    }

    /// <inheritdoc/>
    public static RemoteStoragePool Decode(ref XdrReader reader) =>
        new(reader.ReadString(RemoteLimits.StringMax), reader.ReadUuid());
}
