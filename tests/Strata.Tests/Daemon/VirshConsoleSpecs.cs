using Strata.Tests.Support;

namespace Strata.Tests.Daemon;

/// <summary>The real <c>virsh console</c> through stratad: the guest's serial console as a libvirt stream.</summary>
[Trait("Category", "Libvirt")]
public sealed class VirshConsoleSpecs
{
    private static readonly TimeSpan Boot = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan Exit = TimeSpan.FromSeconds(20);

    private static async Task<DaemonScope> StartWithShellGuestAsync(string name)
    {
        var daemon = await DaemonScope.StartAsync();
        var guest = await TinyGuest.GetAsync();
        string xml = daemon.Scope.File($"{name}.xml");
        await File.WriteAllTextAsync(xml, guest.DomainXml(name, serialLog: null, extraCmdline: "strata.shell=1"));
        await Expect.StdoutAsync(daemon.VirshAsync("define", xml), $"Domain '{name}' defined from {xml}\n\n");
        return daemon;
    }

    private static ScriptedTerminal Virsh(DaemonScope daemon, string arguments) =>
        ScriptedTerminal.Start($"virsh -c '{daemon.SessionUri}' {arguments}", daemon.Scope.Environment);

    [Fact]
    public async Task VirshConsoleTypesIntoTheGuestAndCtrlBracketLeavesTheDaemonServing()
    {
        await using var daemon = await StartWithShellGuestAsync("talk");
        using (var console = Virsh(daemon, "start --console talk"))
        {
            await console.ReadUntilAsync("Escape character is ^]", Boot);
            await console.ReadUntilAsync(TinyGuest.ReadyLine, Boot);
            await console.TypeAsync("echo hello-$((6*7))\r");
            await console.ReadUntilAsync("hello-42", Boot);
            await console.TypeAsync("\u001d");
            Assert.Equal(0, await console.WaitForExitAsync(Exit));
        }

        // The stream ended, not the daemon nor the guest: the console opens again, and other calls are answered.
        await Expect.StdoutAsync(daemon.VirshAsync("list", "--name"), "talk\n\n");
        using (var again = Virsh(daemon, "console talk"))
        {
            await again.ReadUntilAsync("Escape character is ^]", Boot);
            await again.TypeAsync("echo again-$((6*7))\r");
            await again.ReadUntilAsync("again-42", Boot);
            await again.TypeAsync("\u001d");
            Assert.Equal(0, await again.WaitForExitAsync(Exit));
        }
        await Expect.StdoutAsync(daemon.VirshAsync("domstate", "talk"), "running\n\n");
    }
}
