using Strata.Tests.Support;

namespace Strata.Tests.Environments;

/// <summary>
/// Vagrant's workflow with <c>./strata env</c> on a two-machine environment (web, db) from the tiny box, under TCG:
/// up, ssh, provisioner output, synced folder, halt and up, snapshots, destroy. One environment serves every step
/// (boots are slow here), so the steps run in order.
/// </summary>
[Trait("Category", "Qemu")]
[TestCaseOrderer(StepOrderer.Name, StepOrderer.Assembly)]
public sealed class EnvironmentWorkflowSpecs(EnvironmentWorkflowSpecs.Shop shop) : IClassFixture<EnvironmentWorkflowSpecs.Shop>
{
    /// <summary>The environment, brought up once for all steps.</summary>
    public sealed class Shop : IAsyncLifetime
    {
        public const string Yaml = """
            defaults:
              box: tiny
              memory: 256M
            machines:
              - name: web
                env: { GREETING: hello }
                synced_folder: { source: site, destination: /srv/site }
                provision:
                  - shell: echo "$GREETING from $(hostname)"
              - name: db
            """;

        internal EnvironmentScope Scope { get; private set; } = null!;

        internal ProcessResult Up { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Scope = await EnvironmentScope.CreateAsync("shop", Yaml, withTinyBox: true);
            Directory.CreateDirectory(Path.Combine(Scope.Project, "site"));
            await File.WriteAllTextAsync(Path.Combine(Scope.Project, "site", "index.html"), "<h1>shop</h1>\n");
            Up = await Scope.EnvAsync("up");
        }

        public async Task DisposeAsync() => await Scope.DisposeAsync();
    }

    private EnvironmentScope Scope => shop.Scope;

    private async Task<string> SshAsync(string machine, string command)
    {
        var result = await Scope.EnvAsync("ssh", machine, "--", command);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Stdout;
    }

    [Fact, Step(1)]
    public async Task UpBootsBothMachinesAsDomainsNamedAfterTheFolder()
    {
        Assert.True(shop.Up.ExitCode == 0, shop.Up.ToString());
        var status = await Scope.EnvAsync("status");
        Assert.Matches(@"web\s+running\s+127\.0\.0\.1:\d+\s+shop_web", status.Stdout);
        Assert.Matches(@"db\s+running\s+127\.0\.0\.1:\d+\s+shop_db", status.Stdout);
        var list = await Scope.StrataAsync("list", "--name");
        Assert.Equal(["shop_db", "shop_web"], list.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
    }

    [Fact, Step(2)]
    public void TheProvisionerOutputIsStreamedWithItsMachineName()
    {
        Assert.Contains("    web: hello from web\n", shop.Up.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("db: hello", shop.Up.Stdout, StringComparison.Ordinal);
    }

    [Fact, Step(3)]
    public async Task SshRunsTheCommandInTheNamedMachine()
    {
        Assert.Equal("web\n", await SshAsync("web", "cat /etc/hostname"));
        Assert.Equal("db\n", await SshAsync("db", "cat /etc/hostname"));
    }

    [Fact, Step(4)]
    public async Task SshPassesTheRemoteExitCodeThrough()
    {
        var result = await Scope.EnvAsync("ssh", "db", "--", "echo out; echo err >&2; exit 42");
        Assert.Equal(42, result.ExitCode);
        Assert.Equal("out\n", result.Stdout);
        Assert.Equal("err\n", result.Stderr);
    }

    [Fact, Step(5)]
    public async Task TheSyncedFolderIsCopiedIntoTheGuest()
    {
        Assert.Equal("<h1>shop</h1>\n", await SshAsync("web", "cat /srv/site/index.html"));
        // The environment's own state (keys, disks) never travels with it.
        Assert.Equal("", await SshAsync("web", "ls -A /srv/site | grep -v index.html || true"));
    }

    [Fact, Step(6)]
    public async Task AFileWrittenOverSshSurvivesHaltAndUp()
    {
        await SshAsync("web", "echo before-snapshot > /root/note && sync");
        var halt = await Scope.EnvAsync("halt");
        Assert.True(halt.ExitCode == 0, halt.ToString());
        Assert.Matches(@"web\s+shut off", (await Scope.EnvAsync("status")).Stdout);
        // Saved while halted: nothing has to boot again for it.
        var save = await Scope.EnvAsync("snapshot", "save", "clean");
        Assert.True(save.ExitCode == 0, save.ToString());
        var up = await Scope.EnvAsync("up");
        Assert.True(up.ExitCode == 0, up.ToString());
        // Provisioners run on the first up only, as Vagrant's.
        Assert.DoesNotContain("hello from web", up.Stdout, StringComparison.Ordinal);
        Assert.Equal("before-snapshot\n", await SshAsync("web", "cat /root/note"));
    }

    [Fact, Step(7)]
    public async Task ASnapshotRestoreUndoesTheChangesMadeSince()
    {
        var list = await Scope.EnvAsync("snapshot", "list");
        Assert.Matches(@"web\s+clean", list.Stdout);
        Assert.Matches(@"db\s+clean", list.Stdout);
        await SshAsync("web", "echo after-snapshot > /root/later && rm /root/note && sync");
        await SshAsync("db", "echo after-snapshot > /root/later && sync");

        var restore = await Scope.EnvAsync("snapshot", "restore", "clean");
        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.Equal("before-snapshot\nnone\n", await SshAsync("web", "cat /root/note; cat /root/later 2>/dev/null || echo none"));
        Assert.Equal("none\n", await SshAsync("db", "cat /root/later 2>/dev/null || echo none"));
    }

    [Fact, Step(8)]
    public async Task DestroyLeavesNoDomainsDisksKeysOrQemu()
    {
        var destroy = await Scope.EnvAsync("destroy", "-f");
        Assert.True(destroy.ExitCode == 0, destroy.ToString());
        Assert.Equal("", (await Scope.StrataAsync("list", "--all", "--name")).Stdout.Trim());
        Assert.False(Directory.Exists(Path.Combine(Scope.Project, ".strata")), "the .strata folder (keys, overlays) is left");
        Assert.Empty(Directory.EnumerateFiles(Scope.Project, "*.qcow2", SearchOption.AllDirectories));
        Assert.Empty(Scope.QemuProcesses());
        Assert.Matches(@"web\s+not created", (await Scope.EnvAsync("status")).Stdout);
        Assert.Contains("no environments", (await Scope.EnvAsync("global-status")).Stdout, StringComparison.Ordinal);
    }
}
