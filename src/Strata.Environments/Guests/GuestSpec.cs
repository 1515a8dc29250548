namespace Strata.Environments.Guests;

/// <summary>What one machine of an environment is: everything its disks and domain XML are made from.</summary>
/// <param name="DomainName">The Strata domain's name (<c>folder_machine</c>, unique per environment).</param>
/// <param name="Hostname">The guest's hostname.</param>
/// <param name="Cpus">Virtual CPUs.</param>
/// <param name="MemoryMiB">Memory in MiB.</param>
/// <param name="AuthorizedKey">The environment's public key line (<c>ssh-ed25519 AAAA… comment</c>).</param>
/// <param name="Ports">Forwarded ports, the ssh port among them.</param>
/// <param name="MachineDirectory">The machine's folder under the project's <c>.strata/</c>: its disks live here.</param>
public sealed record GuestSpec(
    string DomainName,
    string Hostname,
    int Cpus,
    long MemoryMiB,
    string AuthorizedKey,
    IReadOnlyList<GuestPort> Ports,
    string MachineDirectory);

/// <summary>A forwarded port: <paramref name="Host"/> on the host's loopback reaches <paramref name="Guest"/> in the guest.</summary>
/// <param name="Guest">The guest's port.</param>
/// <param name="Host">The host's port.</param>
/// <param name="Protocol"><c>tcp</c> or <c>udp</c>.</param>
public sealed record GuestPort(int Guest, int Host, string Protocol);

/// <summary>A machine's disks: its copy-on-write overlay on the box image, and a cloud-init seed when the box takes one.</summary>
public sealed record GuestDisks(string Root, string? Seed);
