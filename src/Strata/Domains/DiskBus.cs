namespace Strata.Domains;

/// <summary>The bus a disk is attached to (<c>&lt;target bus='…'/&gt;</c>).</summary>
public enum DiskBus
{
    /// <summary>virtio-blk.</summary>
    Virtio,

    /// <summary>SATA (AHCI).</summary>
    Sata,

    /// <summary>SCSI, on a SCSI controller.</summary>
    Scsi,

    /// <summary>IDE (i440FX machines only).</summary>
    Ide,
}
