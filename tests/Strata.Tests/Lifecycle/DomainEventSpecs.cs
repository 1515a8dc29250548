using Strata.Drivers.Test;
using Strata.Tests.Support;

namespace Strata.Tests.Lifecycle;

/// <summary>Lifecycle events reach subscribers in the order things happen, on both drivers.</summary>
public sealed class DomainEventSpecs
{
    private static async Task<List<DomainEventType>> RecordAsync(IDriver driver, string xml)
    {
        var seen = new List<DomainEventType>();
        driver.DomainEventRaised += (_, e) =>
        {
            lock (seen)
                seen.Add(e.Type);
        };
        var domain = await driver.DefineAsync(xml, default);
        domain = await driver.StartAsync(domain, default);
        await driver.SuspendAsync(domain, default);
        await driver.ResumeAsync(domain, default);
        await driver.DestroyAsync(domain, default);
        await driver.UndefineAsync(domain, default);
        lock (seen)
            return [.. seen];
    }

    private static readonly DomainEventType[] Expected =
    [
        DomainEventType.Defined, DomainEventType.Started, DomainEventType.Suspended,
        DomainEventType.Resumed, DomainEventType.Stopped, DomainEventType.Undefined,
    ];

    [Fact]
    public async Task TheTestDriverRaisesLifecycleEventsInOrder()
    {
        await using var driver = TestDriver.CreateDefault();
        var xml = "<domain type='qemu'><name>ev</name><memory>65536</memory><os><type arch='x86_64'>hvm</type></os></domain>";
        Assert.Equal(Expected, await RecordAsync(driver, xml));
    }

    [Fact]
    [Trait("Category", "Qemu")]
    public async Task TheQemuDriverRaisesLifecycleEventsInOrder()
    {
        await using var scope = QemuScope.Create();
        var guest = await TinyGuest.GetAsync();
        Assert.Equal(Expected, await RecordAsync(scope.Driver, guest.DomainXml("ev", scope.File("ev.serial"))));
    }
}
