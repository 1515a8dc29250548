namespace Strata.Drivers;

/// <summary>The state checks every driver makes before a lifecycle call, worded as libvirt words them.</summary>
internal static class DomainTransitions
{
    public static void RequireActive(DomainStatus status)
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
