using Strata.Environments.State;

namespace Strata.Environments.Machines;

/// <summary>What a machine is now: its remembered state and, once created, its domain's status.</summary>
/// <param name="Machine">The machine's name.</param>
/// <param name="State">Its <c>machine.json</c>, or null when never created.</param>
/// <param name="Domain">Its domain's status, or null when there is no domain.</param>
/// <param name="InFile">False for a machine removed from <c>strata.yaml</c> that still has a domain.</param>
public sealed record MachineStatus(string Machine, MachineState? State, DomainStatus? Domain, bool InFile)
{
    /// <summary>A machine with no domain: never created, or destroyed.</summary>
    public const string NotCreatedText = "not created";

    public bool IsCreated => Domain is not null;

    public bool IsActive => Domain is { IsActive: true };

    public bool IsRunning => Domain is { State: DomainState.Running };

    /// <summary>The state as <c>status</c> prints it: the domain's words (<c>running</c>, <c>shut off</c>, …) or <c>not created</c>.</summary>
    public string Text => Domain?.StateText ?? NotCreatedText;
}
