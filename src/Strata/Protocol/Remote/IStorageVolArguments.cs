namespace Strata.Protocol;

/// <summary>Arguments that name one storage volume (<c>vol</c>), whatever else they carry.</summary>
public interface IStorageVolArguments
{
    /// <summary>The volume the call is about.</summary>
    RemoteStorageVol Vol { get; }
}
