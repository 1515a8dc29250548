using Strata.Tests.Support;

namespace Strata.Tests.Daemon;

/// <summary>Storage pools and volumes through stratad: the real virsh manages them, the read-only socket only shows them, and strata's plain URI goes through the daemon.</summary>
[Trait("Category", "Libvirt")]
public sealed class StratadStorageSpecs
{
    [Fact]
    public async Task VirshRunsAPoolAndVolumeLifecycleThroughStratad()
    {
        await using var daemon = await DaemonScope.StartAsync();
        await StorageLifecycle.RunAsync(args => daemon.VirshAsync(args), "images", daemon.Scope.File("images"));
    }

    [Fact]
    public async Task LibvirtPythonManagesAPoolAndItsVolumesThroughStratad()
    {
        await using var daemon = await DaemonScope.StartAsync();
        string script = Path.Combine(RepoRoot.Path, "tests", "Strata.Tests", "Daemon", "libvirt-python-storage.py");
        var run = await ProcessRunner.RunAsync("/usr/bin/python3", [script, daemon.Socket, daemon.Scope.File("py")], daemon.Scope.Environment);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(
            "pools ['py'] ['py'] [] 1 0\n" +
            "info 2 True 1 1 1 py\n" +
            "vol a.qcow2 True [0, 8388608] 1 ['a.qcow2'] ['a.qcow2']\n" +
            "lookups a.qcow2 a.qcow2 a.qcow2 py\n" +
            "copy b.qcow2 [0, 8388608]\n" +
            "resized 16777216\n" +
            "streamed 4096 b'hello'\n" +
            "left []\n" +
            "gone 49\n", run.Stdout);
    }

    [Fact]
    public async Task TheReadOnlySocketShowsPoolsAndVolumesButRefusesEveryChange()
    {
        await using var daemon = await DaemonScope.StartAsync();
        string target = await StartPoolAsync(daemon);
        await Expect.StdoutAsync(daemon.VirshAsync("vol-create-as", "images", "disk.img", "1M"), "Vol disk.img created\n\n");
        // Not virsh -r, which refuses on its own side: a client of the -ro socket that asks anyway.
        Task<ProcessResult> ReadOnly(params string[] args) =>
            ProcessRunner.RunAsync("virsh", ["-c", daemon.ReadOnlyUri, .. args], daemon.Scope.Environment, TimeSpan.FromMinutes(2));
        // libvirt's words, naming the API refused (checked against libvirtd 9.0).
        static string Denied(string function) => $"error: operation forbidden: read only access prevents {function}\n";

        Assert.Matches(@"\n images +active +no\n", (await ReadOnly("pool-list", "--all")).Stdout);
        await Expect.StdoutAsync(ReadOnly("vol-path", "--pool", "images", "disk.img"), Path.Combine(target, "disk.img") + "\n\n");
        await Expect.FailureAsync(ReadOnly("pool-define-as", "other", "dir", "--target", target), "error: Failed to define pool other\n" + Denied("virStoragePoolDefineXML"));
        await Expect.FailureAsync(ReadOnly("pool-build", "images"), "error: Failed to build pool images\n" + Denied("virStoragePoolBuild"));
        await Expect.FailureAsync(ReadOnly("pool-refresh", "images"), "error: Failed to refresh pool images\n" + Denied("virStoragePoolRefresh"));
        await Expect.FailureAsync(ReadOnly("pool-autostart", "images"), "error: failed to mark pool images as autostarted\n" + Denied("virStoragePoolSetAutostart"));
        await Expect.FailureAsync(ReadOnly("pool-destroy", "images"), "error: Failed to destroy pool images\n" + Denied("virStoragePoolDestroy"));
        await Expect.FailureAsync(ReadOnly("pool-undefine", "images"), "error: Failed to undefine pool images\n" + Denied("virStoragePoolUndefine"));
        await Expect.FailureAsync(ReadOnly("vol-create-as", "images", "new.img", "1M"), "error: Failed to create vol new.img\n" + Denied("virStorageVolCreateXML"));
        await Expect.FailureAsync(ReadOnly("vol-resize", "--pool", "images", "disk.img", "2M"), "error: Failed to change size of volume 'disk.img' to 2M\n" + Denied("virStorageVolResize"));
        await Expect.FailureAsync(ReadOnly("vol-clone", "--pool", "images", "disk.img", "copy.img"), "error: Failed to clone vol from disk.img\n" + Denied("virStorageVolCreateXMLFrom"));
        await Expect.FailureAsync(ReadOnly("vol-wipe", "--pool", "images", "disk.img"), "error: Failed to wipe vol disk.img\n" + Denied("virStorageVolWipePattern"));
        await Expect.FailureAsync(ReadOnly("vol-delete", "--pool", "images", "disk.img"), "error: Failed to delete vol disk.img\n" + Denied("virStorageVolDelete"));

        // Nothing changed.
        Assert.Equal(["disk.img"], Directory.GetFiles(target).Select(Path.GetFileName));
        Assert.Equal(1024 * 1024, new FileInfo(Path.Combine(target, "disk.img")).Length);
        Assert.Matches(@"\n images +active +no\n", (await daemon.VirshAsync("pool-list", "--all")).Stdout);
    }

    [Fact]
    public async Task VolumeBytesStreamThroughStratadBothWays()
    {
        await using var daemon = await DaemonScope.StartAsync();
        string target = await StartPoolAsync(daemon);
        await Expect.StdoutAsync(daemon.VirshAsync("vol-create-as", "images", "disk.img", "4M"), "Vol disk.img created\n\n");
        // More than one stream packet (libvirt sends at most 256 KiB in one), not a multiple of any buffer.
        byte[] data = new byte[700_001];
        new Random(5).NextBytes(data);
        string upload = daemon.Scope.File("upload"), download = daemon.Scope.File("download"), part = daemon.Scope.File("part");
        await File.WriteAllBytesAsync(upload, data);

        await Expect.StdoutAsync(daemon.VirshAsync("vol-upload", "--pool", "images", "disk.img", upload, "--offset", "1024"), "\n");
        byte[] disk = await File.ReadAllBytesAsync(Path.Combine(target, "disk.img"));
        Assert.Equal(4 * 1024 * 1024, disk.Length);
        Assert.True(disk.AsSpan(1024, data.Length).SequenceEqual(data), "the uploaded bytes are in the volume at the offset");
        Assert.True(disk.AsSpan(0, 1024).IndexOfAnyExcept((byte)0) < 0, "the bytes before the offset are untouched");

        await Expect.StdoutAsync(daemon.VirshAsync("vol-download", "--pool", "images", "disk.img", download), "\n");
        Assert.Equal(disk, await File.ReadAllBytesAsync(download));
        await Expect.StdoutAsync(daemon.VirshAsync("vol-download", "--pool", "images", "disk.img", part, "--offset", "1024", "--length", data.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)), "\n");
        Assert.Equal(data, await File.ReadAllBytesAsync(part));

        // The read-only socket may neither write a volume's bytes nor read them, as in libvirt.
        await Expect.FailureAsync(ProcessRunner.RunAsync("virsh", ["-c", daemon.ReadOnlyUri, "vol-upload", "--pool", "images", "disk.img", upload], daemon.Scope.Environment),
            "error: cannot upload to volume disk.img\nerror: operation forbidden: read only access prevents virStorageVolUpload\n");
        string refusedDownload = daemon.Scope.File("refused");
        await Expect.FailureAsync(ProcessRunner.RunAsync("virsh", ["-c", daemon.ReadOnlyUri, "vol-download", "--pool", "images", "disk.img", refusedDownload], daemon.Scope.Environment),
            "error: cannot download from volume disk.img\nerror: operation forbidden: read only access prevents virStorageVolDownload\n");
    }

    [Fact]
    public async Task AnOffsetNoFileCanSeekToIsRefusedAsLibvirtdRefusesIt()
    {
        await using var daemon = await DaemonScope.StartAsync();
        string target = await StartPoolAsync(daemon);
        await Expect.StdoutAsync(daemon.VirshAsync("vol-create-as", "images", "v.img", "1M"), "Vol v.img created\n\n");
        string file = daemon.Scope.File("bytes");
        await File.WriteAllBytesAsync(file, new byte[100]);
        string volume = Path.Combine(target, "v.img");
        // libvirtd 9.0's words, checked against it.
        await Expect.FailureAsync(daemon.VirshAsync("vol-download", "--pool", "images", "v.img", file, "--offset", "9223372036854775808"),
            $"error: cannot download from volume v.img\nerror: Unable to seek {volume} to 9223372036854775808: Invalid argument\n");
        await Expect.FailureAsync(daemon.VirshAsync("vol-upload", "--pool", "images", "v.img", file, "--offset", "9223372036854775808"),
            $"error: cannot upload to volume v.img\nerror: Unable to seek {volume} to 9223372036854775808: Invalid argument\n");
        await Expect.StdoutAsync(daemon.VirshAsync("vol-path", "--pool", "images", "v.img"), volume + "\n\n"); // still served
    }

    [Fact]
    public async Task AnUploadTheDaemonCannotWriteFailsAtOnceWithTheDaemonsReason()
    {
        await using var daemon = await DaemonScope.StartAsync();
        // A pool on a 1 MiB tmpfs: writing the upload runs out of space part way through the stream. The upload is far
        // larger than what stratad takes in before it writes (4 MiB) and the socket's buffers, so the daemon's error
        // reaches each client while it still sends data, whatever the machine's load: the step virsh names is the data's.
        string target = daemon.Scope.File("small");
        Directory.CreateDirectory(target);
        await Expect.StdoutAsync(ProcessRunner.RunAsync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", target]), "");
        try
        {
            await Expect.StdoutAsync(daemon.VirshAsync("pool-define-as", "small", "dir", "--target", target), "Pool small defined\n\n");
            await Expect.StdoutAsync(daemon.VirshAsync("pool-start", "small"), "Pool small started\n\n");
            await Expect.StdoutAsync(daemon.VirshAsync("vol-create-as", "small", "v.img", "64M", "--allocation", "0"), "Vol v.img created\n\n");
            string upload = daemon.Scope.File("upload");
            await File.WriteAllBytesAsync(upload, new byte[32 * 1024 * 1024]);

            var virsh = await daemon.VirshAsync("vol-upload", "--pool", "small", "v.img", upload);
            await StrataCli.EnsureBuiltAsync(); // not a build inside the time taken
            var started = System.Diagnostics.Stopwatch.StartNew();
            var strata = await daemon.Scope.StrataAsync("-c", daemon.SessionUri, "vol-upload", "--pool", "small", "v.img", upload);
            var took = started.Elapsed;
            Assert.Equal(1, virsh.ExitCode);
            Assert.Contains("No space left on device", virsh.Stderr, StringComparison.Ordinal);
            // virsh's words: the step that failed (sending the data), then the daemon's reason, word for word.
            Assert.StartsWith("error: cannot send data to volume v.img\n", virsh.Stderr, StringComparison.Ordinal);
            Assert.Equal(virsh.Stderr.Split('\n')[..2], strata.Stderr.Split('\n')[..2]);
            Assert.Equal(1, strata.ExitCode);
            // The daemon ended the stream itself: nothing is aborted, and nobody waits for an answer to an abort.
            Assert.True(took < TimeSpan.FromSeconds(5), $"strata took {took}");
            await Expect.StdoutAsync(daemon.VirshAsync("pool-destroy", "small"), "Pool small destroyed\n\n");
        }
        finally
        {
            await ProcessRunner.RunAsync("umount", [target]);
        }
    }

    [Fact]
    public async Task StorageCallsStratadDoesNotCarryGetLibvirtsUnsupportedErrorAndTheConnectionStaysUp()
    {
        await using var daemon = await DaemonScope.StartAsync();
        string target = await StartPoolAsync(daemon);
        string xml = daemon.Scope.File("transient.xml");
        await File.WriteAllTextAsync(xml, $"<pool type='dir'><name>transient</name><target><path>{target}</path></target></pool>");

        // One virsh process, one connection: the command after each refusal is answered on it.
        var run = await daemon.VirshAsync($"pool-delete images; pool-list; pool-create {xml}; pool-list --all");
        Assert.Equal(
            "error: Failed to delete pool images\n" +
            "error: this function is not supported by the connection driver: virStoragePoolDelete\n" +
            $"error: Failed to create pool from {xml}\n" +
            "error: this function is not supported by the connection driver: virStoragePoolCreateXML (transient pools; use pool-define and pool-start)\n", run.Stderr);
        Assert.Matches(@"^\s* Name +State +Autostart\n-+\n images +active +no\n\s* Name +State +Autostart\n-+\n images +active +no\n\s*$", run.Stdout);
        Assert.True(Directory.Exists(target));
    }

    [Fact]
    public async Task APlainSessionUriManagesStorageThroughStratadListeningOnTheDefaultSocket()
    {
        await using var daemon = await DaemonScope.StartAsync(onDefaultSocket: true);
        // The plain qemu:///session (the scope's STRATA_DEFAULT_URI) finds the daemon on its default socket. The
        // client's own data directory is elsewhere: whatever it makes can only have been made by the daemon.
        var client = new Dictionary<string, string>(daemon.Scope.Environment) { ["XDG_DATA_HOME"] = daemon.Scope.File("client-data") };
        Task<ProcessResult> Strata(params string[] args) => StrataCli.RunAsync(args, client);

        await Expect.StdoutAsync(Strata("pool-define-as", "proof", "dir", "--target", daemon.Scope.File("proof")), "Pool proof defined\n\n");
        Assert.True(File.Exists(Path.Combine(daemon.Scope.Root, "data", "strata", "storage", "pools", "proof.xml")), "the daemon stored the definition");
        Assert.False(File.Exists(Path.Combine(daemon.Scope.File("client-data"), "strata", "storage", "pools", "proof.xml")), "the client stored none of its own");
        Assert.Matches(@"\n proof +inactive +no\n", (await daemon.VirshAsync("pool-list", "--all")).Stdout);
        await Expect.StdoutAsync(Strata("pool-undefine", "proof"), "Pool proof has been undefined\n\n");

        await StorageLifecycle.RunAsync(args => Strata(args), "images", daemon.Scope.File("images"));
    }

    /// <summary>Defines, builds and starts the directory pool "images" through the daemon; returns its directory.</summary>
    private static async Task<string> StartPoolAsync(DaemonScope daemon)
    {
        string target = daemon.Scope.File("images");
        await Expect.StdoutAsync(daemon.VirshAsync("pool-define-as", "images", "dir", "--target", target), "Pool images defined\n\n");
        await Expect.StdoutAsync(daemon.VirshAsync("pool-start", "--build", "images"), "Pool images started\n\n");
        return target;
    }
}
