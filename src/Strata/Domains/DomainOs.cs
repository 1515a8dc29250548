namespace Strata.Domains;

/// <summary>The <c>&lt;os&gt;</c> element: machine type, direct kernel boot and boot order.</summary>
public sealed record DomainOs
{
    /// <summary>The OS type; only <c>hvm</c> is supported.</summary>
    public string Type { get; init; } = "hvm";

    /// <summary>Guest architecture; only <c>x86_64</c> is supported.</summary>
    public string Arch { get; init; } = "x86_64";

    /// <summary>QEMU machine type (<c>pc</c>, <c>pc-i440fx-*</c>, <c>q35</c>, <c>pc-q35-*</c>, <c>microvm</c>).</summary>
    public string Machine { get; init; } = "pc";

    /// <summary>Host path of a kernel for direct boot, or null.</summary>
    public string? Kernel { get; init; }

    /// <summary>Host path of an initrd for direct boot, or null.</summary>
    public string? Initrd { get; init; }

    /// <summary>Kernel command line for direct boot, or null.</summary>
    public string? Cmdline { get; init; }

    /// <summary>Boot device classes, first tried first.</summary>
    public IReadOnlyList<BootDevice> BootDevices { get; init; } = [];
}
