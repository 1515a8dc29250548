namespace Strata.Domains;

/// <summary>A <c>&lt;graphics type='vnc'&gt;</c> display (the only graphics type supported).</summary>
public sealed record GraphicsDefinition
{
    /// <summary>Where VNC listens when the XML names no address (libvirt's <c>vnc_listen</c> default).</summary>
    public const string DefaultListenAddress = "127.0.0.1";

    /// <summary>The TCP port; -1 while an automatic port is not yet allocated (the driver sets the live port).</summary>
    public int Port { get; init; } = -1;

    /// <summary>Whether the port is chosen at start.</summary>
    public bool AutoPort { get; init; } = true;

    /// <summary>The listen address, or null for the default (127.0.0.1). Ignored when <see cref="ListenNone"/>.</summary>
    public string? ListenAddress { get; init; }

    /// <summary>Whether the XML carries a <c>&lt;listen type='address'&gt;</c> element (kept for round trips).</summary>
    public bool HasListenElement { get; init; }

    /// <summary><c>&lt;listen type='none'/&gt;</c>: no network listener at all.</summary>
    public bool ListenNone { get; init; }
}
