namespace Strata.Pools;

/// <summary>A directory pool's definition: libvirt's <c>&lt;pool type='dir'&gt;</c>.</summary>
public sealed record PoolDefinition
{
    public required string Name { get; init; }
    public required Guid Uuid { get; init; }

    /// <summary>The absolute directory the pool's volumes live in (<c>&lt;target&gt;&lt;path&gt;</c>).</summary>
    public required string TargetPath { get; init; }

    /// <summary>The directory's mode, owner and group as the XML gives them; null when it gives none.</summary>
    public FilePermissions? Permissions { get; init; }
}

/// <summary>libvirt's <c>&lt;permissions&gt;</c>: a mode and a numeric owner and group, each optional.</summary>
public sealed record FilePermissions(int? Mode, int? Owner, int? Group)
{
    /// <summary>
    /// Files are made by this process and never chowned: an owner or group other than its own would be silently
    /// dropped, so it is refused.
    /// </summary>
    internal FilePermissions RequireProcessOwner(string what)
    {
        var (owner, group) = FileStatus.ProcessIds;
        if (Owner is int o && o != owner || Group is int g && g != group)
            throw new InvalidDefinitionException(
                $"unsupported configuration: {what} owner and group other than this process's ({owner}:{group}) are not supported", ErrorCode.ConfigUnsupported);
        return this;
    }
}
