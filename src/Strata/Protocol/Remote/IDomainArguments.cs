namespace Strata.Protocol;

/// <summary>Arguments that name one domain (<c>dom</c>), whatever else they carry: one handler shape serves them all.</summary>
public interface IDomainArguments
{
    /// <summary>The domain the call is about.</summary>
    RemoteDomain Dom { get; }
}
