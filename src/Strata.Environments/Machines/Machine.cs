using Strata.Environments.Files;
using Strata.Environments.Ssh;
using Strata.Environments.State;

namespace Strata.Environments.Machines;

/// <summary>
/// One machine of an environment: its entry in <c>strata.yaml</c>, its remembered state in <c>.strata/</c>, and
/// its Strata domain. The verbs live in partial files by concern (up, halt, snapshots); the project runs them for
/// several machines in parallel.
/// </summary>
public sealed partial class Machine
{
    private readonly Project _project;
    private MachineState? _state;

    internal Machine(Project project, string name, MachineConfig? config)
    {
        _project = project;
        Name = name;
        Config = config;
        _state = project.State.ReadMachine(name);
    }

    /// <summary>The machine's name in the environment.</summary>
    public string Name { get; }

    /// <summary>Its entry in <c>strata.yaml</c>, or null for a machine removed from the file that still exists.</summary>
    public MachineConfig? Config { get; }

    /// <summary>What <c>.strata/</c> remembers, or null when it has never been created.</summary>
    public MachineState? State => _state;

    /// <summary>The machine's folder under <c>.strata/machines</c>.</summary>
    public string Directory => _project.State.MachineDirectory(Name);

    /// <summary>How to reach it over ssh, or null before its first <c>up</c>.</summary>
    public SshEndpoint? Endpoint => _state is { } state
        ? new SshEndpoint(SshEndpoint.Loopback, state.SshPort, state.SshUser, _project.State.PrivateKeyPath)
        : null;

    /// <summary>Its status from the state file and the driver; boots nothing.</summary>
    public async Task<MachineStatus> GetStatusAsync(CancellationToken cancellationToken)
    {
        var domain = await FindDomainAsync(cancellationToken).ConfigureAwait(false);
        DomainStatus? status = domain is null
            ? null
            : await (await _project.DriverAsync(cancellationToken).ConfigureAwait(false)).GetStatusAsync(domain, cancellationToken).ConfigureAwait(false);
        return new MachineStatus(Name, _state, status, Config is not null);
    }

    /// <summary>The machine's domain, or null when it has none (never created, destroyed, or undefined behind our back).</summary>
    internal async Task<DomainRef?> FindDomainAsync(CancellationToken cancellationToken)
    {
        if (_state is null)
            return null;
        var driver = await _project.DriverAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await driver.LookupByNameAsync(_state.Domain, cancellationToken).ConfigureAwait(false);
        }
        catch (DomainNotFoundException)
        {
            return null;
        }
    }

    internal MachineConfig RequireConfig() =>
        Config ?? throw new EnvironmentException($"machine '{Name}' is no longer in {EnvironmentFile.FileName}: only 'destroy' applies to it");

    private async Task SaveAsync(MachineState state, CancellationToken cancellationToken)
    {
        await _project.State.WriteMachineAsync(Name, state, cancellationToken).ConfigureAwait(false);
        _state = state;
    }

    private async Task<IDriver> DriverAsync(CancellationToken cancellationToken) =>
        await _project.DriverAsync(cancellationToken).ConfigureAwait(false);
}
