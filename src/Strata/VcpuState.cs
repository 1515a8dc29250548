namespace Strata;

/// <summary>What a vCPU is doing (libvirt's <c>virVcpuState</c>).</summary>
public enum VcpuState
{
    Offline = 0,
    Running = 1,
    Blocked = 2,
}
