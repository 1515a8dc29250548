using Strata.Pools;

namespace Strata.Protocol;

/// <summary>A storage volume on the wire (<c>remote_nonnull_storage_vol</c>): its pool's name, its name and its key.</summary>
public sealed record RemoteStorageVol(string Pool, string Name, string Key) : IXdrType<RemoteStorageVol>
{
    /// <summary>The wire form of a library volume identity.</summary>
    public static RemoteStorageVol From(VolumeRef volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        return new(volume.Pool, volume.Name, volume.Key);
    }

    /// <summary>The library's volume identity: a file volume's key is its path, in libvirt's directory pools as in Strata's.</summary>
    public VolumeRef ToVolumeRef() => new(Pool, Name, Key);

    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteString(Pool, RemoteLimits.StringMax);
        writer.WriteString(Name, RemoteLimits.StringMax);
        writer.WriteString(Key, RemoteLimits.StringMax);
    }

    /// <inheritdoc/>
    public static RemoteStorageVol Decode(ref XdrReader reader) =>
        new(reader.ReadString(RemoteLimits.StringMax), reader.ReadString(RemoteLimits.StringMax), reader.ReadString(RemoteLimits.StringMax));
}
