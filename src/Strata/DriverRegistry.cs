namespace Strata;

/// <summary>The drivers a connection can open, by URI scheme. A new driver adds one line here.</summary>
public sealed class DriverRegistry(IEnumerable<IDriverFactory> factories)
{
    private readonly Dictionary<string, IDriverFactory> _byScheme = factories.ToDictionary(f => f.Scheme, StringComparer.Ordinal);

    public static DriverRegistry Default { get; } = new([
        new Drivers.Qemu.QemuDriverFactory(),
        new Drivers.Test.TestDriverFactory(),
        new Drivers.Remote.RemoteDriverFactory(),
    ]);

    public IDriverFactory? Find(string scheme) => _byScheme.GetValueOrDefault(scheme);
}
