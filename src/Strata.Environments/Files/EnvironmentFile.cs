namespace Strata.Environments.Files;

/// <summary>A parsed <c>strata.yaml</c>: the machines of one environment, with the defaults already applied.</summary>
/// <param name="Path">The file's full path.</param>
/// <param name="Machines">The machines, in the file's order.</param>
public sealed record EnvironmentFile(string Path, IReadOnlyList<MachineConfig> Machines)
{
    /// <summary>The file's name in the project folder, as Vagrant's <c>Vagrantfile</c>.</summary>
    public const string FileName = "strata.yaml";

    /// <summary>The machine called <paramref name="name"/>, or null.</summary>
    public MachineConfig? Find(string name) => Machines.FirstOrDefault(m => m.Name == name);
}
