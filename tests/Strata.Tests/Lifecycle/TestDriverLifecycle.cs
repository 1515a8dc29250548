using Strata.Drivers.Test;

namespace Strata.Tests.Lifecycle;

/// <summary>The lifecycle specs on the in-memory test driver.</summary>
public sealed class TestDriverLifecycle : LifecycleSpecs
{
    protected override Task<ILifecycleHost> OpenAsync() => Task.FromResult<ILifecycleHost>(new Host());

    private sealed class Host : ILifecycleHost
    {
        public IDriver Driver { get; } = TestDriver.CreateDefault();

        public Task<string> DomainXmlAsync(string name) => Task.FromResult($"""
            <domain type='qemu'>
              <name>{name}</name>
              <memory unit='MiB'>256</memory>
              <vcpu>1</vcpu>
              <os><type arch='x86_64' machine='pc'>hvm</type></os>
            </domain>
            """);

        public Task WaitUntilReadyAsync(string name, TimeSpan timeout) => Task.CompletedTask;

        public ValueTask DisposeAsync() => Driver.DisposeAsync();
    }

    [Fact]
    public async Task ItStartsWithLibvirtsRunningTestDomain()
    {
        await using var driver = TestDriver.CreateDefault();
        var test = await driver.LookupByNameAsync("test", default);
        Assert.Equal(1, test.Id);
        Assert.Equal(DomainState.Running, (await driver.GetStatusAsync(test, default)).State);
    }
}
