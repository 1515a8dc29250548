namespace Strata.Images;

/// <summary>What <c>check</c> found: the counts <c>qemu-img check</c> reports, and one line per problem.</summary>
public sealed record ImageCheckResult
{
    /// <summary>References that are broken or counted too low: data could be lost or overwritten.</summary>
    public int Corruptions { get; init; }

    /// <summary>Clusters whose refcount is higher than their references (wasted space, harmless).</summary>
    public int Leaks { get; init; }

    /// <summary>Leaks that were repaired in this run.</summary>
    public int LeaksFixed { get; init; }

    /// <summary>One human-readable line per problem, in qemu-img's wording where it has one.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>Guest clusters that this image (not its backing files) allocates.</summary>
    public long AllocatedClusters { get; init; }

    /// <summary>Allocated clusters whose data does not directly follow the previous guest cluster's in the file.</summary>
    public long FragmentedClusters { get; init; }

    /// <summary>Allocated clusters stored compressed.</summary>
    public long CompressedClusters { get; init; }

    /// <summary>Guest clusters of the virtual disk.</summary>
    public long TotalClusters { get; init; }

    /// <summary>The end of the last cluster in use: everything after it could be cut off.</summary>
    public long ImageEndOffset { get; init; }

    /// <summary>True when nothing is left to fix.</summary>
    public bool IsClean => Corruptions == 0 && Leaks == LeaksFixed;
}
