namespace Strata.Domains;

/// <summary>A <c>&lt;cpu&gt;&lt;feature policy='…' name='…'/&gt;</c> flag.</summary>
/// <param name="Policy">One of <c>force</c>, <c>require</c>, <c>optional</c>, <c>disable</c>, <c>forbid</c>.</param>
/// <param name="Name">The CPU feature flag, as QEMU names it.</param>
public sealed record CpuFeature(string Policy, string Name);
