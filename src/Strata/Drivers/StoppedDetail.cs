namespace Strata.Drivers;

/// <summary>The detail of a Stopped event (virDomainEventStoppedDetailType) for the reason a domain shut off.</summary>
internal static class StoppedDetail
{
    // SHUTDOWN 0, DESTROYED 1, CRASHED 2, MIGRATED 3, SAVED 4, FAILED 5, FROM_SNAPSHOT 6.
    public static int For(ShutoffReason reason) => reason switch
    {
        ShutoffReason.Destroyed => 1,
        ShutoffReason.Crashed => 2,
        ShutoffReason.Migrated => 3,
        ShutoffReason.Saved => 4,
        ShutoffReason.Failed => 5,
        ShutoffReason.FromSnapshot => 6,
        _ => 0,
    };
}
