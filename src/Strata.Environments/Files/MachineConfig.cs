namespace Strata.Environments.Files;

/// <summary>One machine as <c>strata.yaml</c> describes it, with the <c>defaults</c> section merged in.</summary>
/// <param name="Name">The machine's name in the environment (<c>web</c>).</param>
/// <param name="Box">The box it is made from.</param>
/// <param name="Cpus">Virtual CPUs.</param>
/// <param name="MemoryMiB">Memory in MiB.</param>
/// <param name="Hostname">The guest's hostname.</param>
/// <param name="Primary">True for the machine <c>ssh</c> picks when no name is given.</param>
/// <param name="Ports">Forwarded ports (the ssh port is added by the environment).</param>
/// <param name="Provisioners">Provisioners, defaults' first, in order.</param>
/// <param name="SyncedFolder">The folder copied into the guest on <c>up</c> and <c>reload</c>, or null.</param>
/// <param name="Environment">Variables every provisioner of this machine sees.</param>
/// <param name="Line">The line of the machine's entry, for messages.</param>
public sealed record MachineConfig(
    string Name,
    string Box,
    int Cpus,
    long MemoryMiB,
    string Hostname,
    bool Primary,
    IReadOnlyList<ForwardedPortConfig> Ports,
    IReadOnlyList<ProvisionerConfig> Provisioners,
    SyncedFolderConfig? SyncedFolder,
    IReadOnlyDictionary<string, string> Environment,
    int Line);

/// <summary>A forwarded port: <paramref name="Host"/> (null: chosen at <c>up</c>) on 127.0.0.1 reaches <paramref name="Guest"/>.</summary>
/// <param name="Guest">The guest's port.</param>
/// <param name="Host">The host's port, or null to choose a free one.</param>
/// <param name="Protocol"><c>tcp</c> or <c>udp</c>.</param>
/// <param name="AutoCorrect">When the host port is taken at <c>up</c>, move to a free one (as Vagrant's <c>auto_correct</c>) rather than fail.</param>
public sealed record ForwardedPortConfig(int Guest, int? Host, string Protocol, bool AutoCorrect);

/// <summary>A folder of the project copied into the guest with rsync over ssh (Vagrant's rsync synced folder).</summary>
/// <param name="Source">The host folder, full path.</param>
/// <param name="Destination">The guest folder (absolute).</param>
/// <param name="Exclude">rsync exclude patterns (<c>.strata/</c> is always excluded).</param>
public sealed record SyncedFolderConfig(string Source, string Destination, IReadOnlyList<string> Exclude);
