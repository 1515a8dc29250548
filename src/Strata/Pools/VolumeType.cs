namespace Strata.Pools;

/// <summary>What a volume of a directory pool is on the host (<c>&lt;volume type='…'&gt;</c>).</summary>
public enum VolumeType
{
    /// <summary>A regular file: a raw or qcow2 image.</summary>
    File,
}
