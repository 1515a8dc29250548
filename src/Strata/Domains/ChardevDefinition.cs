namespace Strata.Domains;

/// <summary>A <c>&lt;serial&gt;</c> or <c>&lt;console&gt;</c> device.</summary>
public sealed record ChardevDefinition
{
    /// <summary>The host side: pty, file or UNIX socket.</summary>
    public ChardevType Type { get; init; } = ChardevType.Pty;

    /// <summary>
    /// The file or socket path; for a pty, null in the inactive definition and the allocated
    /// <c>/dev/pts/N</c> in the live one.
    /// </summary>
    public string? SourcePath { get; init; }

    /// <summary>File: the <c>append</c> attribute (null when absent).</summary>
    public bool? Append { get; init; }

    /// <summary>UNIX socket: true for <c>mode='bind'</c> (QEMU listens), false for <c>connect</c>.</summary>
    public bool Bind { get; init; } = true;

    /// <summary>
    /// The target type: <c>isa-serial</c> (serial) or <c>serial</c>/<c>virtio</c> (console); null when absent on a serial.
    /// </summary>
    public string? TargetType { get; init; }

    /// <summary>The target port (serial: the COM index; console: the port of the serial it mirrors, or the virtio console number).</summary>
    public int TargetPort { get; init; }

    /// <summary>
    /// The user's alias (<c>&lt;alias name='ua-…'/&gt;</c>), which replaces libvirt's default name (serial0,
    /// console1…) for <c>console --devname</c>; null when the definition gives none.
    /// </summary>
    public string? Alias { get; init; }
}
