using System.Text.Json;
using Strata.Tests.Support;

namespace Strata.Tests.Cli;

/// <summary>The strata CLI as a user runs it: separate processes, real QEMU, state only in files.</summary>
[Trait("Category", "Qemu")]
public sealed class QemuCliSpecs
{
    private static async Task<(QemuScope Scope, string Xml)> DefineAsync(string name)
    {
        var scope = QemuScope.Create();
        var guest = await TinyGuest.GetAsync();
        string xml = scope.File(name + ".xml");
        await File.WriteAllTextAsync(xml, guest.DomainXml(name, scope.File(name + ".serial")));
        var defined = await scope.StrataAsync("define", xml);
        Assert.True(defined.ExitCode == 0, defined.ToString());
        Assert.Equal($"Domain '{name}' defined from {xml}\n\n", defined.Stdout);
        return (scope, xml);
    }

    [Fact]
    public async Task AnotherProcessReattachesAndSeesTheSameState()
    {
        var (scope, _) = await DefineAsync("shared");
        await using var _scope = scope;
        var started = await scope.StrataAsync("start", "shared");
        Assert.True(started.ExitCode == 0, started.ToString());
        Assert.Equal("Domain 'shared' started\n\n", started.Stdout);

        var state = await scope.StrataAsync("domstate", "--reason", "shared");
        Assert.Equal("running (booted)\n\n", state.Stdout);
        var id = (await scope.StrataAsync("domid", "shared")).Stdout.Trim();
        Assert.Matches("^[0-9]+$", id);

        var list = await scope.StrataAsync("list");
        Assert.Contains($" {id}    shared   running", list.Stdout, StringComparison.Ordinal);

        using var json = JsonDocument.Parse((await scope.StrataAsync("dominfo", "--json", "shared")).Stdout);
        Assert.Equal("running", json.RootElement.GetProperty("state").GetString());
        Assert.Equal(int.Parse(id, System.Globalization.CultureInfo.InvariantCulture), json.RootElement.GetProperty("id").GetInt32());

        await QemuScope.WaitForTextAsync(scope.File("shared.serial"), TinyGuest.ReadyLine, TimeSpan.FromSeconds(60));
        var stack = await scope.StrataAsync("stack", "shared");
        Assert.Contains("TCG", stack.Stdout, StringComparison.Ordinal);
        Assert.Contains("pid ", stack.Stdout, StringComparison.Ordinal);

        var destroyed = await scope.StrataAsync("destroy", "shared");
        Assert.Equal("Domain 'shared' destroyed\n\n", destroyed.Stdout);
        Assert.Equal("shut off (destroyed)\n\n", (await scope.StrataAsync("domstate", "--reason", "shared")).Stdout);
    }

    [Fact]
    public async Task QemuKilledOutsideStrataIsSeenAsCrashed()
    {
        var (scope, _) = await DefineAsync("victim");
        await using var _scope = scope;
        Assert.Equal(0, (await scope.StrataAsync("start", "victim")).ExitCode);
        int pid = int.Parse(File.ReadAllText(Path.Combine(scope.Paths.RunDir, "victim.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);

        using (var qemu = System.Diagnostics.Process.GetProcessById(pid))
        {
            qemu.Kill();
            await qemu.WaitForExitAsync();
        }

        Assert.Equal("shut off (crashed)\n\n", (await scope.StrataAsync("domstate", "--reason", "victim")).Stdout);
        Assert.False(File.Exists(Path.Combine(scope.Paths.RunDir, "victim.pid")));
        Assert.Empty(Directory.EnumerateFiles(scope.Paths.RunDir, "*.qmp"));
        Assert.Equal("-\n\n", (await scope.StrataAsync("domid", "victim")).Stdout);
    }

    [Fact]
    public async Task TwoProcessesStartingOneDomainAtOnceLeaveOneWinner()
    {
        var (scope, _) = await DefineAsync("contested");
        await using var _scope = scope;
        var results = await Task.WhenAll(scope.StrataAsync("start", "contested"), scope.StrataAsync("start", "contested"));
        Assert.Single(results, r => r.ExitCode == 0);
        var loser = Assert.Single(results, r => r.ExitCode != 0);
        Assert.Contains("error: Failed to start domain 'contested'", loser.Stderr, StringComparison.Ordinal);
        Assert.Contains("already running", loser.Stderr, StringComparison.Ordinal);
        Assert.Single(Directory.EnumerateFiles(scope.Paths.RunDir, "*.pid"));
        Assert.Equal(0, (await scope.StrataAsync("destroy", "contested")).ExitCode);
    }

    [Fact]
    public async Task KvmOnAHostWithoutHardwareVirtualizationIsRefusedWithAWayOut()
    {
        await using var scope = QemuScope.Create();
        var guest = await TinyGuest.GetAsync();
        string xml = scope.File("kvm.xml");
        await File.WriteAllTextAsync(xml, guest.DomainXml("kvm", scope.File("kvm.serial"), type: "kvm"));
        Assert.Equal(0, (await scope.StrataAsync("define", xml)).ExitCode);
        if (Strata.Host.HostVirtualization.Detect().KvmUsable)
            return; // a host with real KVM runs it; the refusal is what this host (PVM, no vmx/svm) must show
        var start = await scope.StrataAsync("start", "kvm");
        Assert.Equal(1, start.ExitCode);
        Assert.Contains("type='qemu'", start.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.EnumerateFiles(scope.Paths.RunDir, "*.pid").Any());
        Assert.Equal("shut off\n\n", (await scope.StrataAsync("domstate", "kvm")).Stdout);
    }

    [Fact]
    public async Task AMissingKernelFileFailsTheStartAndLeavesNothingRunning()
    {
        await using var scope = QemuScope.Create();
        var guest = await TinyGuest.GetAsync() with { Kernel = "/nonexistent/vmlinuz" };
        string xml = scope.File("nokernel.xml");
        await File.WriteAllTextAsync(xml, guest.DomainXml("nokernel", scope.File("nokernel.serial")));
        Assert.Equal(0, (await scope.StrataAsync("define", xml)).ExitCode);
        var start = await scope.StrataAsync("start", "nokernel");
        Assert.Equal(1, start.ExitCode);
        Assert.Contains("/nonexistent/vmlinuz", start.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(scope.Paths.RunDir) && Directory.EnumerateFiles(scope.Paths.RunDir, "*.pid").Any());
        Assert.Equal("shut off\n\n", (await scope.StrataAsync("domstate", "nokernel")).Stdout);
    }

    [Theory]
    [InlineData("<domain type='qemu'><name>x</name>", "Failed to define domain")]
    [InlineData("<domain type='qemu'><name>a/b</name><memory>1024</memory><os><type>hvm</type></os></domain>", "a/b")]
    [InlineData("<domain type='qemu'><name>z</name><memory>0</memory><os><type>hvm</type></os></domain>", "memory")]
    [InlineData("<domain type='qemu'><name>w</name><memory>1024</memory><os><type>hvm</type></os><devices><watchdog model='i6300esb'/></devices></domain>", "watchdog")]
    public async Task BadDefinitionsAreRefusedAndWriteNothing(string xml, string named)
    {
        await using var scope = QemuScope.Create();
        string file = scope.File("bad.xml");
        await File.WriteAllTextAsync(file, xml);
        var result = await scope.StrataAsync("define", file);
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(named, result.Stderr, StringComparison.Ordinal);
        Assert.Equal("\n", result.Stdout); // virsh ends every command that ran with a blank line, failed or not
        Assert.False(Directory.Exists(scope.Paths.DomainsDir) && Directory.EnumerateFileSystemEntries(scope.Paths.DomainsDir).Any());
    }

    [Fact]
    public async Task UnknownDomainsAndOptionsAreVirshStyleErrors()
    {
        await using var scope = QemuScope.Create();
        var missing = await scope.StrataAsync("dominfo", "nosuch");
        Assert.Equal((1, "error: failed to get domain 'nosuch'\n"), (missing.ExitCode, missing.Stderr));
        var option = await scope.StrataAsync("list", "--foo");
        Assert.Equal((1, "error: command 'list' doesn't support option --foo\n"), (option.ExitCode, option.Stderr));
        var required = await scope.StrataAsync("start");
        Assert.Equal((1, "error: command 'start' requires <domain> option\n"), (required.ExitCode, required.Stderr));
        var uri = await scope.StrataAsync("-c", "xen:///system", "list");
        Assert.Equal(1, uri.ExitCode);
        Assert.Contains("xen:///system", uri.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConsoleTypesIntoTheGuestAndCtrlBracketLeaves()
    {
        await using var scope = QemuScope.Create();
        var guest = await TinyGuest.GetAsync();
        string xml = scope.File("talk.xml");
        await File.WriteAllTextAsync(xml, guest.DomainXml("talk", serialLog: null, extraCmdline: "strata.shell=1"));
        Assert.Equal(0, (await scope.StrataAsync("define", xml)).ExitCode);

        // `script` gives strata a real terminal, as a user's; we type through its stdin.
        await StrataCli.EnsureBuiltAsync();
        using (var console = ScriptedTerminal.Start($"{StrataCli.Path} start talk --console", scope.Environment))
        {
            var timeout = TimeSpan.FromSeconds(60);
            await console.ReadUntilAsync("Escape character is ^]", timeout);
            await console.ReadUntilAsync(TinyGuest.ReadyLine, timeout);
            await console.TypeAsync("echo marker-$((6*7))\r");
            await console.ReadUntilAsync("marker-42", timeout);
            await console.TypeAsync("\u001d");
            Assert.Equal(0, await console.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        }
        Assert.Equal("running\n\n", (await scope.StrataAsync("domstate", "talk")).Stdout);
    }

    [Fact]
    public async Task ConsoleDevnameOpensTheNamedDeviceDaemonless()
    {
        await using var scope = QemuScope.Create();
        string xml = scope.File("named.xml");
        await File.WriteAllTextAsync(xml, await ConsoleScenarios.DomainXmlAsync("named", ConsoleScenarios.FileSerial(scope.File("serial2.log"))));
        Assert.Equal(0, (await scope.StrataAsync("define", xml)).ExitCode);
        await StrataCli.EnsureBuiltAsync();
        var strata = ConsoleScenarios.Client(StrataCli.Path, scope.Environment);
        // As virsh, before anything else: a console needs a running guest.
        var off = await scope.StrataAsync("console", "named");
        Assert.Equal((1, "error: The domain is not running\n"), (off.ExitCode, off.Stderr));
        Assert.Equal(0, (await scope.StrataAsync("start", "named")).ExitCode);

        await ConsoleScenarios.NamedDevicesCarryTheirOwnBytesAsync(watcher: strata, typist: strata, "named");
        await ConsoleScenarios.UnknownNameIsRefusedAsync(strata, "named");
        await ConsoleScenarios.NonPtyDeviceIsRefusedAsync(strata, "named");
        // The live XML names the devices that --devname takes.
        string live = (await scope.StrataAsync("dumpxml", "named")).Stdout;
        Assert.Contains("<alias name='serial0'/>", live, StringComparison.Ordinal);
        Assert.Contains("<alias name='ua-second'/>", live, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OneConsoleSessionPerDeviceAcrossStrataProcessesWithoutADaemon()
    {
        await using var scope = QemuScope.Create();
        string xml = scope.File("busy.xml");
        await File.WriteAllTextAsync(xml, await ConsoleScenarios.DomainXmlAsync("busy"));
        Assert.Equal(0, (await scope.StrataAsync("define", xml)).ExitCode);
        Assert.Equal(0, (await scope.StrataAsync("start", "busy")).ExitCode);
        await StrataCli.EnsureBuiltAsync();
        var strata = ConsoleScenarios.Client(StrataCli.Path, scope.Environment);
        using var held = strata("busy");
        await held.TypeUntilAsync("echo held-$((6*7))\r", "held-42", ConsoleScenarios.Boot);

        // serial0 is the first console under another name: the same device, refused as libvirt refuses a second
        // session; ua-second is another device, and free.
        using (var same = strata("--devname serial0 busy"))
        {
            Assert.Equal(1, await same.WaitForExitAsync(ConsoleScenarios.Exit));
            Assert.Contains("error: operation failed: Active console session exists for this domain", same.Seen, StringComparison.Ordinal);
        }
        using (var other = strata("--devname ua-second busy"))
        {
            await other.ReadUntilAsync("Escape character is ^]", ConsoleScenarios.Boot);
            Assert.Equal(0, await other.TypeUntilExitAsync("\u001d", ConsoleScenarios.Exit));
            Assert.DoesNotContain("error:", other.Seen, StringComparison.Ordinal);
        }

        // --force takes the console over from the other process, which is told why and exits 1, as through a daemon.
        using var forced = strata("--force busy");
        Assert.Equal(1, await held.WaitForExitAsync(ConsoleScenarios.Exit));
        Assert.Contains("error: operation failed: the console was taken over by another session", held.Seen, StringComparison.Ordinal);
        await forced.TypeUntilAsync("echo taken-$((6*7))\r", "taken-42", ConsoleScenarios.Boot);
        await forced.TypeAsync("\u001d");
        Assert.Equal(0, await forced.WaitForExitAsync(ConsoleScenarios.Exit));

        // Each session that ended freed the device.
        await ConsoleScenarios.TypeAndLeaveAsync(strata, "busy");
    }
}
