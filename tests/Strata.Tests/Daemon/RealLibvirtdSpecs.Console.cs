using Strata.Tests.Support;
using static Strata.Tests.Support.ConsoleScenarios;

namespace Strata.Tests.Daemon;

// Here rather than in a class of its own: one libvirtd at a time on this machine's libvirt state.
public sealed partial class RealLibvirtdSpecs
{
    [Fact]
    public async Task StrataConsoleOnARealLibvirtdTypesNamesDevicesAndEndsWithTheGuest()
    {
        await using var scope = QemuScope.Create();
        await StrataCli.EnsureBuiltAsync();
        string name = "strata-console-" + Guid.NewGuid().ToString("N")[..8];
        string xml = scope.File("guest.xml");
        // libvirt (running QEMU as root here) writes serial2's file; the file must be where it may write.
        await File.WriteAllTextAsync(xml, await DomainXmlAsync(name, FileSerial(scope.File("serial2.log"))));
        Task<ProcessResult> Strata(params string[] args) => StrataCli.RunAsync(["-c", libvirtd.Uri, .. args]);
        var strata = Client($"{StrataCli.Path} -c '{libvirtd.Uri}'", scope.Environment);
        var virsh = Client($"virsh -c '{libvirtd.Uri}'", scope.Environment);

        await Expect.StdoutAsync(Strata("define", xml), $"Domain '{name}' defined from {xml}\n\n");
        try
        {
            await Expect.StdoutAsync(Strata("start", name), $"Domain '{name}' started\n\n");
            await TypeAndLeaveAsync(strata, name);
            await NamedDevicesCarryTheirOwnBytesAsync(watcher: strata, typist: virsh, name);
            await UnknownNameIsRefusedAsync(strata, name);
            await UnknownNameIsRefusedAsync(virsh, name);
            await NonPtyDeviceIsRefusedAsync(strata, name);
            await StoppingTheGuestEndsTheConsoleAsync(strata, name,
                () => Expect.StdoutAsync(Strata("destroy", name), $"Domain '{name}' destroyed\n\n"));
        }
        finally
        {
            await Strata("destroy", name);
            await Expect.StdoutAsync(Strata("undefine", name), $"Domain '{name}' has been undefined\n\n");
        }
    }
}
