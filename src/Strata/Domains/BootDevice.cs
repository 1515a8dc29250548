namespace Strata.Domains;

/// <summary>A device class named by <c>&lt;os&gt;&lt;boot dev='…'/&gt;</c>, in boot order.</summary>
public enum BootDevice
{
    /// <summary><c>hd</c>: the first hard disk.</summary>
    HardDisk,

    /// <summary><c>cdrom</c>: the first CD-ROM.</summary>
    Cdrom,

    /// <summary><c>network</c>: the first network interface.</summary>
    Network,

    /// <summary><c>fd</c>: the first floppy (there are none in the supported subset).</summary>
    Floppy,
}
