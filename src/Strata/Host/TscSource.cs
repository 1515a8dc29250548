namespace Strata.Host;

/// <summary>Where a TSC frequency came from.</summary>
public enum TscSource
{
    /// <summary>/sys/devices/system/cpu/cpu0/tsc_freq_khz (exact; few kernels expose it).</summary>
    Sysfs,

    /// <summary>The kernel's "tsc: Refined TSC clocksource calibration" boot line.</summary>
    KernelRefinedCalibration,

    /// <summary>The kernel's "tsc: Detected X MHz processor" boot line.</summary>
    KernelDetected,

    /// <summary>/proc/cpuinfo "cpu MHz" (may follow frequency scaling on hosts without a constant TSC).</summary>
    CpuInfo,
}
