using System.Security.Cryptography;
using System.Text;
using Strata.Storage;

namespace Strata.Environments.State;

/// <summary>
/// The environment's own folder, <c>.strata/</c> in the project (as Vagrant's <c>.vagrant/</c>): the key pair, the
/// connection the machines live on, and one folder per machine with its disks and <c>machine.json</c>.
/// </summary>
public sealed class ProjectState
{
    /// <summary>The folder's name in the project.</summary>
    public const string FolderName = ".strata";

    private const string MachineFile = "machine.json";

    public ProjectState(string projectDirectory)
    {
        ProjectDirectory = Path.GetFullPath(projectDirectory);
        Root = Path.Combine(ProjectDirectory, FolderName);
        ShortId = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ProjectDirectory)))[..7];
    }

    public string ProjectDirectory { get; }

    /// <summary>The <c>.strata</c> folder.</summary>
    public string Root { get; }

    /// <summary>Seven hex digits derived from the project's path: names this environment in <c>global-status</c> and in domain names when needed.</summary>
    public string ShortId { get; }

    /// <summary>The environment's private key (its public half is <see cref="PublicKeyPath"/>).</summary>
    public string PrivateKeyPath => Path.Combine(Root, "id_ed25519");

    public string PublicKeyPath => PrivateKeyPath + ".pub";

    /// <summary>The connection URI the machines were defined on, remembered at the first <c>up</c>.</summary>
    public string UriPath => Path.Combine(Root, "uri");

    public bool Exists => Directory.Exists(Root);

    /// <summary>The machine's folder: its disks and its state file live here.</summary>
    public string MachineDirectory(string machine) => Path.Combine(Root, "machines", machine);

    /// <summary>The machine's remembered state, or null when it has never been created.</summary>
    public MachineState? ReadMachine(string machine)
    {
        string path = Path.Combine(MachineDirectory(machine), MachineFile);
        // A machine never brought up has no state file: asked first, because a thrown FileNotFoundException costs
        // about 0.2 ms in the AOT binary, on every status. The catch still covers a file removed in between.
        if (!File.Exists(path))
            return null;
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        return MachineState.FromJson(text, path);
    }

    public Task WriteMachineAsync(string machine, MachineState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        return AtomicFile.WriteAllTextAsync(Path.Combine(MachineDirectory(machine), MachineFile), state.ToJson(), cancellationToken);
    }

    /// <summary>Forgets a machine: its folder (disks and state) is deleted.</summary>
    public void DeleteMachine(string machine)
    {
        string directory = MachineDirectory(machine);
        if (Directory.Exists(directory))
            Directory.Delete(directory, recursive: true);
    }

    /// <summary>Machines with a folder under <c>.strata/machines</c>, in the file or not (a machine removed from the file still has a domain).</summary>
    public IReadOnlyList<string> KnownMachines()
    {
        string directory = Path.Combine(Root, "machines");
        return Directory.Exists(directory)
            ? [.. Directory.EnumerateDirectories(directory).Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal)]
            : [];
    }

    public string? ReadUri() => File.Exists(UriPath) ? File.ReadAllText(UriPath).Trim() : null;

    public Task WriteUriAsync(string uri, CancellationToken cancellationToken) =>
        AtomicFile.WriteAllTextAsync(UriPath, uri + "\n", cancellationToken);

    /// <summary>Removes <c>.strata/</c> once no machine is left: keys and all.</summary>
    public void DeleteAll()
    {
        if (Directory.Exists(Root))
            Directory.Delete(Root, recursive: true);
    }
}
