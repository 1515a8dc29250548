namespace Strata;

/// <summary>
/// One statistic of the host, as libvirt's node statistics name them: CPU time in nanoseconds (<c>kernel</c>,
/// <c>user</c>, <c>idle</c>, <c>iowait</c>) or memory in KiB (<c>total</c>, <c>free</c>, <c>buffers</c>, <c>cached</c>).
/// </summary>
public sealed record NodeStat(string Field, ulong Value);
