using Strata.Environments.Guests;

namespace Strata.Environments.Machines;

public sealed partial class Project
{
    /// <summary>The status of every machine, from the state files and the driver; boots nothing.</summary>
    public async Task<IReadOnlyList<MachineStatus>> StatusAsync(CancellationToken cancellationToken)
    {
        var statuses = new List<MachineStatus>(Machines.Count);
        foreach (var machine in Machines)
            statuses.Add(await machine.GetStatusAsync(cancellationToken).ConfigureAwait(false));
        return statuses;
    }

    /// <summary><c>up</c>: creates and boots the machines that are not running, in parallel, then ssh, sync and provisioners.</summary>
    public async Task UpAsync(IReadOnlyList<Machine> machines, ProvisionMode mode, IEnvironmentReporter reporter, CancellationToken cancellationToken)
    {
        using var held = await PrepareToBootAsync(machines, cancellationToken).ConfigureAwait(false);
        await UpLockedAsync(machines, mode, reporter, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>halt</c>: the ACPI power button, forced after a timeout (at once with <paramref name="force"/>).</summary>
    public async Task HaltAsync(IReadOnlyList<Machine> machines, bool force, IEnvironmentReporter reporter, CancellationToken cancellationToken)
    {
        using var held = await LockIfCreatedAsync(cancellationToken).ConfigureAwait(false);
        await RunEachAsync(machines, m => m.HaltAsync(force, reporter, cancellationToken), reporter, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>reload</c>: halt, then up (the synced folder is copied again; provisioners as <paramref name="mode"/> says).</summary>
    public async Task ReloadAsync(IReadOnlyList<Machine> machines, ProvisionMode mode, IEnvironmentReporter reporter, CancellationToken cancellationToken)
    {
        using var held = await PrepareToBootAsync(machines, cancellationToken).ConfigureAwait(false);
        await RunEachAsync(machines, m => m.HaltAsync(force: false, reporter, cancellationToken), reporter, cancellationToken).ConfigureAwait(false);
        await UpLockedAsync(machines, mode, reporter, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>provision</c>: runs every provisioner again on the running machines.</summary>
    public async Task ProvisionAsync(IReadOnlyList<Machine> machines, IEnvironmentReporter reporter, CancellationToken cancellationToken)
    {
        using var held = await LockIfCreatedAsync(cancellationToken).ConfigureAwait(false);
        await RunEachAsync(machines, m => m.ProvisionAsync(reporter, cancellationToken), reporter, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>suspend</c>: pauses the running machines.</summary>
    public async Task SuspendAsync(IReadOnlyList<Machine> machines, IEnvironmentReporter reporter, CancellationToken cancellationToken)
    {
        using var held = await LockIfCreatedAsync(cancellationToken).ConfigureAwait(false);
        await RunEachAsync(machines, m => m.SuspendAsync(reporter, cancellationToken), reporter, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>resume</c>: lets suspended machines run on.</summary>
    public async Task ResumeAsync(IReadOnlyList<Machine> machines, IEnvironmentReporter reporter, CancellationToken cancellationToken)
    {
        using var held = await LockIfCreatedAsync(cancellationToken).ConfigureAwait(false);
        await RunEachAsync(machines, m => m.ResumeAsync(reporter, cancellationToken), reporter, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>destroy</c>: stops the machines, removes their domains, disks and state; once no machine is left, the
    /// environment's <c>.strata/</c> (keys included) and its entry in the host's index go too.
    /// </summary>
    public async Task DestroyAsync(IReadOnlyList<Machine> machines, IEnvironmentReporter reporter, CancellationToken cancellationToken)
    {
        using (await LockIfCreatedAsync(cancellationToken).ConfigureAwait(false))
            await RunEachAsync(machines, m => m.DestroyAsync(reporter, cancellationToken), reporter, cancellationToken).ConfigureAwait(false);
        if (State.KnownMachines().Count == 0)
        {
            State.DeleteAll();
            await Index.RemoveAsync(Directory, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task UpLockedAsync(IReadOnlyList<Machine> machines, ProvisionMode mode, IEnvironmentReporter reporter, CancellationToken cancellationToken)
    {
        var ports = await PlanPortsAsync(machines, reporter, cancellationToken).ConfigureAwait(false);
        await RunEachAsync(machines, m => m.UpAsync(ports[m], mode, reporter, cancellationToken), reporter, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Host ports for the machines about to boot; running machines keep theirs, and nobody takes another machine's.</summary>
    private async Task<Dictionary<Machine, IReadOnlyList<GuestPort>>> PlanPortsAsync(IReadOnlyList<Machine> machines, IEnvironmentReporter reporter, CancellationToken cancellationToken)
    {
        var booting = new List<Machine>();
        var result = new Dictionary<Machine, IReadOnlyList<GuestPort>>();
        foreach (var machine in machines)
        {
            if ((await machine.GetStatusAsync(cancellationToken).ConfigureAwait(false)).IsActive)
                result[machine] = machine.State!.Ports;
            else
                booting.Add(machine);
        }
        var planner = new PortPlanner(Machines.Except(booting).SelectMany(m => m.State?.Ports ?? []));
        foreach (var machine in booting)
            result[machine] = planner.Plan(machine.Config!, machine.State, text => reporter.Message(machine.Name, text));
        return result;
    }

    /// <summary>Checks that every machine is in the file, takes the lock, and records the environment; returns the lock.</summary>
    private async Task<IDisposable> PrepareToBootAsync(IReadOnlyList<Machine> machines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(machines);
        foreach (var machine in machines)
            machine.RequireConfig();
        System.IO.Directory.CreateDirectory(State.Root);
        var held = await LockAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await RecordAsync(cancellationToken).ConfigureAwait(false);
            return held;
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }

    /// <summary>Remembers the connection the machines live on and lists the project in the host's index.</summary>
    private async Task RecordAsync(CancellationToken cancellationToken)
    {
        if (State.ReadUri() is null)
        {
            await DriverAsync(cancellationToken).ConfigureAwait(false);
            await State.WriteUriAsync(_connection!.Uri.Text, cancellationToken).ConfigureAwait(false);
        }
        await Index.AddAsync(Directory, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The lock for a verb on existing machines; none when nothing was ever created (there is nothing to race on).</summary>
    private async Task<IDisposable?> LockIfCreatedAsync(CancellationToken cancellationToken) =>
        State.Exists ? await LockAsync(cancellationToken).ConfigureAwait(false) : null;
}
