namespace Strata.Domains;

/// <summary>The image format (<c>&lt;driver name='qemu' type='…'/&gt;</c>).</summary>
public enum DiskFormat
{
    /// <summary>Raw data.</summary>
    Raw,

    /// <summary>QEMU copy-on-write v2.</summary>
    Qcow2,
}
