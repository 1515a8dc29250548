namespace Strata.Domains;

/// <summary>Where a disk's data lives (<c>&lt;disk type='…'&gt;</c>).</summary>
public enum DiskType
{
    /// <summary>An image file (<c>&lt;source file='…'/&gt;</c>).</summary>
    File,

    /// <summary>A host block device (<c>&lt;source dev='…'/&gt;</c>).</summary>
    Block,

    /// <summary>A storage pool's volume (<c>&lt;source pool='…' volume='…'/&gt;</c>), resolved to its file when the domain starts.</summary>
    Volume,
}
