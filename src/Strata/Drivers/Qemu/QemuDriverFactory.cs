namespace Strata.Drivers.Qemu;

/// <summary>Opens the QEMU driver for <c>qemu:///system</c> (root; /var/lib/strata, /run/strata) and <c>qemu:///session</c> (XDG dirs).</summary>
public sealed class QemuDriverFactory : IDriverFactory
{
    public string Scheme => "qemu";

    public Task<IDriver> OpenAsync(ConnectionUri uri, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (uri.Transport is not null || uri.Host.Length > 0)
            throw new ConnectionException($"no connection driver available for {uri.Text}: remote transports are not supported yet");
        StatePaths paths = uri.Path switch
        {
            "/system" when Environment.UserName != "root" =>
                throw new ConnectionException($"qemu:///system needs root; use qemu:///session for your own guests"),
            "/system" => StatePaths.ForSystem("qemu"),
            "/session" => StatePaths.ForSession("qemu"),
            _ => throw new ConnectionException($"unexpected QEMU URI path '{uri.Path}', try qemu:///system or qemu:///session"),
        };
        return Task.FromResult<IDriver>(new QemuDriver(uri, paths));
    }
}
