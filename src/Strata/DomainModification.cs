namespace Strata;

/// <summary>
/// Which of a domain's definitions a change applies to (libvirt's <c>virDomainModificationImpact</c>): the running
/// domain, the persistent definition its next start uses, or both. <see cref="Current"/> means the live one while it
/// runs and the persistent one otherwise.
/// </summary>
[Flags]
public enum DomainModification : uint
{
    Current = 0,
    Live = 1,
    Config = 2,
}
