namespace Strata;

/// <summary>
/// Where a driver keeps its files. <c>system</c>: definitions under /var/lib/strata, runtime state under /run/strata.
/// <c>session</c>: the user's XDG data and runtime dirs. Both can be rooted elsewhere for tests.
/// </summary>
public sealed record StatePaths(string StateDir, string RunDir, string CacheDir)
{
    /// <summary>Persistent domain definitions (NAME.xml).</summary>
    public string DomainsDir => System.IO.Path.Combine(StateDir, "domains");

    /// <summary>Autostart markers (NAME), as libvirt's autostart symlinks.</summary>
    public string AutostartDir => System.IO.Path.Combine(StateDir, "autostart");

    /// <summary>Per-domain QEMU logs (NAME.log).</summary>
    public string LogDir => System.IO.Path.Combine(StateDir, "log");

    public static StatePaths ForSystem(string driver) =>
        new($"/var/lib/strata/{driver}", $"/run/strata/{driver}", $"/var/cache/strata/{driver}");

    public static StatePaths ForSession(string driver)
    {
        string data = NonEmpty("XDG_DATA_HOME") ?? System.IO.Path.Combine(Home, ".local", "share");
        return new(System.IO.Path.Combine(data, "strata", driver), System.IO.Path.Combine(SessionRunRoot, driver), System.IO.Path.Combine(SessionCache, "strata", driver));
    }

    /// <summary>
    /// A user's runtime root for everything Strata (drivers' run dirs, stratad's socket): $XDG_RUNTIME_DIR/strata,
    /// or, as libvirt does without XDG_RUNTIME_DIR, under the cache dir.
    /// </summary>
    public static string SessionRunRoot => NonEmpty("XDG_RUNTIME_DIR") is { } runtime
        ? System.IO.Path.Combine(runtime, "strata")
        : System.IO.Path.Combine(SessionCache, "strata", "run");

    private static string Home => Environment.GetEnvironmentVariable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    private static string SessionCache => NonEmpty("XDG_CACHE_HOME") ?? System.IO.Path.Combine(Home, ".cache");

    private static string? NonEmpty(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
