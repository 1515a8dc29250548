namespace Strata.Drivers.Qemu.Qmp;

/// <summary>
/// One guest block device's I/O counters (<c>query-blockstats</c>), joined with its image's sizes
/// (<c>query-block</c>) where a medium is inserted. <see cref="Qdev"/> names the device as QEMU's QOM tree does:
/// its id, or <c>/machine/peripheral/ID/virtio-backend</c> for virtio.
/// </summary>
public sealed record QmpBlockStats(string Qdev)
{
    public ulong ReadOperations { get; init; }
    public ulong ReadBytes { get; init; }
    public ulong ReadTimeNs { get; init; }
    public ulong WriteOperations { get; init; }
    public ulong WriteBytes { get; init; }
    public ulong WriteTimeNs { get; init; }
    public ulong FlushOperations { get; init; }
    public ulong FlushTimeNs { get; init; }

    /// <summary>The highest offset written since QEMU started (libvirt's allocation of a running disk).</summary>
    public ulong WriteHighestOffset { get; init; }

    /// <summary>The image's virtual size, or null with nothing inserted.</summary>
    public ulong? VirtualSize { get; init; }

    /// <summary>The bytes the image file occupies on its filesystem, or null when unknown.</summary>
    public ulong? ActualSize { get; init; }

    /// <summary>Whether this entry is the device with QEMU id <paramref name="id"/>.</summary>
    public bool IsDevice(string id) => Qdev == id || Qdev.StartsWith($"/machine/peripheral/{id}/", StringComparison.Ordinal);
}
