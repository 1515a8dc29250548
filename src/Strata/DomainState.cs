namespace Strata;

/// <summary>libvirt's domain states (virDomainState), with the same numbers.</summary>
public enum DomainState
{
    NoState = 0,
    Running = 1,
    Blocked = 2,
    Paused = 3,
    Shutdown = 4,
    Shutoff = 5,
    Crashed = 6,
    PMSuspended = 7,
}

/// <summary>Why a domain is running (virDomainRunningReason).</summary>
public enum RunningReason { Unknown, Booted, Migrated, Restored, FromSnapshot, Unpaused, MigrationCanceled, SaveCanceled, Wakeup, Crashed }

/// <summary>Why a domain is paused (virDomainPausedReason).</summary>
public enum PausedReason { Unknown, User, Migration, Save, Dump, IOError, Watchdog, FromSnapshot, ShuttingDown, Snapshot, Crashed, StartingUp }

/// <summary>Why a domain is being shut down (virDomainShutdownReason).</summary>
public enum ShutdownReason { Unknown, User }

/// <summary>Why a domain is shut off (virDomainShutoffReason).</summary>
public enum ShutoffReason { Unknown, Shutdown, Destroyed, Crashed, Migrated, Saved, Failed, FromSnapshot, Daemon }

/// <summary>Why a domain crashed (virDomainCrashedReason).</summary>
public enum CrashedReason { Unknown, Panicked }

/// <summary>A state and its reason, the pair <c>virsh domstate --reason</c> prints.</summary>
public readonly record struct DomainStatus(DomainState State, int Reason)
{
    public static DomainStatus Running(RunningReason reason) => new(DomainState.Running, (int)reason);
    public static DomainStatus Paused(PausedReason reason) => new(DomainState.Paused, (int)reason);
    public static DomainStatus Shutoff(ShutoffReason reason) => new(DomainState.Shutoff, (int)reason);

    public bool IsActive => State is not (DomainState.Shutoff or DomainState.NoState);

    /// <summary>The state as virsh words it: "running", "shut off", …</summary>
    public string StateText => State switch
    {
        DomainState.NoState => "no state",
        DomainState.Running => "running",
        DomainState.Blocked => "idle",
        DomainState.Paused => "paused",
        DomainState.Shutdown => "in shutdown",
        DomainState.Shutoff => "shut off",
        DomainState.Crashed => "crashed",
        DomainState.PMSuspended => "pmsuspended",
        _ => "unknown",
    };

    /// <summary>The reason as virsh words it: "booted", "destroyed", "crashed", …</summary>
    public string ReasonText => State switch
    {
        DomainState.Running => Words(((RunningReason)Reason).ToString()),
        DomainState.Paused => Words(((PausedReason)Reason).ToString()),
        DomainState.Shutdown => Words(((ShutdownReason)Reason).ToString()),
        DomainState.Shutoff => Words(((ShutoffReason)Reason).ToString()),
        DomainState.Crashed => Words(((CrashedReason)Reason).ToString()),
        _ => "unknown",
    };

    // virsh prints reasons in lower case with spaces ("from snapshot", "I/O error").
    private static string Words(string name) => name switch
    {
        "IOError" => "I/O error",
        "FromSnapshot" => "from snapshot",
        "MigrationCanceled" => "migration canceled",
        "SaveCanceled" => "save canceled",
        "ShuttingDown" => "shutting down",
        "StartingUp" => "starting up",
        "Wakeup" => "event wakeup",
        _ => name.ToLowerInvariant(),
    };
}
