namespace Strata;

/// <summary>
/// A disk's I/O counters as <c>virsh domblkstat</c> shows them (libvirt's block stats parameters): operations, bytes
/// and total time in nanoseconds of reads, writes and flushes since the domain started.
/// </summary>
public sealed record BlockStats(
    long ReadOperations, long ReadBytes, long ReadTimeNs,
    long WriteOperations, long WriteBytes, long WriteTimeNs,
    long FlushOperations, long FlushTimeNs)
{
    /// <summary>The counters as libvirt's typed parameters, in the order libvirtd sends them.</summary>
    public IReadOnlyList<TypedParameter> ToParameters() =>
    [
        TypedParameter.LLong("wr_bytes", WriteBytes),
        TypedParameter.LLong("wr_operations", WriteOperations),
        TypedParameter.LLong("rd_bytes", ReadBytes),
        TypedParameter.LLong("rd_operations", ReadOperations),
        TypedParameter.LLong("flush_operations", FlushOperations),
        TypedParameter.LLong("wr_total_times", WriteTimeNs),
        TypedParameter.LLong("rd_total_times", ReadTimeNs),
        TypedParameter.LLong("flush_total_times", FlushTimeNs),
    ];
}

/// <summary>Block I/O counters read from a domain's statistics, for one disk or all of them summed.</summary>
public static class BlockStatsQuery
{
    /// <summary>
    /// The counters of the disk named by its target (<c>vda</c>) or source path, or of every disk summed for an empty
    /// name (as libvirt). The domain must be running; a name that is not one of its disks is an error.
    /// </summary>
    public static async Task<BlockStats> GetBlockStatsAsync(this IDriver driver, DomainRef domain, string disk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(driver);
        ArgumentNullException.ThrowIfNull(disk);
        Drivers.DomainTransitions.RequireActive(await driver.GetStatusAsync(domain, cancellationToken).ConfigureAwait(false));
        var stats = (await driver.GetStatsAsync(domain, DomainStatsGroups.Block, enforce: false, cancellationToken).ConfigureAwait(false))
            .ToDictionary(p => p.Field, StringComparer.Ordinal);
        var disks = new List<string>();
        for (int i = 0; stats.TryGetValue($"block.{i}.name", out var name); i++)
        {
            bool named = name.Text == disk || (stats.TryGetValue($"block.{i}.path", out var path) && path.Text == disk);
            if (disk.Length == 0 || named)
                disks.Add($"block.{i}.");
        }
        if (disks.Count == 0 && disk.Length > 0)
            throw new StrataException(ErrorCode.InvalidArg, $"invalid argument: invalid path: {disk}");
        long Sum(string counter) => disks.Sum(prefix => stats.TryGetValue(prefix + counter, out var value) ? value.Bits : 0);
        return new BlockStats(Sum("rd.reqs"), Sum("rd.bytes"), Sum("rd.times"), Sum("wr.reqs"), Sum("wr.bytes"), Sum("wr.times"), Sum("fl.reqs"), Sum("fl.times"));
    }
}
