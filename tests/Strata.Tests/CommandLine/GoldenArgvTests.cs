using Strata.Drivers.Qemu.CommandLine;

namespace Strata.Tests.CommandLine;

public class GoldenArgvTests
{
    public static IEnumerable<object[]> Names() => GoldenArgv.Names();

    [Theory]
    [MemberData(nameof(Names))]
    public void ArgvMatchesTheGoldenFile(string name)
    {
        string actual = QemuCommandLine.ToText(QemuCommandLine.Build(GoldenArgv.Definition(name), GoldenArgv.Context(name)));
        string goldenPath = Path.Combine(GoldenArgv.Folder, name + ".args");

        if (Environment.GetEnvironmentVariable(GoldenArgv.UpdateVariable) == "1")
        {
            File.WriteAllText(goldenPath, actual);
        }

        Assert.Equal(File.ReadAllText(goldenPath), actual);
    }

    [Fact]
    public void ThereAreGoldenFilesForPcQ35AndMicrovm()
    {
        var names = Names().Select(n => (string)n[0]).ToList();

        Assert.Contains("pc-minimal", names);
        Assert.Contains("q35-disks", names);
        Assert.Contains("microvm", names);
    }
}
