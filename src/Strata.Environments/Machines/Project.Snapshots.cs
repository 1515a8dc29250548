using System.Text.RegularExpressions;
using Strata.Images;

namespace Strata.Environments.Machines;

public sealed partial class Project
{
    /// <summary>
    /// <c>snapshot save</c>: the disk state of every created machine under one name. Disk snapshots need a halted
    /// machine, so running machines are halted first and booted again afterwards (Vagrant never refuses a snapshot).
    /// </summary>
    public async Task SnapshotSaveAsync(string name, IEnvironmentReporter reporter, CancellationToken cancellationToken)
    {
        CheckSnapshotName(name);
        using var held = await LockAsync(cancellationToken).ConfigureAwait(false);
        var machines = await CreatedMachinesAsync(cancellationToken).ConfigureAwait(false);
        foreach (var machine in machines)
        {
            if ((await machine.ListSnapshotsAsync(cancellationToken).ConfigureAwait(false)).Any(s => s.Name == name))
                throw new EnvironmentException($"machine '{machine.Name}' already has a snapshot '{name}': delete it first ('strata env snapshot delete {name}')");
        }
        await WithMachinesHaltedAsync(machines, "a disk snapshot", reporter, cancellationToken, async machine =>
        {
            await machine.SaveSnapshotAsync(name, cancellationToken).ConfigureAwait(false);
            reporter.Message(machine.Name, $"snapshot '{name}' saved");
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>snapshot restore</c>: every created machine's disk back to the snapshot. Running machines are forced off
    /// (their current state is being thrown away) and booted again unless <paramref name="start"/> is false.
    /// </summary>
    public async Task SnapshotRestoreAsync(string name, bool start, IEnvironmentReporter reporter, CancellationToken cancellationToken)
    {
        CheckSnapshotName(name);
        using var held = await LockAsync(cancellationToken).ConfigureAwait(false);
        var machines = await CreatedMachinesAsync(cancellationToken).ConfigureAwait(false);
        var lacking = new List<string>();
        foreach (var machine in machines)
        {
            if (!(await machine.ListSnapshotsAsync(cancellationToken).ConfigureAwait(false)).Any(s => s.Name == name))
                lacking.Add(machine.Name);
        }
        if (lacking.Count > 0)
            throw new EnvironmentException($"no snapshot '{name}' on {string.Join(", ", lacking.Select(m => $"'{m}'"))}: nothing was restored");
        var running = await ActiveAsync(machines, cancellationToken).ConfigureAwait(false);
        await RunEachAsync(running, m => m.HaltAsync(force: true, reporter, cancellationToken), reporter, cancellationToken).ConfigureAwait(false);
        await RunEachAsync(machines, async machine =>
        {
            await machine.RestoreSnapshotAsync(name, cancellationToken).ConfigureAwait(false);
            reporter.Message(machine.Name, $"restored snapshot '{name}'");
        }, reporter, cancellationToken).ConfigureAwait(false);
        if (start && running.Count > 0)
            await UpLockedAsync(running, ProvisionMode.Skip, reporter, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>snapshot delete</c>: removes the snapshot from every machine that has it (halting running ones meanwhile).</summary>
    public async Task SnapshotDeleteAsync(string name, IEnvironmentReporter reporter, CancellationToken cancellationToken)
    {
        CheckSnapshotName(name);
        using var held = await LockAsync(cancellationToken).ConfigureAwait(false);
        var having = new List<Machine>();
        foreach (var machine in await CreatedMachinesAsync(cancellationToken).ConfigureAwait(false))
        {
            if ((await machine.ListSnapshotsAsync(cancellationToken).ConfigureAwait(false)).Any(s => s.Name == name))
                having.Add(machine);
        }
        if (having.Count == 0)
            throw new EnvironmentException($"no machine has a snapshot '{name}'");
        await WithMachinesHaltedAsync(having, "deleting a disk snapshot", reporter, cancellationToken, async machine =>
        {
            await machine.DeleteSnapshotAsync(name, cancellationToken).ConfigureAwait(false);
            reporter.Message(machine.Name, $"snapshot '{name}' deleted");
        }).ConfigureAwait(false);
    }

    /// <summary><c>snapshot list</c>: each created machine with its snapshots.</summary>
    public async Task<IReadOnlyList<(Machine Machine, IReadOnlyList<ImageSnapshot> Snapshots)>> SnapshotListAsync(CancellationToken cancellationToken)
    {
        var result = new List<(Machine, IReadOnlyList<ImageSnapshot>)>();
        foreach (var machine in await CreatedMachinesAsync(cancellationToken).ConfigureAwait(false))
            result.Add((machine, await machine.ListSnapshotsAsync(cancellationToken).ConfigureAwait(false)));
        return result;
    }

    private async Task WithMachinesHaltedAsync(IReadOnlyList<Machine> machines, string why, IEnvironmentReporter reporter,
        CancellationToken cancellationToken, Func<Machine, Task> action)
    {
        var running = await ActiveAsync(machines, cancellationToken).ConfigureAwait(false);
        foreach (var machine in running)
            reporter.Message(machine.Name, $"halting for {why} (a running machine's disk is QEMU's); it boots again afterwards");
        await RunEachAsync(running, m => m.HaltAsync(force: false, reporter, cancellationToken), reporter, cancellationToken).ConfigureAwait(false);
        await RunEachAsync(machines, action, reporter, cancellationToken).ConfigureAwait(false);
        if (running.Count > 0)
            await UpLockedAsync(running, ProvisionMode.Skip, reporter, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<Machine>> CreatedMachinesAsync(CancellationToken cancellationToken)
    {
        var created = new List<Machine>();
        foreach (var machine in Machines)
        {
            if (await machine.FindDomainAsync(cancellationToken).ConfigureAwait(false) is not null)
                created.Add(machine);
        }
        return created.Count > 0 ? created : throw new EnvironmentException("no machine of this environment has been created yet: run 'strata env up' first");
    }

    private static async Task<IReadOnlyList<Machine>> ActiveAsync(IReadOnlyList<Machine> machines, CancellationToken cancellationToken)
    {
        var active = new List<Machine>();
        foreach (var machine in machines)
        {
            if ((await machine.GetStatusAsync(cancellationToken).ConfigureAwait(false)).IsActive)
                active.Add(machine);
        }
        return active;
    }

    private static void CheckSnapshotName(string name)
    {
        if (!SnapshotName().IsMatch(name))
            throw new EnvironmentException($"snapshot name '{name}' is not allowed: use letters, digits, '.', '-' and '_' (at most 64)");
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex SnapshotName();
}
