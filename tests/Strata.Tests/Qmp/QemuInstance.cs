using System.Diagnostics;

namespace Strata.Tests.Qmp;

/// <summary>A QEMU process started for one test, with its QMP socket in a private temp dir; disposing kills it by PID.</summary>
internal sealed class QemuInstance : IDisposable
{
    public const string Emulator = "qemu-system-x86_64";
    private readonly Process _process;

    private QemuInstance(Process process, string directory)
    {
        _process = process;
        Directory = directory;
    }

    public string Directory { get; }
    public string SocketPath => Path.Combine(Directory, "qmp.sock");
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;

    /// <summary>Starts QEMU with a QMP socket; <paramref name="machineArguments"/> choose the machine (default: none).</summary>
    public static QemuInstance Start(params string[] machineArguments)
    {
        string directory = Path.Combine(Path.GetTempPath(), "strata-qmp-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        var start = new ProcessStartInfo(Emulator)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in machineArguments.Length > 0 ? machineArguments : ["-machine", "none"])
            start.ArgumentList.Add(argument);
        foreach (string argument in new[] { "-nodefaults", "-display", "none", "-accel", "tcg",
                     "-qmp", $"unix:{Path.Combine(directory, "qmp.sock")},server=on,wait=off" })
            start.ArgumentList.Add(argument);
        var process = Process.Start(start) ?? throw new InvalidOperationException("QEMU did not start");
        return new QemuInstance(process, directory);
    }

    /// <summary>Freezes the process (SIGSTOP), so that requests stay unanswered.</summary>
    public void Freeze()
    {
        using var stop = Process.Start("kill", ["-STOP", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        stop.WaitForExit();
        Assert.Equal(0, stop.ExitCode);
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>SIGKILL to this PID only.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // exited meanwhile
        }
    }

    public void Dispose()
    {
        Kill();
        _process.WaitForExit(5000);
        _process.Dispose();
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { }
    }
}
