namespace Strata.Tests.Support;

/// <summary>The tiny guest (kernel + initramfs) that tools/tiny-guest/build makes and caches outside the repo.</summary>
internal sealed record TinyGuest(string Kernel, string Initrd, string SshKey, string CmdlinePc, string CmdlineMicrovm)
{
    /// <summary>The line the guest's init prints on the serial console once it is up.</summary>
    public const string ReadyLine = "strata-guest: ready";

    private static readonly Lazy<Task<TinyGuest>> Built = new(BuildAsync);

    public static Task<TinyGuest> GetAsync() => Built.Value;

    private static async Task<TinyGuest> BuildAsync()
    {
        var result = await ProcessRunner.RunAsync(Path.Combine(RepoRoot.Path, "tools", "tiny-guest", "build"), [], timeout: TimeSpan.FromMinutes(10));
        if (result.ExitCode != 0)
            throw new InvalidOperationException("tools/tiny-guest/build failed: " + result);
        string dir = result.Stdout.Trim().Split('\n')[^1];
        var env = File.ReadAllLines(Path.Combine(dir, "guest.env"))
            .Select(l => l.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1].Trim('"', '\''));
        return new TinyGuest(env["KERNEL"], env["INITRD"], env["SSH_KEY"], env["CMDLINE_PC"], env["CMDLINE_MICROVM"]);
    }

    /// <summary>
    /// <see cref="DomainXml"/> with <paramref name="disk"/> as its virtio disk vda and ssh forwarded from
    /// <paramref name="sshPort"/> on the host's loopback.
    /// </summary>
    public string DomainXmlWithDisk(string name, string serialLog, string disk, string format, int sshPort) =>
        DomainXml(name, serialLog).Replace("<memballoon", $"""
            <disk type='file' device='disk'>
              <driver name='qemu' type='{format}'/>
              <source file='{disk}'/>
              <target dev='vda' bus='virtio'/>
            </disk>
            {GuestSsh.PortForwardInterface(sshPort)}
            <memballoon
            """, StringComparison.Ordinal);

    /// <summary>
    /// A definition of the tiny guest: pc machine, TCG, its serial console written to <paramref name="serialLog"/>
    /// (or on a pty when that is null, for <c>console</c>), then <paramref name="extraDevices"/>.
    /// </summary>
    public string DomainXml(string name, string? serialLog, string machine = "pc", string type = "qemu", int memoryMiB = 256, string extraCmdline = "",
        string extraDevices = "") => $"""
        <domain type='{type}'>
          <name>{name}</name>
          <memory unit='MiB'>{memoryMiB}</memory>
          <vcpu>1</vcpu>
          <os>
            <type arch='x86_64' machine='{machine}'>hvm</type>
            <kernel>{Kernel}</kernel>
            <initrd>{Initrd}</initrd>
            <cmdline>{(machine == "microvm" ? CmdlineMicrovm : CmdlinePc)} {extraCmdline}</cmdline>
          </os>
          <features><acpi/></features>
          <devices>
            {(serialLog is null ? "<serial type='pty'/>" : $"<serial type='file'><source path='{serialLog}'/></serial>")}
            {extraDevices}
            <memballoon model='none'/>
          </devices>
        </domain>
        """;
}
