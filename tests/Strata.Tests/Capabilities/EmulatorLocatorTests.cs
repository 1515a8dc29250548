using Strata.Drivers.Qemu.Capabilities;

namespace Strata.Tests.Capabilities;

public class EmulatorLocatorTests
{
    [Fact]
    public void ARequestedBinaryThatIsMissingIsAClearError()
    {
        var error = Assert.Throws<StrataException>(() => EmulatorLocator.Find("/nonexistent/qemu-system-x86_64"));
        Assert.Contains("/nonexistent/qemu-system-x86_64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheFirstExecutableOnPathWins()
    {
        using var first = new TempDir();
        using var second = new TempDir();
        File.WriteAllText(Path.Combine(first.Path, EmulatorLocator.BinaryName), "not executable");
        string wanted = second.Script(EmulatorLocator.BinaryName, "exit 0");
        string found = EmulatorLocator.Find(null, $"relative/dir:{first.Path}:{second.Path}", []);
        Assert.Equal(wanted, found);
    }

    [Fact]
    public void FallbacksAreTriedAfterPath()
    {
        using var dir = new TempDir();
        string fallback = dir.Script("qemu-kvm", "exit 0");
        Assert.Equal(fallback, EmulatorLocator.Find(null, "", ["/nonexistent/qemu", fallback]));
    }

    [Fact]
    public void NoEmulatorAnywhereSaysWhatToInstall()
    {
        var error = Assert.Throws<StrataException>(() => EmulatorLocator.Find(null, "/nonexistent", ["/nonexistent/qemu"]));
        Assert.StartsWith("no QEMU emulator found: install qemu-system-x86", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Qemu")]
    public void ThisHostHasOne() => Assert.True(File.Exists(EmulatorLocator.Find(null)));
}
