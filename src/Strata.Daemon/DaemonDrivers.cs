using Strata.Drivers.Qemu;
using Strata.Drivers.Test;

namespace Strata.Daemon;

/// <summary>
/// The drivers stratad hosts, one instance per URI, shared by every client (so each sees the others' events):
/// qemu:///system (when run as root), qemu:///session (the daemon user's own), and the in-memory test driver.
/// </summary>
internal sealed class DaemonDrivers(DaemonOptions options, CancellationToken stopping) : IAsyncDisposable
{
    private readonly Lazy<TestDriver> _test = new(TestDriver.CreateDefault);
    private readonly Lazy<QemuDriver> _system = new(() => Watched(new QemuDriver(ConnectionUri.Parse("qemu:///system"), StatePaths.ForSystem("qemu")), stopping));
    private readonly Lazy<QemuDriver> _session = new(() => Watched(new QemuDriver(ConnectionUri.Parse("qemu:///session"), StatePaths.ForSession("qemu")), stopping));

    /// <summary>A QEMU driver whose running domains stratad watches from the moment it is opened.</summary>
    private static QemuDriver Watched(QemuDriver driver, CancellationToken stopping)
    {
        // The driver's index watches these directories for changes; one that is missing is looked for again at
        // every call (a path lookup per lookup, list or state query), so a long-lived daemon makes them at once.
        try
        {
            foreach (string directory in (string[])[driver.Paths.DomainsDir, driver.Paths.RunDir, driver.Paths.AutostartDir])
                Directory.CreateDirectory(directory);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            Log.Warn($"could not make the state directories of {driver.Uri}: {error.Message}");
        }
        _ = new DomainWatcher(driver, stopping).StartAsync();
        return driver;
    }

    /// <summary>The QEMU driver a client gets when it names no URI: system for a root daemon, else session.</summary>
    public QemuDriver Qemu => options.System ? _system.Value : _session.Value;

    /// <summary>The driver for a URI a client asked for (null or empty: <see cref="Qemu"/>), and the URI it is known by.</summary>
    public (IDriver Driver, string Uri) Open(string? name)
    {
        var uri = ConnectionUri.Parse(string.IsNullOrEmpty(name) ? options.QemuUri : name);
        return (uri.Driver, uri.Path) switch
        {
            ("qemu", "/system") when options.System => (_system.Value, "qemu:///system"),
            ("qemu", "/system") => throw new ConnectionException("this stratad serves qemu:///session: qemu:///system needs a system stratad (root, without --session)"),
            ("qemu", "/session") => (_session.Value, "qemu:///session"),
            ("test", "/default") => (_test.Value, "test:///default"),
            _ => throw new ConnectionException($"no connection driver available for {uri.Text}"),
        };
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var driver in new Lazy<QemuDriver>[] { _system, _session }.Where(d => d.IsValueCreated))
            await driver.Value.DisposeAsync().ConfigureAwait(false);
        if (_test.IsValueCreated)
            await _test.Value.DisposeAsync().ConfigureAwait(false);
    }
}
