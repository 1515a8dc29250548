namespace Strata.Images;

/// <summary>Which parts of the disk can hold data, from the L1 and L2 tables alone: what lets a copy skip the rest.</summary>
internal sealed partial class Qcow2Image
{
    internal override async ValueTask<(long Start, long End)> NextDataAsync(long offset, long limit, CancellationToken cancellationToken)
    {
        limit = Math.Min(limit, VirtualSize);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            long cluster = offset >> _clusterBits;
            long lastCluster = (limit + _clusterSize - 1) >> _clusterBits;
            while (cluster < lastCluster && await IsHoleAsync(cluster, cancellationToken).ConfigureAwait(false))
                cluster++;
            if (cluster >= lastCluster)
                return (limit, limit);
            long start = Math.Max(offset, cluster << _clusterBits);
            while (cluster < lastCluster && !await IsHoleAsync(cluster, cancellationToken).ConfigureAwait(false))
                cluster++;
            return (start, Math.Min(limit, cluster << _clusterBits));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A zero cluster, or an unallocated one with nothing below it to fall through to.</summary>
    private async ValueTask<bool> IsHoleAsync(long cluster, CancellationToken cancellationToken)
    {
        var kind = Classify(await GetL2EntryAsync(cluster, cancellationToken).ConfigureAwait(false));
        return kind == ClusterKind.Zero || (kind == ClusterKind.Unallocated && Backing is null);
    }
}
