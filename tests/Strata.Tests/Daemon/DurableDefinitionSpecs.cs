using Strata.Domains;
using Strata.Storage;
using Strata.Tests.Support;

namespace Strata.Tests.Daemon;

/// <summary>
/// A define or undefine stratad has answered survives a crash. The daemon runs with the journal-only fault
/// injection (its file writes are "lost", as a power loss would lose unsynced ones), is killed with SIGKILL right
/// after the reply, and the next stratad, or the daemonless CLI, finds the change through the journal.
/// </summary>
[Trait("Category", "Libvirt")]
public sealed class DurableDefinitionSpecs
{
    private static readonly Dictionary<string, string> LostWrites = new() { [JournaledDirectory.JournalOnlyVariable] = "1" };

    [Fact]
    public async Task ADefineStratadAnsweredIsThereAfterACrashLostItsFile()
    {
        await using var daemon = await DaemonScope.StartAsync(environment: LostWrites);
        string xml = Xml("durable", 1);
        await using (var connection = await Connection.OpenAsync(daemon.SessionUri))
        {
            await connection.Driver.DefineAsync(xml, CancellationToken.None);
            await daemon.KillAsync();
        }
        Assert.False(File.Exists(DefinitionPath(daemon, "durable"))); // the crash really took the file

        await daemon.StartAgainAsync();
        await using var after = await Connection.OpenAsync(daemon.SessionUri);
        var domain = await after.LookupAsync("durable");
        Assert.Equal(DomainXml.Format(DomainXml.Parse(xml)), await after.Driver.GetXmlAsync(domain, inactive: true, CancellationToken.None));
    }

    [Fact]
    public async Task AnUndefineStratadAnsweredStaysDoneAfterACrashLostTheDeletion()
    {
        await using var daemon = await DaemonScope.StartAsync();
        await using (var connection = await Connection.OpenAsync(daemon.SessionUri))
            await connection.Driver.DefineAsync(Xml("gone", 2), CancellationToken.None);

        await daemon.StartAgainAsync(LostWrites);
        await using (var connection = await Connection.OpenAsync(daemon.SessionUri))
        {
            await connection.Driver.UndefineAsync(await connection.LookupAsync("gone"), CancellationToken.None);
            await daemon.KillAsync();
        }
        Assert.True(File.Exists(DefinitionPath(daemon, "gone")));

        await daemon.StartAgainAsync();
        await using var after = await Connection.OpenAsync(daemon.SessionUri);
        await Assert.ThrowsAsync<DomainNotFoundException>(() => after.LookupAsync("gone"));
        Assert.False(File.Exists(DefinitionPath(daemon, "gone")));
    }

    [Fact]
    public async Task TheDaemonlessCliReplaysWhatACrashedStratadJournaled()
    {
        await using var daemon = await DaemonScope.StartAsync(environment: LostWrites);
        await using (var connection = await Connection.OpenAsync(daemon.SessionUri))
        {
            await connection.Driver.DefineAsync(Xml("replayed", 3), CancellationToken.None);
            await daemon.KillAsync();
        }

        // No daemon listens on the scope's default socket: the CLI works on the files itself.
        await Expect.StdoutAsync(daemon.Scope.StrataAsync("list", "--all", "--name"), "replayed\n\n");
        Assert.True(File.Exists(DefinitionPath(daemon, "replayed")));
    }

    [Fact]
    public async Task ManyClientsDefiningAtOnceAreAllThereAfterACrash()
    {
        await using var daemon = await DaemonScope.StartAsync(environment: LostWrites);
        const int Clients = 16;
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async i =>
        {
            await using var connection = await Connection.OpenAsync(daemon.SessionUri);
            await connection.Driver.DefineAsync(Xml($"many{i:00}", 100 + i), CancellationToken.None);
        }));
        await daemon.KillAsync();

        await daemon.StartAgainAsync();
        await using var after = await Connection.OpenAsync(daemon.SessionUri);
        var names = (await after.ListDomainsAsync()).Select(d => d.Domain.Name).Order(StringComparer.Ordinal);
        Assert.Equal(Enumerable.Range(0, Clients).Select(i => $"many{i:00}"), names);
    }

    [Fact]
    public async Task ADomainStratadDefinedIsListedByTheCliAsSoonAsTheReplyArrives()
    {
        await using var daemon = await DaemonScope.StartAsync();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            await using var connection = await Connection.OpenAsync(daemon.SessionUri);
            await connection.Driver.DefineAsync(Xml($"seen{i}", 200 + i), CancellationToken.None);
        }));
        // Beside the running daemon, the daemonless CLI reads the same files.
        await Expect.StdoutAsync(daemon.Scope.StrataAsync("list", "--all", "--name"),
            string.Concat(Enumerable.Range(0, 8).Select(i => $"seen{i}\n")) + "\n");
    }

    [Fact]
    public async Task StratadAnswersFromAChangeWhoseFileIsStillToBeWritten()
    {
        // Journal only: the files are never written, so every answer below comes from the journaled changes.
        await using var daemon = await DaemonScope.StartAsync(environment: LostWrites);
        await using var connection = await Connection.OpenAsync(daemon.SessionUri);
        await connection.Driver.DefineAsync(Xml("behind", 4), CancellationToken.None);
        var domain = await connection.LookupAsync("behind");
        Assert.Equal(["behind"], (await connection.ListDomainsAsync()).Select(d => d.Domain.Name));

        string changed = Xml("behind", 4).Replace("'MiB'>64<", "'MiB'>128<", StringComparison.Ordinal);
        await connection.Driver.DefineAsync(changed, CancellationToken.None);
        Assert.Equal(DomainXml.Format(DomainXml.Parse(changed)), await connection.Driver.GetXmlAsync(domain, inactive: true, CancellationToken.None));

        await connection.Driver.UndefineAsync(domain, CancellationToken.None);
        await Assert.ThrowsAsync<DomainNotFoundException>(() => connection.LookupAsync("behind"));
        Assert.Empty(await connection.ListDomainsAsync());
        Assert.False(File.Exists(DefinitionPath(daemon, "behind")));
    }

    private static string DefinitionPath(DaemonScope daemon, string name) => Path.Combine(daemon.Scope.Paths.DomainsDir, name + ".xml");

    private static string Xml(string name, int n) =>
        $"<domain type='qemu'><name>{name}</name><uuid>6d1f2c3a-0000-4000-8000-{n:000000000000}</uuid>"
        + "<memory unit='MiB'>64</memory><os><type arch='x86_64' machine='pc'>hvm</type></os></domain>";
}
