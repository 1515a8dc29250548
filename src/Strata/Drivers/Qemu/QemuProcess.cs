using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Strata.Drivers.Qemu;

/// <summary>
/// A QEMU process on this host, started detached (<c>-daemonize</c>) so that it outlives the CLI that started it,
/// and found again later by its pid and the UUID on its command line.
/// </summary>
internal static partial class QemuProcess
{
    private const int SigKill = 9;

    /// <summary>
    /// Runs QEMU with <c>-daemonize</c>: the first process exits once the guest is set up (or failed to be), so its
    /// exit code and stderr tell success or why not. Returns the daemon's pid from the pidfile. QEMU itself keeps
    /// its log (<c>-D</c>); a failed start is written there too.
    /// </summary>
    public static async Task<int> LaunchAsync(string emulator, IReadOnlyList<string> arguments, string pidFile, string logFile)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
        var start = new ProcessStartInfo(emulator)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);

        // The daemon outlives us: it must not inherit descriptors our caller left open (a pipe would never close).
        Descriptors.CloseOnExecAboveStdio();
        using var process = Process.Start(start) ?? throw new HypervisorException($"could not run {emulator}");
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        // Not cancellable: this first process lives only until QEMU is set up, and leaving before it reports would
        // leave a QEMU that nobody records.
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        string errors = (await stderr.ConfigureAwait(false) + await stdout.ConfigureAwait(false)).Trim();
        if (process.ExitCode != 0)
        {
            await File.AppendAllTextAsync(logFile,
                $"{DateTimeOffset.Now:yyyy-MM-dd HH:mm:ss.fffzzz}: QEMU failed to start (exit code {process.ExitCode})\n" +
                $"{emulator} {string.Join(' ', arguments.Select(Quote))}\n{errors}\n", CancellationToken.None).ConfigureAwait(false);
            throw new HypervisorException($"QEMU failed to start: {(errors.Length > 0 ? errors : $"exit code {process.ExitCode}")}");
        }
        return ReadPid(pidFile) ?? throw new HypervisorException($"QEMU started but wrote no pid to {pidFile}");
    }

    /// <summary>The pid in a QEMU pidfile, or null if there is none (yet).</summary>
    public static int? ReadPid(string pidFile)
    {
        try
        {
            return int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) ? pid : null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>True if <paramref name="pid"/> is alive and is the QEMU of the domain with <paramref name="uuid"/> (not a reused pid).</summary>
    public static bool IsRunning(int pid, Guid uuid)
    {
        string cmdline;
        try
        {
            cmdline = File.ReadAllText($"/proc/{pid}/cmdline");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
        if (cmdline.Length == 0)
            return false; // a zombie: exited, not yet reaped by its parent
        return cmdline.Contains(uuid.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// A QEMU already running the domain with <paramref name="uuid"/>, wherever its state lives (another
    /// connection's run dir, a changed XDG_RUNTIME_DIR): starting a second one would share its disks.
    /// </summary>
    public static int? FindByUuid(Guid uuid)
    {
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && IsRunning(pid, uuid)
                && CommandLine(pid) is [var program, ..] && program.Contains("qemu", StringComparison.Ordinal))
                return pid;
        }
        return null;
    }

    /// <summary>The QEMU command line as the process itself has it (the live truth, for <c>stack</c>).</summary>
    public static IReadOnlyList<string> CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>Kills the process outright (the last resort of destroy, when QMP does not answer).</summary>
    public static void Kill(int pid) => _ = SendSignal(pid, SigKill);

    /// <summary>Waits until the process is gone, checking at a short interval (a non-child has no exit notification).</summary>
    public static async Task WaitForExitAsync(int pid, Guid uuid, CancellationToken cancellationToken)
    {
        while (IsRunning(pid, uuid))
            await Task.Delay(TimeSpan.FromMilliseconds(5), cancellationToken).ConfigureAwait(false);
    }

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_=,.:/+@%".Contains(c)) ? argument : $"'{argument.Replace("'", "'\\''", StringComparison.Ordinal)}'";

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
