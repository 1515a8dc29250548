namespace Strata.Domains;

/// <summary>The <c>&lt;cpu&gt;</c> element.</summary>
public sealed record DomainCpu
{
    /// <summary>How the guest CPU is chosen.</summary>
    public CpuMode Mode { get; init; } = CpuMode.Custom;

    /// <summary>The <c>match</c> attribute, kept for round trips (<c>exact</c>, <c>minimum</c>, <c>strict</c>).</summary>
    public string? Match { get; init; }

    /// <summary>The <c>check</c> attribute, kept for round trips (<c>none</c>, <c>partial</c>, <c>full</c>).</summary>
    public string? Check { get; init; }

    /// <summary>The <c>migratable</c> attribute (only <c>on</c>, QEMU's default), kept for round trips.</summary>
    public string? Migratable { get; init; }

    /// <summary>The CPU model name for <c>custom</c> (and optionally <c>host-model</c>), or null.</summary>
    public string? Model { get; init; }

    /// <summary>The model's <c>fallback</c> attribute (<c>allow</c>, <c>forbid</c>), or null.</summary>
    public string? Fallback { get; init; }

    /// <summary>Feature flags added to or removed from the model.</summary>
    public IReadOnlyList<CpuFeature> Features { get; init; } = [];
}
