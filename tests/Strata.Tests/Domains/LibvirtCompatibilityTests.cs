using System.Diagnostics;
using Strata.Domains;
using Strata.Tests.CommandLine;

namespace Strata.Tests.Domains;

/// <summary>
/// Feeds Strata's output to real libvirt (virsh with the in-memory test driver): libvirt must accept it and dump it
/// back unchanged, so Strata's XML is also libvirt's fixpoint.
/// </summary>
[Trait("Category", "Libvirt")]
public class LibvirtCompatibilityTests
{
    private const string Virsh = "virsh";

    public static IEnumerable<object[]> Files() =>
        ConformanceCorpus.Files("supported")
            .Select(f => new object[] { ConformanceCorpus.Resolve((string)f[0]) })
            .Concat(Directory.GetFiles(GoldenArgv.Folder, "*.xml").Order(StringComparer.Ordinal).Select(f => new object[] { f }))
            .Select(f => new object[] { Path.GetRelativePath(Support.RepoRoot.Path, (string)f[0]) });

    [Theory]
    [MemberData(nameof(Files))]
    public async Task LibvirtDumpsStrataOutputUnchanged(string file)
    {
        Assert.True(OnPath(Virsh), $"{Virsh} is not installed (tools/setup installs libvirt-clients)");
        DomainDefinition definition = DomainXml.Parse(File.ReadAllText(Path.Combine(Support.RepoRoot.Path, file)));
        string ours = DomainXml.Format(definition);
        string path = Path.Combine(Path.GetTempPath(), $"strata-virsh-{Guid.NewGuid():N}.xml");
        try
        {
            await File.WriteAllTextAsync(path, ours);

            string dumped = await DefineAndDump(path, definition.Name);

            // The test driver gives user-mode interfaces a made-up host device name; the QEMU driver does not.
            string theirs = string.Join('\n', dumped.Split('\n').Where(line => !line.Contains("<target dev='testnet", StringComparison.Ordinal)));
            Assert.Equal(ours, theirs);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<string> DefineAndDump(string path, string name)
    {
        var start = new ProcessStartInfo(Virsh)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // One invocation: the test driver's state lives only as long as the connection.
        foreach (string argument in new[] { "-q", "-c", "test:///default", $"define {path}; dumpxml {name}" })
        {
            start.ArgumentList.Add(argument);
        }
        using Process virsh = Process.Start(start)!;
        string output = await virsh.StandardOutput.ReadToEndAsync();
        string error = await virsh.StandardError.ReadToEndAsync();
        await virsh.WaitForExitAsync();
        Assert.True(virsh.ExitCode == 0, $"virsh failed: {error}");
        // virsh prints a blank line after the document.
        return output.TrimEnd('\n') + "\n";
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, program)));
}
