namespace Strata.Domains;

/// <summary>What the guest sees (<c>&lt;disk device='…'&gt;</c>).</summary>
public enum DiskDevice
{
    /// <summary>A hard disk.</summary>
    Disk,

    /// <summary>A CD-ROM drive (read-only, may be empty).</summary>
    Cdrom,
}
