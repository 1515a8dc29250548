using Strata.Tests.Support;

namespace Strata.Tests.Pools;

/// <summary>virsh's pool-* commands through the strata CLI on a private qemu:///session: separate processes, state only in files.</summary>
[Trait("Category", "Cli")]
public sealed class PoolCliSpecs
{
    [Fact]
    public async Task ADirectoryPoolIsDefinedBuiltStartedListedStoppedAndUndefined()
    {
        await using var scope = QemuScope.Create();
        string target = scope.File("images");
        await Expect.StdoutAsync(scope.StrataAsync("pool-define-as", "images", "dir", "--target", target), "Pool images defined\n\n");
        Assert.True(File.Exists(Path.Combine(scope.Root, "data", "strata", "storage", "pools", "images.xml")));

        await Expect.StdoutAsync(scope.StrataAsync("pool-list"), " Name   State   Autostart\n---------------------------\n\n");
        await Expect.StdoutAsync(scope.StrataAsync("pool-list", "--all"),
            " Name     State      Autostart\n--------------------------------\n images   inactive   no\n\n");
        await Expect.StdoutAsync(scope.StrataAsync("pool-list", "--all", "--details"),
            " Name     State      Autostart   Persistent   Capacity   Allocation   Available\n" +
            "---------------------------------------------------------------------------------\n" +
            " images   inactive   no          yes          -          -            -\n\n");
        string uuid = (await scope.StrataAsync("pool-uuid", "images")).Stdout.Trim();
        Assert.True(Guid.TryParse(uuid, out _), uuid);
        await Expect.StdoutAsync(scope.StrataAsync("pool-name", uuid), "images\n\n");
        await Expect.StdoutAsync(scope.StrataAsync("pool-info", "images"),
            $"Name:           images\nUUID:           {uuid}\nState:          inactive\nPersistent:     yes\nAutostart:      no\n\n");

        await Expect.FailureAsync(scope.StrataAsync("pool-start", "images"),
            $"error: Failed to start pool images\nerror: cannot open directory '{target}': No such file or directory\n");
        await Expect.StdoutAsync(scope.StrataAsync("pool-build", "images"), "Pool images built\n\n");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute,
            File.GetUnixFileMode(target));
        await Expect.StdoutAsync(scope.StrataAsync("pool-start", "images"), "Pool images started\n\n");
        await Expect.FailureAsync(scope.StrataAsync("pool-start", "images"),
            "error: Failed to start pool images\nerror: Requested operation is not valid: storage pool 'images' is already active\n");

        await Expect.StdoutAsync(scope.StrataAsync("pool-list"), " Name     State    Autostart\n------------------------------\n images   active   no\n\n");
        var details = await scope.StrataAsync("pool-list", "--details");
        Assert.Matches(@"^ images   running   no          yes          [0-9.]+ [KMGT]iB   ", details.Stdout.Split('\n')[2]);
        var info = (await scope.StrataAsync("pool-info", "--bytes", "images")).Stdout;
        Assert.Contains("State:          running\n", info, StringComparison.Ordinal);
        ulong capacity = Bytes(info, "Capacity"), allocation = Bytes(info, "Allocation"), available = Bytes(info, "Available");
        Assert.True(capacity > 0 && capacity == allocation + available, info);

        string xml = (await scope.StrataAsync("pool-dumpxml", "images")).Stdout;
        Assert.Contains($"<pool type='dir'>\n  <name>images</name>\n  <uuid>{uuid}</uuid>\n  <capacity unit='bytes'>{capacity}</capacity>", xml, StringComparison.Ordinal);
        Assert.Contains($"  <source>\n  </source>\n  <target>\n    <path>{target}</path>\n    <permissions>\n      <mode>0711</mode>\n", xml, StringComparison.Ordinal);
        Assert.Contains("<mode>0711</mode>", (await scope.StrataAsync("pool-dumpxml", "--inactive", "images")).Stdout, StringComparison.Ordinal);

        await Expect.StdoutAsync(scope.StrataAsync("pool-refresh", "images"), "Pool images refreshed\n\n");
        await Expect.StdoutAsync(scope.StrataAsync("pool-autostart", "images"), "Pool images marked as autostarted\n\n");
        await Expect.StdoutAsync(scope.StrataAsync("pool-list", "--autostart", "--name"), "images              \n\n");
        await Expect.StdoutAsync(scope.StrataAsync("pool-autostart", "--disable", "images"), "Pool images unmarked as autostarted\n\n");
        await Expect.StdoutAsync(scope.StrataAsync("pool-list", "--autostart", "--name"), "\n");

        await Expect.FailureAsync(scope.StrataAsync("pool-undefine", "images"),
            "error: Failed to undefine pool images\nerror: Requested operation is not valid: storage pool 'images' is still active\n");
        await Expect.StdoutAsync(scope.StrataAsync("pool-destroy", "images"), "Pool images destroyed\n\n");
        await Expect.FailureAsync(scope.StrataAsync("pool-destroy", "images"),
            "error: Failed to destroy pool images\nerror: Requested operation is not valid: storage pool 'images' is not active\n");
        await Expect.FailureAsync(scope.StrataAsync("pool-refresh", "images"),
            "error: Failed to refresh pool images\nerror: Requested operation is not valid: storage pool 'images' is not active\n");
        await Expect.StdoutAsync(scope.StrataAsync("pool-undefine", "images"), "Pool images has been undefined\n\n");
        await Expect.StdoutAsync(scope.StrataAsync("pool-list", "--all", "--name"), "\n");
        Assert.True(Directory.Exists(target), "undefining a pool leaves its directory");
        await Expect.FailureAsync(scope.StrataAsync("pool-info", "images"),
            "error: failed to get pool 'images'\nerror: Storage pool not found: no storage pool with matching name 'images'\n");
    }

    [Fact]
    public async Task APoolDefinedFromXmlKeepsItsUuidAndModeAndConflictsAreRefused()
    {
        await using var scope = QemuScope.Create();
        string target = scope.File("vm-images");
        string file = scope.File("pool.xml");
        const string uuid = "1c5d35b6-7e4e-4b3a-9d3e-2a6f0c9e8d11";
        await File.WriteAllTextAsync(file, $"""
            <pool type='dir'>
              <name>vms</name>
              <uuid>{uuid}</uuid>
              <target>
                <path>{target}/</path>
                <permissions><mode>0750</mode></permissions>
              </target>
            </pool>
            """);
        await Expect.StdoutAsync(scope.StrataAsync("pool-define", file), $"Pool vms defined from {file}\n\n");
        await Expect.StdoutAsync(scope.StrataAsync("pool-uuid", "vms"), uuid + "\n\n");
        Assert.Contains($"<path>{target}</path>\n    <permissions>\n      <mode>0750</mode>\n    </permissions>",
            (await scope.StrataAsync("pool-dumpxml", "vms")).Stdout, StringComparison.Ordinal);
        await Expect.StdoutAsync(scope.StrataAsync("pool-start", "--build", "vms"), "Pool vms started\n\n");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute,
            File.GetUnixFileMode(target));

        // Redefined while running: the live XML keeps the old definition, --inactive shows the next one.
        await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(file)).Replace("0750", "0700", StringComparison.Ordinal));
        await Expect.StdoutAsync(scope.StrataAsync("pool-define", file), $"Pool vms defined from {file}\n\n");
        Assert.Contains("<mode>0700</mode>", (await scope.StrataAsync("pool-dumpxml", "--inactive", "vms")).Stdout, StringComparison.Ordinal);
        Assert.Contains("<mode>0750</mode>", (await scope.StrataAsync("pool-dumpxml", "vms")).Stdout, StringComparison.Ordinal);

        await Expect.FailureAsync(scope.StrataAsync("pool-define-as", "vms", "dir", "--target", scope.File("elsewhere")),
            $"error: Failed to define pool vms\nerror: operation failed: pool 'vms' already exists with uuid {uuid}\n");
        await Expect.FailureAsync(scope.StrataAsync("pool-define-as", "twin", "dir", "--target", target),
            "error: Failed to define pool twin\nerror: operation failed: Storage source conflict with pool: 'vms'\n");
        await Expect.FailureAsync(scope.StrataAsync("pool-define-as", "lvm", "logical", "--target", "/dev/vg"),
            "error: Failed to define pool lvm\nerror: unsupported configuration: storage pool type 'logical' is not supported (only 'dir' is)\n");
        await Expect.FailureAsync(scope.StrataAsync("pool-define-as", "rel", "dir", "--target", "relative/dir"),
            "error: Failed to define pool rel\nerror: XML error: storage pool target path 'relative/dir' must be absolute\n");
        await Expect.FailureAsync(scope.StrataAsync("pool-define-as", "a/b", "dir", "--target", scope.File("x")),
            "error: Failed to define pool a/b\nerror: XML error: pool name 'a/b' cannot contain '/'\n");
        await Expect.FailureAsync(scope.StrataAsync("pool-define-as", "..", "dir", "--target", scope.File("x")),
            "error: Failed to define pool ..\nerror: XML error: pool name '..' is not allowed\n");
        await Expect.StdoutAsync(scope.StrataAsync("pool-list", "--all", "--name"), "vms                 \n\n");
        await Expect.StdoutAsync(scope.StrataAsync("pool-define-as", "--print-xml", "p", "dir", "--target", "/srv/p"),
            "<pool type='dir'>\n  <name>p</name>\n  <target>\n    <path>/srv/p</path>\n  </target>\n</pool>\n\n");
    }

    [Fact]
    public async Task PoolCommandsHaveVirshsHelp()
    {
        await Expect.StdoutAsync(StrataCli.RunAsync(["help", "pool-destroy"]),
            "  NAME\n    pool-destroy - destroy (stop) a pool\n\n  SYNOPSIS\n    pool-destroy <pool>\n\n  DESCRIPTION\n" +
            "    Forcefully stop a given pool. Raw data in the pool is untouched\n\n  OPTIONS\n    [--pool] <string>  pool name or uuid\n\n\n");
        var group = await StrataCli.RunAsync(["help", "pool"]);
        Assert.Contains(" Storage Pool (help keyword 'pool'):\n", group.Stdout, StringComparison.Ordinal);
        Assert.Contains("    pool-list                      list pools\n", group.Stdout, StringComparison.Ordinal);
    }

    private static ulong Bytes(string info, string field)
    {
        string line = info.Split('\n').Single(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return ulong.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }
}
