namespace Strata.Domains;

/// <summary>A <c>&lt;controller&gt;</c> device.</summary>
public sealed record ControllerDefinition
{
    /// <summary>The controller kind.</summary>
    public ControllerType Type { get; init; }

    /// <summary>The controller index among those of its kind.</summary>
    public int Index { get; init; }

    /// <summary>The <c>model</c> attribute, or null for the machine's default.</summary>
    public string? Model { get; init; }

    /// <summary>A PCI address, or null for automatic.</summary>
    public DeviceAddress? Address { get; init; }
}
