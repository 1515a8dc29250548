namespace Strata.Drivers;

/// <summary>
/// A new definition that clashes with a defined domain, worded as libvirt's domain list words it and reported, as
/// there, from the code common to every driver.
/// </summary>
internal static class DomainConflicts
{
    /// <summary>The name is taken by a domain with another UUID.</summary>
    public static StrataException NameTaken(string name, Guid existingUuid) =>
        new(ErrorCode.OperationFailed, $"operation failed: domain '{name}' already exists with uuid {existingUuid}") { FromDomainCode = true };

    /// <summary>The UUID is taken by a domain with another name.</summary>
    public static StrataException UuidTaken(string existingName, Guid uuid) =>
        new(ErrorCode.OperationFailed, $"operation failed: domain '{existingName}' is already defined with uuid {uuid}") { FromDomainCode = true };
}
