namespace Strata.Drivers.Qemu.Qmp;

/// <summary>What <c>query-status</c> reports: QEMU's run state ("running", "paused", "shutdown", "prelaunch", "guest-panicked", …).</summary>
public sealed record QmpStatus(string Status, bool Running);
