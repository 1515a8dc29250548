namespace Strata.Tests.Support;

/// <summary>
/// A project folder for <c>strata env</c> in a private QEMU session, with a private box store whose <c>tiny</c> is
/// the shared test build (a link): <c>./strata env …</c> runs in the folder against this scope only.
/// </summary>
internal sealed class EnvironmentScope : IAsyncDisposable
{
    private EnvironmentScope(QemuScope qemu, string project, string boxes)
    {
        Qemu = qemu;
        Project = project;
        Boxes = boxes;
        Environment = new Dictionary<string, string>(qemu.Environment) { [Strata.Environments.Boxes.BoxStore.StoreVariable] = boxes };
    }

    public QemuScope Qemu { get; }

    /// <summary>The project folder (its name is the first half of the domains' names).</summary>
    public string Project { get; }

    public string Boxes { get; }

    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>A scope whose project folder is called <paramref name="folder"/>, with <paramref name="yaml"/> as its strata.yaml (when given).</summary>
    public static async Task<EnvironmentScope> CreateAsync(string folder, string? yaml, bool withTinyBox)
    {
        var qemu = QemuScope.Create();
        string project = Directory.CreateDirectory(qemu.File(folder)).FullName;
        string boxes = Directory.CreateDirectory(qemu.File("boxes")).FullName;
        if (withTinyBox)
        {
            await TestBoxes.TinyAsync();
            Directory.CreateSymbolicLink(Path.Combine(boxes, "tiny"), Path.Combine(TestBoxes.SharedRoot, "tiny"));
        }
        if (yaml is not null)
            await File.WriteAllTextAsync(Path.Combine(project, "strata.yaml"), yaml);
        return new EnvironmentScope(qemu, project, boxes);
    }

    /// <summary>Runs <c>./strata env ARGS</c> in the project folder.</summary>
    public Task<ProcessResult> EnvAsync(params string[] arguments) =>
        StrataCli.RunAsync(["env", .. arguments], Environment, Project);

    /// <summary>Runs <c>./strata ARGS</c> (virsh's verbs) against the scope's session.</summary>
    public Task<ProcessResult> StrataAsync(params string[] arguments) => StrataCli.RunAsync(arguments, Environment, Project);

    /// <summary>QEMU processes whose command line names this scope (its run dir or project): none should outlive a destroy.</summary>
    public IReadOnlyList<int> QemuProcesses()
    {
        var pids = new List<int>();
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid))
                continue;
            try
            {
                string cmdline = File.ReadAllText(Path.Combine(dir, "cmdline"));
                if (cmdline.StartsWith("qemu-system", StringComparison.Ordinal) || cmdline.Contains("/qemu-system", StringComparison.Ordinal))
                {
                    if (cmdline.Contains(Qemu.Root, StringComparison.Ordinal))
                        pids.Add(pid);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return pids;
    }

    public async ValueTask DisposeAsync()
    {
        // Whatever a failed test left: stop the machines through strata itself, then the scope kills any QEMU left.
        if (Directory.Exists(Path.Combine(Project, ".strata")))
            await EnvAsync("destroy", "-f");
        await Qemu.DisposeAsync();
    }
}
