using Strata.Tests.Support;

namespace Strata.Tests.Pools;

public sealed partial class PoolParitySpecs
{
    /// <summary>strata's remote driver speaks libvirt's storage procedures to the real libvirtd, which does the work.</summary>
    [Fact]
    public async Task StrataRunsAPoolAndVolumeLifecycleOnARealLibvirtdOverItsProtocol()
    {
        await using var scope = QemuScope.Create();
        string name = "strata-" + Guid.NewGuid().ToString("N")[..8];
        await StorageLifecycle.RunAsync(args => StrataCli.RunAsync(["-c", libvirtd.Uri, .. args]), name, scope.File("remote"));
    }

    /// <summary>
    /// libvirtd fails an upload part way (its pool is a 1 MiB tmpfs): strata reports libvirtd's reason at once, as virsh
    /// does, instead of aborting a stream libvirtd has already closed and waiting for an answer that never comes.
    /// </summary>
    [Fact]
    public async Task AnUploadLibvirtdCannotWriteFailsAtOnceWithItsReason()
    {
        await using var scope = QemuScope.Create();
        string name = "strata-" + Guid.NewGuid().ToString("N")[..8];
        string dir = scope.File("small");
        Directory.CreateDirectory(dir);
        Task<ProcessResult> Virsh(params string[] args) => ProcessRunner.RunAsync("virsh", ["-c", libvirtd.Uri, .. args]);
        await Expect.StdoutAsync(ProcessRunner.RunAsync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", dir]), "");
        try
        {
            await Expect.StdoutAsync(Virsh("pool-create-as", name, "dir", "--target", dir), $"Pool {name} created\n\n");
            try
            {
                await Expect.StdoutAsync(Virsh("vol-create-as", name, "v.img", "4M", "--allocation", "0"), "Vol v.img created\n\n");
                string upload = scope.File("upload");
                await File.WriteAllBytesAsync(upload, new byte[4 * 1024 * 1024]);

                var virsh = await Virsh("vol-upload", "--pool", name, "v.img", upload);
                await StrataCli.EnsureBuiltAsync(); // not a build inside the time taken
                var started = System.Diagnostics.Stopwatch.StartNew();
                var strata = await StrataCli.RunAsync(["-c", libvirtd.Uri, "vol-upload", "--pool", name, "v.img", upload]);
                var took = started.Elapsed;
                Assert.Contains("No space left on device", virsh.Stderr, StringComparison.Ordinal);
                Assert.Equal(virsh.Stderr.Split('\n')[1], strata.Stderr.Split('\n')[1]);
                Assert.Equal(1, strata.ExitCode);
                Assert.True(took < TimeSpan.FromSeconds(5), $"strata took {took}");
            }
            finally
            {
                await Virsh("pool-destroy", name);
            }
        }
        finally
        {
            await ProcessRunner.RunAsync("umount", [dir]);
        }
    }
}
