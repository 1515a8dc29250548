namespace Strata.Protocol;

/// <summary>Limits of the remote program's structs (remote_protocol.x); decoders refuse anything larger.</summary>
public static class RemoteLimits
{
    /// <summary>Longest string (<c>REMOTE_STRING_MAX</c>).</summary>
    public const int StringMax = 4 * 1024 * 1024;

    /// <summary>Most domains in one list (<c>REMOTE_DOMAIN_LIST_MAX</c>).</summary>
    public const int DomainListMax = 16384;

    /// <summary>Most authentication types offered (<c>REMOTE_AUTH_TYPE_LIST_MAX</c>).</summary>
    public const int AuthTypeListMax = 20;

    /// <summary>Characters in <c>remote_node_get_info_ret.model</c>, each sent as a 4-byte XDR char.</summary>
    public const int NodeModelLength = 32;

    /// <summary>Longest security label (<c>REMOTE_SECURITY_LABEL_MAX</c> = <c>VIR_SECURITY_LABEL_BUFLEN</c>, 4096 + 1).</summary>
    public const int SecurityLabelMax = 4096 + 1;

    /// <summary>Longest security model name (<c>REMOTE_SECURITY_MODEL_MAX</c> = <c>VIR_SECURITY_MODEL_BUFLEN</c>, 256 + 1).</summary>
    public const int SecurityModelMax = 256 + 1;

    /// <summary>Longest security DOI (<c>REMOTE_SECURITY_DOI_MAX</c> = <c>VIR_SECURITY_DOI_BUFLEN</c>, 256 + 1).</summary>
    public const int SecurityDoiMax = 256 + 1;

    /// <summary>Most security labels in one list (<c>REMOTE_SECURITY_LABEL_LIST_MAX</c>).</summary>
    public const int SecurityLabelListMax = 64;

    /// <summary>Most storage pools in one list (<c>REMOTE_STORAGE_POOL_LIST_MAX</c>).</summary>
    public const int StoragePoolListMax = 4096;

    /// <summary>Most storage volumes in one list (<c>REMOTE_STORAGE_VOL_LIST_MAX</c>).</summary>
    public const int StorageVolListMax = 16384;

    /// <summary>Most typed parameters in one domain's statistics (<c>REMOTE_CONNECT_GET_ALL_DOMAIN_STATS_MAX</c>).</summary>
    public const int DomainStatsParametersMax = 4096;

    /// <summary>Most typed parameters of one disk's I/O counters (<c>REMOTE_DOMAIN_BLOCK_STATS_PARAMETERS_MAX</c>).</summary>
    public const int BlockStatsParametersMax = 16;

    /// <summary>Most typed parameters of a job's figures (<c>REMOTE_DOMAIN_JOB_STATS_MAX</c>).</summary>
    public const int JobStatsParametersMax = 64;

    /// <summary>Most memory statistics in one reply (<c>REMOTE_DOMAIN_MEMORY_STATS_MAX</c>).</summary>
    public const int MemoryStatsMax = 1024;

    /// <summary>Most vCPUs in one reply of domain_get_vcpus (<c>REMOTE_VCPUINFO_MAX</c>).</summary>
    public const int VcpuInfoMax = 16384;

    /// <summary>Most bytes of one host CPU map (<c>REMOTE_CPUMAP_MAX</c>).</summary>
    public const int CpuMapMax = 2048;

    /// <summary>Most bytes of CPU maps in one reply (<c>REMOTE_CPUMAPS_MAX</c>).</summary>
    public const int CpuMapsMax = 8388608;

    /// <summary>Most typed parameters in one reply of domain_get_cpu_stats (<c>REMOTE_DOMAIN_GET_CPU_STATS_MAX</c>).</summary>
    public const int CpuStatsMax = 2048;

    /// <summary>Most interfaces in one reply of domain_interface_addresses (<c>REMOTE_DOMAIN_INTERFACE_MAX</c>).</summary>
    public const int DomainInterfaceMax = 2048;

    /// <summary>Most addresses of one interface (<c>REMOTE_DOMAIN_IP_ADDR_MAX</c>).</summary>
    public const int DomainIpAddressMax = 2048;
}
