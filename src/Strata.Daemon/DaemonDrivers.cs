using Strata.Drivers.Qemu;
using Strata.Drivers.Test;

namespace Strata.Daemon;

/// <summary>
/// The drivers stratad hosts, one instance each, shared by every client (so every client sees every other's
/// events): QEMU for this daemon's mode (system or session), and the in-memory test driver.
/// </summary>
internal sealed class DaemonDrivers(DaemonOptions options) : IAsyncDisposable
{
    private readonly Lazy<TestDriver> _test = new(TestDriver.CreateDefault);

    public QemuDriver Qemu { get; } = new(ConnectionUri.Parse(options.QemuUri),
        options.System ? StatePaths.ForSystem("qemu") : StatePaths.ForSession("qemu"));

    /// <summary>The driver for a URI a client asked for (null: this daemon's QEMU), and the URI it is known by.</summary>
    public (IDriver Driver, string Uri) Open(string? name)
    {
        var uri = ConnectionUri.Parse(string.IsNullOrEmpty(name) ? options.QemuUri : name);
        return (uri.Driver, uri.Path) switch
        {
            ("qemu", _) when uri.Path == ConnectionUri.Parse(options.QemuUri).Path => (Qemu, options.QemuUri),
            ("qemu", _) => throw new ConnectionException($"this stratad serves {options.QemuUri}, not {uri.Text}"),
            ("test", "/default") => (_test.Value, "test:///default"),
            _ => throw new ConnectionException($"no connection driver available for {uri.Text}"),
        };
    }

    public async ValueTask DisposeAsync()
    {
        await Qemu.DisposeAsync().ConfigureAwait(false);
        if (_test.IsValueCreated)
            await _test.Value.DisposeAsync().ConfigureAwait(false);
    }
}
