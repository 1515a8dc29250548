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
        string home = Environment.GetEnvironmentVariable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        string data = NonEmpty("XDG_DATA_HOME") ?? System.IO.Path.Combine(home, ".local", "share");
        string cache = NonEmpty("XDG_CACHE_HOME") ?? System.IO.Path.Combine(home, ".cache");
        // As libvirt: without XDG_RUNTIME_DIR, runtime files go under the cache dir.
        string run = NonEmpty("XDG_RUNTIME_DIR") is { } runtime
            ? System.IO.Path.Combine(runtime, "strata")
            : System.IO.Path.Combine(cache, "strata", "run");
        return new(System.IO.Path.Combine(data, "strata", driver), System.IO.Path.Combine(run, driver), System.IO.Path.Combine(cache, "strata", driver));
    }

    private static string? NonEmpty(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
