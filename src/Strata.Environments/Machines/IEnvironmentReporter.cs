namespace Strata.Environments.Machines;

/// <summary>The steps of bringing a machine up, in order: what the progress display shows per machine.</summary>
public enum MachineStep { Box, Disk, Boot, Ssh, Sync, Provision, Halt }

/// <summary>
/// Where environment commands report what each machine is doing. Calls come from several machines at once (they
/// run in parallel), so an implementation must be thread-safe.
/// </summary>
public interface IEnvironmentReporter
{
    /// <summary>The machine began <paramref name="step"/>; <paramref name="detail"/> says on what (the box's name, the port, …).</summary>
    void Step(string machine, MachineStep step, string detail);

    /// <summary>Something worth a line of its own (<c>Fixed port collision …</c>).</summary>
    void Message(string machine, string text);

    /// <summary>A line a provisioner, rsync or the box builder printed.</summary>
    void Output(string machine, string line);

    /// <summary>The machine is done; <paramref name="summary"/> says how it ended (<c>running, ssh on 127.0.0.1:2200</c>).</summary>
    void Finished(string machine, string summary);

    /// <summary>The machine's command failed; the others go on.</summary>
    void Failed(string machine, string error);
}

/// <summary>Whether <c>up</c> and <c>reload</c> run the provisioners.</summary>
public enum ProvisionMode
{
    /// <summary>On a machine's first <c>up</c> only (and <c>run: always</c> ones every time), as Vagrant.</summary>
    Default,

    /// <summary><c>--provision</c>: run them all.</summary>
    Force,

    /// <summary><c>--no-provision</c>: run none.</summary>
    Skip,
}
