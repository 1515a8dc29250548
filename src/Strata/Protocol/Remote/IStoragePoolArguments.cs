namespace Strata.Protocol;

/// <summary>Arguments that name one storage pool (<c>pool</c>), whatever else they carry.</summary>
public interface IStoragePoolArguments
{
    /// <summary>The pool the call is about.</summary>
    RemoteStoragePool Pool { get; }
}
