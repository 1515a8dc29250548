namespace Strata.Drivers.Qemu;

/// <summary>Opens the QEMU driver for <c>qemu:///system</c> and <c>qemu:///session</c>.</summary>
public sealed class QemuDriverFactory : IDriverFactory
{
    public string Scheme => "qemu";

    public Task<IDriver> OpenAsync(ConnectionUri uri, CancellationToken cancellationToken) =>
        throw new ConnectionException("the QEMU driver is not built yet");
}
