namespace Strata.Drivers.Remote;

/// <summary>Where stratad listens by default, so the daemon and the clients that look for it agree.</summary>
public static class DaemonSocket
{
    /// <summary>/run/strata/strata-sock for the system daemon; $XDG_RUNTIME_DIR/strata/strata-sock for a user's.</summary>
    public static string DefaultPath(bool system)
    {
        if (system)
            return "/run/strata/strata-sock";
        string runtime = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR") is { Length: > 0 } dir
            ? dir
            : Path.Combine(Environment.GetEnvironmentVariable("HOME") ?? "/tmp", ".cache", "strata", "run");
        return Path.Combine(runtime, "strata", "strata-sock");
    }

    /// <summary>The read-only socket beside a main one, as libvirt's <c>libvirt-sock-ro</c>.</summary>
    public static string ReadOnlyPath(string socketPath) => socketPath + "-ro";
}
