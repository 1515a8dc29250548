using System.Diagnostics;

namespace Strata.Tests.Support;

/// <summary>
/// A real libvirtd (Debian's libvirt 9.0), started by hand on a private socket as the project's research notes
/// describe (no systemd here): a libvirt-qemu user, a qemu.conf that runs QEMU as root without a security
/// driver (put back as soon as libvirtd has read it), virtlogd, then libvirtd. Stopped, by pid, at the end.
/// One for every class of <see cref="Collection"/>, whose tests then run one at a time: a system libvirtd keeps
/// state under /run/libvirt, and a second one started beside it exits.
/// </summary>
public sealed class LibvirtdFixture : IAsyncLifetime
{
    /// <summary>The test collection of every class that talks to the real libvirtd.</summary>
    public const string Collection = "real libvirtd";

    private const string QemuConf = "/etc/libvirt/qemu.conf";
    private const string VirtlogdSocket = "/run/libvirt/virtlogd-sock";

    private readonly string _dir = Directory.CreateTempSubdirectory("strata-libvirtd-").FullName;
    private Process? _virtlogd;
    private Process? _libvirtd;

    public string Socket => Path.Combine(_dir, "libvirt-sock");

    /// <summary>The URI Strata's remote driver (and virsh) use for this libvirtd.</summary>
    public string Uri => $"qemu+unix:///system?socket={Socket}";

    public async Task InitializeAsync()
    {
        Assert.True(Environment.UserName == "root", "a system libvirtd needs root");
        foreach (var program in new[] { "/usr/sbin/libvirtd", "/usr/sbin/virtlogd" })
            Assert.True(File.Exists(program), $"{program} is missing (tools/packages lists libvirt-daemon-driver-qemu)");

        if ((await ProcessRunner.RunAsync("getent", ["passwd", "libvirt-qemu"])).ExitCode != 0)
            await MustAsync("useradd", "-r", "-U", "-s", "/usr/sbin/nologin", "-d", "/var/lib/libvirt", "-M", "libvirt-qemu");

        string? original = File.Exists(QemuConf) ? await File.ReadAllTextAsync(QemuConf) : null;
        Directory.CreateDirectory(Path.GetDirectoryName(QemuConf)!);
        await File.WriteAllTextAsync(QemuConf, "user = \"root\"\ngroup = \"root\"\nsecurity_driver = \"none\"\n");
        try
        {
            if (!await ServedAsync(VirtlogdSocket))
            {
                File.Delete(VirtlogdSocket); // a stale one, from a run that was killed
                string virtlogdConf = Path.Combine(_dir, "virtlogd.conf");
                await File.WriteAllTextAsync(virtlogdConf, $"log_outputs = \"3:file:{_dir}/virtlogd.log\"\n");
                _virtlogd = Start("/usr/sbin/virtlogd", "-f", virtlogdConf, "-p", Path.Combine(_dir, "virtlogd.pid"));
                await WaitForAsync(VirtlogdSocket, _virtlogd);
            }
            string libvirtdConf = Path.Combine(_dir, "libvirtd.conf");
            await File.WriteAllTextAsync(libvirtdConf,
                $"unix_sock_dir = \"{_dir}\"\nauth_unix_rw = \"none\"\nauth_unix_ro = \"none\"\nlog_outputs = \"3:file:{_dir}/libvirtd.log\"\n");
            _libvirtd = Start("/usr/sbin/libvirtd", "-f", libvirtdConf, "-p", Path.Combine(_dir, "libvirtd.pid"));
            await WaitForAsync(Socket, _libvirtd);
            // The first call probes QEMU (seconds, once); qemu.conf has been read once it answers.
            await MustAsync("virsh", "-c", Uri, "capabilities");
        }
        finally
        {
            if (original is null)
                File.Delete(QemuConf);
            else
                await File.WriteAllTextAsync(QemuConf, original);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var process in new[] { _libvirtd, _virtlogd })
        {
            if (process is null)
                continue;
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }
            process.Dispose();
        }
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>Whether something answers on a unix socket (a file there may be a dead daemon's).</summary>
    private static async Task<bool> ServedAsync(string path)
    {
        using var probe = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        try
        {
            await probe.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private static Process Start(string program, params string[] arguments) =>
        Process.Start(new ProcessStartInfo(program, arguments) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true })!;

    private static async Task WaitForAsync(string socket, Process owner)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!File.Exists(socket))
        {
            if (owner.HasExited)
                Assert.Fail($"{owner.StartInfo.FileName} exited: {await owner.StandardError.ReadToEndAsync()}");
            await Task.Delay(50, timeout.Token);
        }
    }

    private static async Task MustAsync(string program, params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync(program, arguments, timeout: TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 0, $"{program} {string.Join(' ', arguments)}: {result}");
    }
}
