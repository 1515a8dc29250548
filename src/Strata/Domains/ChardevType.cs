namespace Strata.Domains;

/// <summary>The host side of a serial port or console (<c>&lt;serial type='…'&gt;</c>).</summary>
public enum ChardevType
{
    /// <summary>A pseudo-terminal that QEMU allocates at start.</summary>
    Pty,

    /// <summary>Output written to a file.</summary>
    File,

    /// <summary>A UNIX socket.</summary>
    Unix,
}
