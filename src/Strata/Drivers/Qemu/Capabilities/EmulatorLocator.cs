namespace Strata.Drivers.Qemu.Capabilities;

/// <summary>Finds the QEMU binary for x86_64 guests.</summary>
public static class EmulatorLocator
{
    /// <summary>The binary name upstream QEMU and Debian use.</summary>
    public const string BinaryName = "qemu-system-x86_64";

    /// <summary>Where distributions put it when it is not on PATH (RHEL's qemu-kvm lives under libexec).</summary>
    private static readonly string[] FallbackPaths = ["/usr/bin/qemu-system-x86_64", "/usr/local/bin/qemu-system-x86_64", "/usr/libexec/qemu-kvm"];

    /// <summary>
    /// The emulator to use: <paramref name="requested"/> (a domain's <c>&lt;emulator&gt;</c>) when given, which
    /// must then exist; else qemu-system-x86_64 on PATH, else a distribution's usual place.
    /// </summary>
    /// <exception cref="StrataException">No usable binary.</exception>
    public static string Find(string? requested) =>
        Find(requested, Environment.GetEnvironmentVariable("PATH"), FallbackPaths);

    internal static string Find(string? requested, string? searchPath, IEnumerable<string> fallbacks)
    {
        if (!string.IsNullOrEmpty(requested))
        {
            if (!File.Exists(requested))
                throw new StrataException(ErrorCode.InternalError, $"Cannot find QEMU binary {requested}: No such file or directory");
            if (!IsExecutable(requested))
                throw new StrataException(ErrorCode.InternalError, $"QEMU binary {requested} is not executable");
            return Path.GetFullPath(requested);
        }
        foreach (string directory in (searchPath ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Path.IsPathRooted(directory)) continue;
            string candidate = Path.Combine(directory, BinaryName);
            if (File.Exists(candidate) && IsExecutable(candidate)) return candidate;
        }
        foreach (string candidate in fallbacks)
            if (File.Exists(candidate) && IsExecutable(candidate)) return candidate;
        throw new StrataException(ErrorCode.NoSupport,
            $"no QEMU emulator found: install qemu-system-x86 (Debian, Ubuntu) or qemu-kvm (Fedora, RHEL), or put {BinaryName} on PATH");
    }

    private static bool IsExecutable(string path)
    {
        if (OperatingSystem.IsWindows()) return true;
        const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        try { return (File.GetUnixFileMode(path) & AnyExecute) != 0; }
        catch (IOException) { return false; }
    }
}
