namespace Strata.Pools;

/// <summary>What a new pool definition may not share with the pools already defined, in any driver.</summary>
public static class PoolConflicts
{
    /// <summary>
    /// Refuses a definition whose name belongs to another UUID, whose UUID belongs to another name, or whose
    /// directory another pool already uses (two pools over one directory would each claim the other's volumes).
    /// </summary>
    public static void Check(PoolDefinition definition, IEnumerable<PoolDefinition> defined)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(defined);
        foreach (var other in defined)
        {
            if (other.Name == definition.Name && other.Uuid != definition.Uuid)
                throw new StrataException(ErrorCode.OperationFailed, $"operation failed: pool '{other.Name}' already exists with uuid {other.Uuid}");
            if (other.Uuid == definition.Uuid && other.Name != definition.Name)
                throw new StrataException(ErrorCode.OperationFailed, $"operation failed: pool '{other.Name}' is already defined with uuid {definition.Uuid}");
            if (other.Name != definition.Name && other.TargetPath == definition.TargetPath)
                throw new StrataException(ErrorCode.OperationFailed, $"operation failed: Storage source conflict with pool: '{other.Name}'");
        }
    }
}
