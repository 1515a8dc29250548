namespace Strata.Drivers;

/// <summary>The detail of a Stopped event (virDomainEventStoppedDetailType) and the shut-off reason it stands for.</summary>
internal static class StoppedDetail
{
    // Indexed by detail: SHUTDOWN 0, DESTROYED 1, CRASHED 2, MIGRATED 3, SAVED 4, FAILED 5, FROM_SNAPSHOT 6.
    private static readonly ShutoffReason[] Reasons =
    [
        ShutoffReason.Shutdown, ShutoffReason.Destroyed, ShutoffReason.Crashed, ShutoffReason.Migrated,
        ShutoffReason.Saved, ShutoffReason.Failed, ShutoffReason.FromSnapshot,
    ];

    public static int For(ShutoffReason reason) => Math.Max(0, Array.IndexOf(Reasons, reason));

    public static ShutoffReason Reason(int detail) => detail >= 0 && detail < Reasons.Length ? Reasons[detail] : ShutoffReason.Shutdown;
}
