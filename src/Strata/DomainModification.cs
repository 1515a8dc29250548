namespace Strata;

/// <summary>
/// Which of a domain's definitions a change applies to (libvirt's <c>virDomainModificationImpact</c>): the running
/// domain, the persistent definition its next start uses, or both. <see cref="Current"/> means the live one while it
/// runs and the persistent one otherwise.
/// </summary>
[Flags]
public enum DomainModification : uint
{
    /// <summary>The running domain while it runs, its persistent definition otherwise.</summary>
    Current = 0,

    /// <summary>The running domain (an error when it does not run).</summary>
    Live = 1,

    /// <summary>The persistent definition, for the next start (an error for a transient domain).</summary>
    Config = 2,
}
