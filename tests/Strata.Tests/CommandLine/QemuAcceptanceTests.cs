using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Strata.Domains;
using Strata.Drivers.Qemu.CommandLine;

namespace Strata.Tests.CommandLine;

/// <summary>
/// Launches the real QEMU with each golden command line (paused, so no guest code runs) and asks it over QMP
/// whether it came up. Every QEMU started here is killed by its PID in a finally block.
/// </summary>
[Trait("Category", "Qemu")]
public class QemuAcceptanceTests
{
    private const string Emulator = "qemu-system-x86_64";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    public static IEnumerable<object[]> Names() => GoldenArgv.Names();

    [Theory]
    [MemberData(nameof(Names))]
    public async Task QemuAcceptsTheGoldenCommandLine(string name)
    {
        string emulator = FindOnPath(Emulator) ?? throw new InvalidOperationException($"{Emulator} is not installed (tools/setup installs it)");
        DirectoryInfo dir = Directory.CreateTempSubdirectory("strata-argv-");
        try
        {
            DomainDefinition definition = await ForHost(GoldenArgv.Definition(name), dir.FullName);
            var context = new QemuLaunchContext
            {
                QmpSocketPath = Path.Combine(dir.FullName, "qmp.sock"),
                RuntimeDir = dir.FullName,
                StartPaused = true,
                SandboxSupported = true,
                HostTscKHz = 2_000_000,
            };
            IReadOnlyList<string> arguments = QemuCommandLine.Build(definition, context);

            using Process qemu = Start(emulator, arguments);
            try
            {
                string status = await QueryStatus(qemu, context.QmpSocketPath);
                Assert.Equal("prelaunch", status);
            }
            finally
            {
                Kill(qemu);
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task DaemonizedQemuRunsUnderTheDaemonizeSandbox()
    {
        string emulator = FindOnPath(Emulator) ?? throw new InvalidOperationException($"{Emulator} is not installed (tools/setup installs it)");
        DirectoryInfo dir = Directory.CreateTempSubdirectory("strata-argv-");
        int? daemonPid = null;
        try
        {
            var context = new QemuLaunchContext
            {
                QmpSocketPath = Path.Combine(dir.FullName, "qmp.sock"),
                PidFilePath = Path.Combine(dir.FullName, "qemu.pid"),
                RuntimeDir = dir.FullName,
                Daemonize = true,
                StartPaused = true,
                SandboxSupported = true,
            };
            IReadOnlyList<string> arguments = QemuCommandLine.Build(GoldenArgv.Definition("pc-minimal"), context);

            using Process launcher = Start(emulator, arguments);
            try
            {
                await launcher.WaitForExitAsync().WaitAsync(StartTimeout);
                string stderr = await launcher.StandardError.ReadToEndAsync();
                Assert.True(launcher.ExitCode == 0, $"qemu -daemonize exited {launcher.ExitCode}: {stderr}");
                daemonPid = int.Parse(File.ReadAllText(context.PidFilePath!).Trim(), System.Globalization.CultureInfo.InvariantCulture);

                string status = await QueryStatus(null, context.QmpSocketPath);

                Assert.Equal("prelaunch", status);
            }
            finally
            {
                Kill(launcher);
            }
        }
        finally
        {
            if (daemonPid is { } pid)
            {
                KillPid(pid);
            }
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task LibvirtsFullSandboxBreaksDaemonize()
    {
        // Why the daemonize sandbox is weaker: the daemon child calls fork and setsid after the filter is in place.
        string emulator = FindOnPath(Emulator) ?? throw new InvalidOperationException($"{Emulator} is not installed (tools/setup installs it)");
        DirectoryInfo dir = Directory.CreateTempSubdirectory("strata-argv-");
        string pidFile = Path.Combine(dir.FullName, "qemu.pid");
        try
        {
            var context = new QemuLaunchContext
            {
                QmpSocketPath = Path.Combine(dir.FullName, "qmp.sock"),
                PidFilePath = pidFile,
                RuntimeDir = dir.FullName,
                Daemonize = true,
                StartPaused = true,
                SandboxSupported = true,
            };
            var arguments = QemuCommandLine.Build(GoldenArgv.Definition("pc-minimal"), context).ToList();
            arguments[arguments.IndexOf("-sandbox") + 1] = ArgumentsBuilderSandbox(daemonize: false);

            using Process launcher = Start(emulator, arguments);
            try
            {
                await launcher.WaitForExitAsync().WaitAsync(StartTimeout);

                Assert.NotEqual(0, launcher.ExitCode);
            }
            finally
            {
                Kill(launcher);
            }
        }
        finally
        {
            if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out int pid))
            {
                KillPid(pid);
            }
            dir.Delete(recursive: true);
        }
    }

    private static string ArgumentsBuilderSandbox(bool daemonize)
    {
        var args = QemuCommandLine.Build(GoldenArgv.Definition("pc-minimal"), GoldenArgv.Context("pc-minimal") with { Daemonize = daemonize });
        return args[args.ToList().IndexOf("-sandbox") + 1];
    }

    /// <summary>Points the golden definition's host paths into <paramref name="dir"/>, creating the images; null when no kernel is at hand.</summary>
    private static async Task<DomainDefinition> ForHost(DomainDefinition definition, string dir)
    {
        var disks = new List<DiskDefinition>();
        foreach (DiskDefinition disk in definition.Devices.Disks)
        {
            if (disk.SourcePath is null)
            {
                disks.Add(disk);
                continue;
            }
            string path = Path.Combine(dir, Path.GetFileName(disk.SourcePath));
            if (disk.Format == DiskFormat.Qcow2)
            {
                await RunTool("qemu-img", "create", "-q", "-f", "qcow2", path, "64M");
            }
            else
            {
                await using FileStream image = File.Create(path);
                image.SetLength(1024 * 1024);
            }
            disks.Add(disk with { Type = DiskType.File, SourcePath = path });
        }
        var serials = definition.Devices.Serials
            .Select(s => s.SourcePath is null ? s : s with { SourcePath = Path.Combine(dir, Path.GetFileName(s.SourcePath)) })
            .ToList();
        var graphics = definition.Devices.Graphics.Select(g => g with { AutoPort = true, Port = -1 }).ToList();

        DomainOs os = definition.Os;
        if (os.Kernel is not null)
        {
            var guest = await Support.TinyGuest.GetAsync();
            os = os with { Kernel = guest.Kernel, Initrd = os.Initrd is null ? null : guest.Initrd };
        }
        return definition with
        {
            Os = os,
            Devices = definition.Devices with { Disks = disks, Serials = serials, Graphics = graphics },
        };
    }

    private static Process Start(string emulator, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(emulator)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        return Process.Start(start) ?? throw new InvalidOperationException("could not start " + emulator);
    }

    /// <summary>Waits for the QMP socket, negotiates capabilities and returns <c>query-status</c>'s status.</summary>
    private static async Task<string> QueryStatus(Process? qemu, string socketPath)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (qemu is { HasExited: true })
            {
                string stderr = await qemu.StandardError.ReadToEndAsync();
                Assert.Fail($"QEMU exited with {qemu.ExitCode}: {stderr}");
            }
            if (File.Exists(socketPath))
            {
                try
                {
                    return await Qmp(socketPath);
                }
                catch (SocketException) when (DateTime.UtcNow < deadline)
                {
                    // The socket file exists before QEMU listens on it.
                }
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("QEMU did not open its QMP socket in time");
            }
            await Task.Delay(50);
        }
    }

    private static async Task<string> Qmp(string socketPath)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath));
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };

        Assert.Contains("\"QMP\"", await reader.ReadLineAsync(), StringComparison.Ordinal);
        await writer.WriteLineAsync("{\"execute\":\"qmp_capabilities\"}");
        await ReadReturn(reader);
        await writer.WriteLineAsync("{\"execute\":\"query-status\"}");
        JsonElement result = await ReadReturn(reader);
        return result.GetProperty("status").GetString()!;
    }

    private static async Task<JsonElement> ReadReturn(StreamReader reader)
    {
        while (await reader.ReadLineAsync().WaitAsync(StartTimeout) is { } line)
        {
            using JsonDocument message = JsonDocument.Parse(line);
            if (message.RootElement.TryGetProperty("return", out JsonElement value))
            {
                return value.Clone();
            }
            if (message.RootElement.TryGetProperty("error", out JsonElement error))
            {
                Assert.Fail("QMP error: " + error);
            }
        }
        throw new EndOfStreamException("QMP connection closed");
    }

    private static void Kill(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill();
        }
        process.WaitForExit();
    }

    private static void KillPid(int pid)
    {
        try
        {
            using Process process = Process.GetProcessById(pid);
            if (process.ProcessName.StartsWith("qemu", StringComparison.Ordinal))
            {
                Kill(process);
            }
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
    }

    private static async Task RunTool(string tool, params string[] arguments)
    {
        using Process process = Start(tool, arguments);
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} failed: {await process.StandardError.ReadToEndAsync()}");
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
}
