namespace Strata.Drivers;

/// <summary>The state checks every driver makes before a lifecycle call, worded as libvirt words them.</summary>
public static class DomainTransitions
{
    /// <summary>libvirt's common check (virDomainObjCheckActive), which reports from its domain code.</summary>
    public static void RequireActive(DomainStatus status)
    {
        if (!status.IsActive)
            throw new OperationInvalidException("domain is not running") { FromDomainCode = true };
    }

    /// <summary>The same check where libvirt's driver makes it itself (QEMU's and the test driver's shutdown).</summary>
    public static void RequireActiveCheckedByDriver(DomainStatus status)
    {
        if (!status.IsActive)
            throw new OperationInvalidException("domain is not running");
    }

    public static void RequireInactive(DomainStatus status)
    {
        if (status.IsActive)
            throw new OperationInvalidException("domain is already running");
    }

    public static void RequirePaused(DomainStatus status)
    {
        RequireActive(status);
        if (status.State != DomainState.Paused)
            throw new OperationInvalidException("domain is not paused");
    }
}
