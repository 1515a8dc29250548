using Strata.Tests.Support;
using static Strata.Tests.Support.ConsoleScenarios;

namespace Strata.Tests.Daemon;

/// <summary>
/// <c>strata console</c> through stratad: the remote driver opens the console as a libvirt stream, as virsh does,
/// and <c>--devname</c> names the device for both clients alike.
/// </summary>
[Trait("Category", "Libvirt")]
public sealed class StrataConsoleSpecs
{
    private static async Task<DaemonScope> StartWithRunningGuestAsync(string name, bool onDefaultSocket = false)
    {
        await StrataCli.EnsureBuiltAsync();
        var daemon = await DaemonScope.StartAsync(onDefaultSocket);
        string xml = daemon.Scope.File($"{name}.xml");
        await File.WriteAllTextAsync(xml, await DomainXmlAsync(name, FileSerial(daemon.Scope.File($"{name}-serial2.log"))));
        await Expect.StdoutAsync(daemon.VirshAsync("define", xml), $"Domain '{name}' defined from {xml}\n\n");
        await Expect.StdoutAsync(daemon.VirshAsync("start", name), $"Domain '{name}' started\n\n");
        return daemon;
    }

    private static Func<string, ScriptedTerminal> Strata(DaemonScope daemon, string uri) => Client($"{StrataCli.Path} -c '{uri}'", daemon.Scope.Environment);

    private static Func<string, ScriptedTerminal> Virsh(DaemonScope daemon) => Client($"virsh -c '{daemon.SessionUri}'", daemon.Scope.Environment);

    [Fact]
    public async Task StrataConsoleThroughStratadTypesIntoTheGuestAndEndsWithCtrlBracketOrTheGuest()
    {
        await using var daemon = await StartWithRunningGuestAsync("talk", onDefaultSocket: true);

        await TypeAndLeaveAsync(Strata(daemon, daemon.SessionUri), "talk");
        // Plain qemu:///session goes through the daemon listening on its default socket, console included.
        await TypeAndLeaveAsync(Strata(daemon, "qemu:///session"), "talk");
        Assert.Equal(2, daemon.Log.Split("opened the console").Length - 1);

        // Each stream finished by Ctrl+] freed the console; a console open when the guest stops ends with it.
        await StoppingTheGuestEndsTheConsoleAsync(Strata(daemon, daemon.SessionUri), "talk",
            () => Expect.StdoutAsync(daemon.VirshAsync("destroy", "talk"), "Domain 'talk' destroyed\n\n"));
        await Expect.StdoutAsync(daemon.VirshAsync("domstate", "talk"), "shut off\n\n");
    }

    [Fact]
    public async Task DevnameNamesTheDeviceForVirshAndStrataThroughStratad()
    {
        await using var daemon = await StartWithRunningGuestAsync("named");
        var strata = Strata(daemon, daemon.SessionUri);

        await NamedDevicesCarryTheirOwnBytesAsync(watcher: strata, typist: Virsh(daemon), "named");
        await NamedDevicesCarryTheirOwnBytesAsync(watcher: Virsh(daemon), typist: strata, "named");
        await UnknownNameIsRefusedAsync(Virsh(daemon), "named");
        await UnknownNameIsRefusedAsync(strata, "named");
        await NonPtyDeviceIsRefusedAsync(Virsh(daemon), "named");
        await NonPtyDeviceIsRefusedAsync(strata, "named");
    }

    [Fact]
    public async Task OneSessionPerDeviceAcrossVirshAndStrata()
    {
        await using var daemon = await StartWithRunningGuestAsync("busy");
        using var held = Strata(daemon, daemon.SessionUri)("busy");
        await held.TypeUntilAsync("echo held-$((6*7))\r", "held-42", Boot);

        // serial0 is the first console under another name: the same device, so refused; ua-second is free.
        using (var same = Virsh(daemon)("--devname serial0 busy"))
        {
            Assert.Equal(1, await same.WaitForExitAsync(Exit));
            Assert.Contains("Active console session exists for this domain", same.Seen, StringComparison.Ordinal);
        }
        using (var other = Virsh(daemon)("--devname ua-second busy"))
        {
            await other.ReadUntilAsync("Escape character is ^]", Boot);
            Assert.Equal(0, await other.TypeUntilExitAsync("\u001d", Exit));
            Assert.DoesNotContain("error:", other.Seen, StringComparison.Ordinal);
        }

        // strata --force takes the console over from strata: the displaced one is told why and exits 1, as virsh.
        using var forced = Strata(daemon, daemon.SessionUri)("--force busy");
        Assert.Equal(1, await held.WaitForExitAsync(Exit));
        Assert.Contains("error: operation failed: the console was taken over by another session", held.Seen, StringComparison.Ordinal);
        await forced.TypeUntilAsync("echo taken-$((6*7))\r", "taken-42", Boot);
        await forced.TypeAsync("\u001d");
        Assert.Equal(0, await forced.WaitForExitAsync(Exit));
    }
}
