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

    /// <summary><c>VIR_FROM_NETWORK</c>: the network API (libvirt-network.c) reported the error.</summary>
    public const int DomainNetwork = 19;

    /// <summary><c>VIR_FROM_DOMAIN</c>: domain configuration code reported the error.</summary>
    public const int DomainDomain = 20;

    /// <summary><c>VIR_FROM_NODEDEV</c>: the node device API reported the error.</summary>
    public const int DomainNodedev = 22;

    /// <summary><c>VIR_FROM_INTERFACE</c>: the host interface API reported the error.</summary>
    public const int DomainInterface = 26;

    /// <summary><c>VIR_FROM_SECRET</c>: the secret API reported the error.</summary>
    public const int DomainSecret = 30;

    /// <summary><c>VIR_FROM_NWFILTER</c>: the network filter API reported the error.</summary>
    public const int DomainNwfilter = 33;

    /// <summary><c>VIR_FROM_DOMAIN_SNAPSHOT</c>: the domain snapshot API reported the error.</summary>
    public const int DomainSnapshot = 35;

    /// <summary><c>VIR_FROM_DOMAIN_CHECKPOINT</c>: the domain checkpoint API reported the error.</summary>
    public const int DomainCheckpoint = 69;

    /// <summary><c>VIR_ERR_WARNING</c>.</summary>
    public const int LevelWarning = 1;

    /// <summary><c>VIR_ERR_ERROR</c>: what every failed call reports.</summary>
    public const int LevelError = 2;
}
