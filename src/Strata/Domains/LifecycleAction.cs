namespace Strata.Domains;

/// <summary>What happens on guest power-off, reboot or crash (the actions the QEMU driver can honour).</summary>
public enum LifecycleAction
{
    /// <summary>The domain stops (QEMU exits or is reaped).</summary>
    Destroy,

    /// <summary>The guest restarts in the same QEMU process.</summary>
    Restart,
}
