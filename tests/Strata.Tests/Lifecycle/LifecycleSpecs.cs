namespace Strata.Tests.Lifecycle;

/// <summary>
/// The lifecycle every driver must follow, with libvirt's states and reasons. Each driver runs the same specs:
/// the QEMU driver on the real tiny guest, the test driver in memory.
/// </summary>
public abstract class LifecycleSpecs
{
    private static readonly TimeSpan GuestTimeout = TimeSpan.FromSeconds(60);

    /// <summary>A driver for one test, with a way to make a bootable definition, cleaned up on dispose.</summary>
    protected abstract Task<ILifecycleHost> OpenAsync();

    protected interface ILifecycleHost : IAsyncDisposable
    {
        IDriver Driver { get; }
        Task<string> DomainXmlAsync(string name);

        /// <summary>Waits until the guest reports readiness (no-op where nothing really boots).</summary>
        Task WaitUntilReadyAsync(string name, TimeSpan timeout);
    }

    [Fact]
    public async Task DefinedDomainStartsRunningSuspendsResumesAndShutsDownGracefully()
    {
        await using var host = await OpenAsync();
        var d = host.Driver;
        var domain = await d.DefineAsync(await host.DomainXmlAsync("life"), default);
        Assert.Equal(DomainStatus.Shutoff(ShutoffReason.Unknown), await d.GetStatusAsync(domain, default));
        Assert.False(domain.HasId);

        var started = await d.StartAsync(domain, default);
        Assert.True(started.HasId);
        Assert.Equal(DomainStatus.Running(RunningReason.Booted), await d.GetStatusAsync(started, default));
        await host.WaitUntilReadyAsync("life", GuestTimeout);

        await d.SuspendAsync(started, default);
        Assert.Equal(DomainStatus.Paused(PausedReason.User), await d.GetStatusAsync(started, default));
        await d.ResumeAsync(started, default);
        Assert.Equal(DomainStatus.Running(RunningReason.Unpaused), await d.GetStatusAsync(started, default));

        await d.ShutdownAsync(started, default);
        using var timeout = new CancellationTokenSource(GuestTimeout);
        var final = await d.WaitForStopAsync(started, timeout.Token);
        Assert.Equal(DomainStatus.Shutoff(ShutoffReason.Shutdown), final);
        var after = await d.LookupByNameAsync("life", default);
        Assert.False(after.HasId);
    }

    [Fact]
    public async Task DestroyStopsARunningDomainAtOnce()
    {
        await using var host = await OpenAsync();
        var d = host.Driver;
        var domain = await d.StartAsync(await d.DefineAsync(await host.DomainXmlAsync("gone"), default), default);
        await d.DestroyAsync(domain, default);
        Assert.Equal(DomainStatus.Shutoff(ShutoffReason.Destroyed), await d.GetStatusAsync(domain, default));
        await Assert.ThrowsAsync<OperationInvalidException>(() => d.DestroyAsync(domain, default));
    }

    [Fact]
    public async Task StartingARunningDomainIsRefused()
    {
        await using var host = await OpenAsync();
        var d = host.Driver;
        var domain = await d.StartAsync(await d.DefineAsync(await host.DomainXmlAsync("twice"), default), default);
        var error = await Assert.ThrowsAsync<OperationInvalidException>(() => d.StartAsync(domain, default));
        Assert.Contains("already running", error.Message, StringComparison.Ordinal);
        await d.DestroyAsync(domain, default);
    }

    [Fact]
    public async Task CreatedDomainIsTransientAndVanishesWhenItStops()
    {
        await using var host = await OpenAsync();
        var d = host.Driver;
        var domain = await d.CreateAsync(await host.DomainXmlAsync("brief"), default);
        Assert.True(domain.HasId);
        Assert.False(await d.IsPersistentAsync(domain, default));
        var transient = await d.ListDomainsAsync(DomainListFilter.Transient, default);
        Assert.Contains(transient, s => s.Domain.Name == "brief");
        await d.DestroyAsync(domain, default);
        await Assert.ThrowsAsync<DomainNotFoundException>(() => d.LookupByNameAsync("brief", default));
    }

    [Fact]
    public async Task DomainsAreFoundByNameUuidAndId()
    {
        await using var host = await OpenAsync();
        var d = host.Driver;
        var domain = await d.StartAsync(await d.DefineAsync(await host.DomainXmlAsync("findme"), default), default);
        Assert.Equal(domain, await d.LookupByNameAsync("findme", default));
        Assert.Equal(domain, await d.LookupByUuidAsync(domain.Uuid, default));
        Assert.Equal(domain, await d.LookupByIdAsync(domain.Id, default));
        await d.DestroyAsync(domain, default);
        await Assert.ThrowsAsync<DomainNotFoundException>(() => d.LookupByIdAsync(domain.Id, default));
        await Assert.ThrowsAsync<DomainNotFoundException>(() => d.LookupByNameAsync("nobody", default));
    }

    [Fact]
    public async Task ListFiltersByActivityAndPersistence()
    {
        await using var host = await OpenAsync();
        var d = host.Driver;
        await d.DefineAsync(await host.DomainXmlAsync("idle"), default);
        var running = await d.StartAsync(await d.DefineAsync(await host.DomainXmlAsync("busy"), default), default);
        try
        {
            var names = async (DomainListFilter f) => (await d.ListDomainsAsync(f, default)).Select(s => s.Domain.Name).ToHashSet();
            Assert.Superset(new HashSet<string> { "idle", "busy" }, await names(DomainListFilter.All));
            Assert.Contains("busy", await names(DomainListFilter.Active));
            Assert.DoesNotContain("idle", await names(DomainListFilter.Active));
            Assert.Contains("idle", await names(DomainListFilter.Inactive));
            Assert.DoesNotContain("busy", await names(DomainListFilter.Inactive));
            Assert.DoesNotContain("busy", await names(DomainListFilter.Transient));
        }
        finally
        {
            await d.DestroyAsync(running, default);
        }
    }

    [Fact]
    public async Task UndefiningARunningDomainMakesItTransient()
    {
        await using var host = await OpenAsync();
        var d = host.Driver;
        var domain = await d.StartAsync(await d.DefineAsync(await host.DomainXmlAsync("fleeting"), default), default);
        await d.UndefineAsync(domain, default);
        Assert.False(await d.IsPersistentAsync(domain, default));
        await d.DestroyAsync(domain, default);
        await Assert.ThrowsAsync<DomainNotFoundException>(() => d.LookupByNameAsync("fleeting", default));
    }

    [Fact]
    public async Task AutostartFlagIsStored()
    {
        await using var host = await OpenAsync();
        var d = host.Driver;
        var domain = await d.DefineAsync(await host.DomainXmlAsync("auto"), default);
        Assert.False(await d.GetAutostartAsync(domain, default));
        await d.SetAutostartAsync(domain, true, default);
        Assert.True(await d.GetAutostartAsync(domain, default));
        await d.SetAutostartAsync(domain, false, default);
        Assert.False(await d.GetAutostartAsync(domain, default));
    }

    [Fact]
    public async Task InfoReportsMemoryVcpusAndState()
    {
        await using var host = await OpenAsync();
        var d = host.Driver;
        var domain = await d.DefineAsync(await host.DomainXmlAsync("facts"), default);
        var info = await d.GetInfoAsync(domain, default);
        Assert.Equal(DomainState.Shutoff, info.Status.State);
        Assert.Equal(256UL * 1024, info.MaxMemoryKiB);
        Assert.Equal(1, info.Vcpus);
    }

    [Fact]
    public async Task DumpxmlOfADefinedDomainDefinesToTheSameDomain()
    {
        await using var host = await OpenAsync();
        var d = host.Driver;
        var domain = await d.DefineAsync(await host.DomainXmlAsync("echo"), default);
        string first = await d.GetXmlAsync(domain, inactive: true, default);
        var again = await d.DefineAsync(first, default);
        Assert.Equal(domain, again);
        Assert.Equal(first, await d.GetXmlAsync(again, inactive: true, default));
    }

    [Fact]
    public async Task RedefiningANameWithAnotherUuidIsRefused()
    {
        await using var host = await OpenAsync();
        var d = host.Driver;
        string xml = await host.DomainXmlAsync("clash");
        await d.DefineAsync(xml, default);
        string other = xml.Replace("<name>clash</name>", $"<name>clash</name><uuid>{Guid.NewGuid()}</uuid>", StringComparison.Ordinal);
        await Assert.ThrowsAsync<StrataException>(() => d.DefineAsync(other, default));
    }
}
