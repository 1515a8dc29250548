using System.Text.RegularExpressions;
using Strata.Tests.Support;

namespace Strata.Tests.Pools;

/// <summary>
/// strata and the real virsh + libvirtd over one directory: the same pool (same name and UUID) defined in both, the
/// volumes made by strata, then every read command must print the same bytes and every refusal the same lines.
/// </summary>
[Trait("Category", "Libvirt")]
[Collection(LibvirtdFixture.Collection)]
public sealed partial class PoolParitySpecs(LibvirtdFixture libvirtd)
{
    [Fact]
    public async Task StrataPrintsWhatVirshPrintsForTheSamePoolAndVolumes()
    {
        await using var scope = QemuScope.Create();
        string name = "strata-" + Guid.NewGuid().ToString("N")[..8];
        string dir = scope.File("shared");
        string file = scope.File("pool.xml");
        await File.WriteAllTextAsync(file, $"<pool type='dir'><name>{name}</name><uuid>{Guid.NewGuid()}</uuid><target><path>{dir}</path></target></pool>");
        Task<ProcessResult> Virsh(params string[] args) => ProcessRunner.RunAsync("virsh", ["-c", libvirtd.Uri, .. args]);

        await Expect.StdoutAsync(scope.StrataAsync("pool-define", file), $"Pool {name} defined from {file}\n\n");
        await Expect.StdoutAsync(scope.StrataAsync("pool-start", "--build", name), $"Pool {name} started\n\n");
        await Expect.StdoutAsync(scope.StrataAsync("vol-create-as", name, "base.img", "16M"), "Vol base.img created\n\n");
        await Expect.StdoutAsync(scope.StrataAsync("vol-create-as", name, "top.qcow2", "32M", "--format", "qcow2", "--backing-vol", "base.img", "--backing-vol-format", "raw"),
            "Vol top.qcow2 created\n\n");
        await Expect.StdoutAsync(Virsh("pool-define", file), $"Pool {name} defined from {file}\n\n");
        try
        {
            await Expect.StdoutAsync(Virsh("pool-start", name), $"Pool {name} started\n\n");
            string[][] same =
            [
                ["vol-list", name], ["vol-list", "--details", name],
                ["vol-info", "--pool", name, "top.qcow2"], ["vol-info", "--pool", name, "base.img"], ["vol-info", "--bytes", Path.Combine(dir, "top.qcow2")],
                ["vol-path", "--pool", name, "top.qcow2"], ["vol-key", "--pool", name, "base.img"], ["vol-name", Path.Combine(dir, "base.img")],
                ["vol-pool", Path.Combine(dir, "top.qcow2")],
                ["vol-dumpxml", "--pool", name, "base.img"], ["vol-dumpxml", "--pool", name, "top.qcow2"],
                ["pool-uuid", name], ["pool-autostart", name], ["pool-autostart", "--disable", name],
                // Refusals: the same lines on stderr, the same exit code, nothing changed.
                ["vol-info", "--pool", name, "nope"], ["vol-info", "base.img"], ["vol-list", "nosuchpool"], ["pool-info", "nosuchpool"],
                ["vol-create-as", name, "a/b", "1M"], ["vol-create-as", name, "base.img", "1M"], ["vol-create-as", name, "x", "1Q"],
                ["vol-resize", "--pool", name, "top.qcow2", "1M"], ["pool-start", name], ["pool-build", name], ["pool-undefine", name],
            ];
            foreach (var command in same)
            {
                var theirs = await Virsh(command);
                var ours = await scope.StrataAsync(command);
                Assert.True(theirs.Stdout == ours.Stdout && theirs.Stderr == ours.Stderr && theirs.ExitCode == ours.ExitCode,
                    $"{string.Join(' ', command)}\nvirsh: {theirs}\nstrata: {ours}");
            }

            // Live sizes come from statvfs a moment apart (other tests write to the same disk): compare everything else.
            Assert.Equal(WithoutSizes((await Virsh("pool-dumpxml", name)).Stdout), WithoutSizes((await scope.StrataAsync("pool-dumpxml", name)).Stdout));
            Assert.Equal(WithoutSizes((await Virsh("pool-dumpxml", "--inactive", name)).Stdout),
                WithoutSizes((await scope.StrataAsync("pool-dumpxml", "--inactive", name)).Stdout));
            Assert.Equal(FirstLines((await Virsh("pool-info", name)).Stdout), FirstLines((await scope.StrataAsync("pool-info", name)).Stdout));
        }
        finally
        {
            await Virsh("pool-destroy", name);
            await Virsh("pool-undefine", name);
        }
    }

    private static string WithoutSizes(string xml) => SizeElement().Replace(xml, "<$1 unit='bytes'>N</$1>");

    private static string FirstLines(string info) => string.Join('\n', info.Split('\n').Take(5));

    [GeneratedRegex("<(capacity|allocation|available) unit='bytes'>[0-9]+</\\1>")]
    private static partial Regex SizeElement();
}
