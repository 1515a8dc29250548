namespace Strata.Protocol;

/// <summary>Numbers from libvirt's virterror.h that the wire carries in <see cref="RemoteError"/> but <see cref="ErrorCode"/> does not name.</summary>
public static class LibvirtErrors
{
    /// <summary><c>VIR_ERR_RPC</c>: a wire protocol failure.</summary>
    public const int Rpc = 39;

    /// <summary><c>VIR_FROM_RPC</c>: the RPC layer reported the error.</summary>
    public const int DomainRpc = 7;

    /// <summary><c>VIR_FROM_QEMU</c>: the QEMU driver reported the error.</summary>
    public const int DomainQemu = 10;

    /// <summary><c>VIR_FROM_TEST</c>: the test driver reported the error.</summary>
    public const int DomainTest = 12;

    /// <summary><c>VIR_FROM_REMOTE</c>: the remote driver or daemon reported the error.</summary>
    public const int DomainRemote = 13;

    /// <summary><c>VIR_FROM_STORAGE</c>: the storage driver reported the error.</summary>
    public const int DomainStorage = 18;

    /// <summary><c>VIR_FROM_DOMAIN</c>: domain configuration code reported the error.</summary>
    public const int DomainDomain = 20;

    /// <summary><c>VIR_ERR_WARNING</c>.</summary>
    public const int LevelWarning = 1;

    /// <summary><c>VIR_ERR_ERROR</c>: what every failed call reports.</summary>
    public const int LevelError = 2;
}
