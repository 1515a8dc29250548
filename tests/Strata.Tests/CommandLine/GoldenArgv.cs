using Strata.Domains;
using Strata.Drivers.Qemu.CommandLine;
using Strata.Tests.Domains;

namespace Strata.Tests.CommandLine;

/// <summary>The golden definitions (<c>golden/NAME.xml</c>) and their expected argv (<c>golden/NAME.args</c>, one argument per line).</summary>
internal static class GoldenArgv
{
    /// <summary>Set to 1 to rewrite the .args files from the current builder output.</summary>
    public const string UpdateVariable = "STRATA_UPDATE_GOLDEN";

    public static string Folder { get; } = Path.Combine(Support.RepoRoot.Path, "tests", "Strata.Tests", "CommandLine", "golden");

    public static IEnumerable<object[]> Names() =>
        Directory.GetFiles(Folder, "*.xml").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).Select(n => new object[] { n! });

    public static DomainDefinition Definition(string name) => DomainXml.Parse(File.ReadAllText(Path.Combine(Folder, name + ".xml")));

    /// <summary>The context the golden files were made with: a daemonized, sandboxed, paused start under TCG.</summary>
    public static QemuLaunchContext Context(string name) => new()
    {
        Accelerator = QemuAccelerator.Tcg,
        QmpSocketPath = $"/run/strata/qemu/{name}/qmp.sock",
        PidFilePath = $"/run/strata/qemu/{name}/qemu.pid",
        RuntimeDir = $"/run/strata/qemu/{name}",
        Daemonize = true,
        StartPaused = true,
        SandboxSupported = true,
        HostTscKHz = 2_300_000,
        CheckHostFiles = false,
    };
}
