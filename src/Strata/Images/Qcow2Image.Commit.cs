namespace Strata.Images;

/// <summary>Which guest clusters this image holds itself, for commit.</summary>
internal sealed partial class Qcow2Image
{
    public int ClusterSize => _clusterSize;

    /// <summary>True when the guest cluster is allocated in this image (data, compressed or zero), not left to the backing file.</summary>
    public async ValueTask<bool> IsAllocatedAsync(long guestCluster, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return Classify(await GetL2EntryAsync(guestCluster, cancellationToken).ConfigureAwait(false)) != ClusterKind.Unallocated;
        }
        finally
        {
            _gate.Release();
        }
    }
}
