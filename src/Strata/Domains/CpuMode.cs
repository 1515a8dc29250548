namespace Strata.Domains;

/// <summary>The <c>&lt;cpu mode='…'&gt;</c> attribute.</summary>
public enum CpuMode
{
    /// <summary><c>custom</c>: a named CPU model.</summary>
    Custom,

    /// <summary><c>host-model</c>: a model close to the host CPU.</summary>
    HostModel,

    /// <summary><c>host-passthrough</c>: the host CPU itself (needs KVM).</summary>
    HostPassthrough,
}
