using Strata.Tests.Support;

namespace Strata.Tests.Lifecycle;

/// <summary>The lifecycle specs on the QEMU driver, booting the real tiny guest under TCG.</summary>
[Trait("Category", "Qemu")]
public sealed class QemuDriverLifecycle : LifecycleSpecs
{
    protected override async Task<ILifecycleHost> OpenAsync() => new Host(QemuScope.Create(), await TinyGuest.GetAsync());

    private sealed class Host(QemuScope scope, TinyGuest guest) : ILifecycleHost
    {
        public IDriver Driver => scope.Driver;

        public Task<string> DomainXmlAsync(string name) => Task.FromResult(guest.DomainXml(name, SerialLog(name)));

        public Task WaitUntilReadyAsync(string name, TimeSpan timeout) => QemuScope.WaitForTextAsync(SerialLog(name), TinyGuest.ReadyLine, timeout);

        private string SerialLog(string name) => scope.File(name + ".serial");

        public ValueTask DisposeAsync() => scope.DisposeAsync();
    }
}
