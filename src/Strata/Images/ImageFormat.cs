namespace Strata.Images;

/// <summary>The on-disk formats Strata reads and writes.</summary>
public enum ImageFormat
{
    /// <summary>A plain byte-for-byte disk, sparse where the guest never wrote.</summary>
    Raw,

    /// <summary>QEMU's copy-on-write format (version 3, and version 2 for reading).</summary>
    Qcow2,
}
