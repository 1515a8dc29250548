using Strata.Domains;

namespace Strata.Drivers.Qemu;

/// <summary>
/// A live change that QEMU took in part before it failed (two vCPUs asked for, one plugged): <see cref="Live"/> is what
/// the running domain has now, for its live definition; the reason is what the caller is told.
/// </summary>
internal sealed class PartialLiveChangeException(DomainDefinition live, Exception reason) : Exception(reason.Message, reason)
{
    public DomainDefinition Live { get; } = live;
}
