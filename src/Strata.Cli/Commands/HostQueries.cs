using System.Globalization;
using Strata.Cli.Shell;

namespace Strata.Cli.Commands;

/// <summary>capabilities, domcapabilities, version, uri, hostname, nodeinfo: questions about the host and driver.</summary>
internal static class HostQueries
{
    /// <summary>Strata's own version, printed where virsh prints libvirt's.</summary>
    public const string StrataVersion = "0.1.0";

    public static IEnumerable<CommandSpec> Commands()
    {
        yield return new("capabilities", "host", "capabilities", "Returns capabilities of hypervisor/driver.", [], async context =>
        {
            var driver = (await context.ConnectAsync().ConfigureAwait(false)).Driver;
            context.Out.Write(await driver.GetCapabilitiesAsync(context.Cancellation).ConfigureAwait(false));
            return 0;
        });
        yield return new("domcapabilities", "host", "domain capabilities", "Returns capabilities of emulator with respect to host and libvirt.",
            [
                OptionSpec.Value("virttype", "virtualization type (/domain/@type)"),
                OptionSpec.Value("emulatorbin", "path to emulator binary (/domain/devices/emulator)"),
                OptionSpec.Value("arch", "domain architecture (/domain/os/type/@arch)"),
                OptionSpec.Value("machine", "machine type (/domain/os/type/@machine)"),
            ], async context =>
            {
                var a = context.Args;
                var driver = (await context.ConnectAsync().ConfigureAwait(false)).Driver;
                context.Out.Write(await driver.GetDomainCapabilitiesAsync(a.Get("emulatorbin"), a.Get("arch"), a.Get("machine"), a.Get("virttype"), context.Cancellation).ConfigureAwait(false));
                return 0;
            });
        yield return new("version", "host", "show version", "Display the system version information.", [], async context =>
        {
            var driver = (await context.ConnectAsync().ConfigureAwait(false)).Driver;
            ulong v = await driver.GetHypervisorVersionAsync(context.Cancellation).ConfigureAwait(false);
            context.Out.WriteLine($"Compiled against library: Strata {StrataVersion}");
            context.Out.WriteLine($"Using library: Strata {StrataVersion}");
            context.Out.WriteLine($"Using API: {driver.HypervisorName} {StrataVersion}");
            context.Out.WriteLine($"Running hypervisor: {driver.HypervisorName} {v / 1_000_000}.{v / 1000 % 1000}.{v % 1000}");
            return 0;
        });
        yield return new("uri", "host", "print the hypervisor canonical URI", "Prints the hypervisor canonical URI.", [], async context =>
        {
            var connection = await context.ConnectAsync().ConfigureAwait(false);
            context.Out.WriteLine(connection.Uri.Text);
            return 0;
        });
        yield return new("hostname", "host", "print the hypervisor hostname", "Prints the hypervisor hostname.", [], async context =>
        {
            var driver = (await context.ConnectAsync().ConfigureAwait(false)).Driver;
            context.Out.WriteLine(await driver.GetHostnameAsync(context.Cancellation).ConfigureAwait(false));
            return 0;
        });
        yield return new("nodeinfo", "host", "node information", "Returns basic information about the node.", [], async context =>
        {
            var driver = (await context.ConnectAsync().ConfigureAwait(false)).Driver;
            var n = await driver.GetNodeInfoAsync(context.Cancellation).ConfigureAwait(false);
            var o = context.Out;
            void Row(string label, string value) => o.WriteLine($"{label + ":",-21}{value}");
            Row("CPU model", n.CpuModel);
            Row("CPU(s)", n.Cpus.ToString(CultureInfo.InvariantCulture));
            Row("CPU frequency", $"{n.MhZ} MHz");
            Row("CPU socket(s)", n.Sockets.ToString(CultureInfo.InvariantCulture));
            Row("Core(s) per socket", n.CoresPerSocket.ToString(CultureInfo.InvariantCulture));
            Row("Thread(s) per core", n.ThreadsPerCore.ToString(CultureInfo.InvariantCulture));
            Row("NUMA cell(s)", n.Nodes.ToString(CultureInfo.InvariantCulture));
            Row("Memory size", $"{n.MemoryKiB} KiB");
            return 0;
        });
    }
}
