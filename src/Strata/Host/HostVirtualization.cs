namespace Strata.Host;

/// <summary>
/// Whether guests can use KVM on this host, and why or why not. libvirt trusts /dev/kvm alone; Strata also asks
/// whether the CPU offers hardware virtualization, because /dev/kvm may be served by a software hypervisor
/// (kvm_pvm) under which guests boot hundreds of times slower than under TCG.
/// </summary>
/// <param name="KvmUsable">True when guests should run with <c>-accel kvm</c>; false means TCG.</param>
/// <param name="Reason">One sentence a user can read in <c>strata capabilities</c> or an error.</param>
/// <param name="KvmDevicePresent">/dev/kvm exists.</param>
/// <param name="KvmDeviceOpenable">/dev/kvm opens read-write for this user.</param>
/// <param name="HardwareVirtualizationFlag">"vmx", "svm", or null when /proc/cpuinfo shows neither.</param>
/// <param name="SoftwareHypervisorLoaded">/sys/module/kvm_pvm exists.</param>
/// <param name="KvmVendorModule">"kvm_intel" or "kvm_amd" when loaded, else null.</param>
public sealed record HostVirtualization(
    bool KvmUsable,
    string Reason,
    bool KvmDevicePresent,
    bool KvmDeviceOpenable,
    string? HardwareVirtualizationFlag,
    bool SoftwareHypervisorLoaded,
    string? KvmVendorModule)
{
    private const string KvmDevice = "/dev/kvm";
    private const string CpuInfoFile = "/proc/cpuinfo";
    private const string ModulesDir = "/sys/module";
    private const string TcgConsequence = "hardware virtualization is not usable here, so guests run under TCG";

    /// <summary>Examines the real host (a few small file reads, no processes).</summary>
    public static HostVirtualization Detect() => Detect(HostRoot.Default);

    /// <summary>Examines the host whose /dev, /proc and /sys lie under <paramref name="root"/>.</summary>
    public static HostVirtualization Detect(HostRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        bool present = root.Exists(KvmDevice);
        string? openError = present ? TryOpen(root.Resolve(KvmDevice)) : null;
        bool openable = present && openError is null;
        var flags = CpuInfo.Parse(root.ReadText(CpuInfoFile)).Flags;
        string? flag = flags.Contains("vmx") ? "vmx" : flags.Contains("svm") ? "svm" : null;
        bool pvm = root.Exists($"{ModulesDir}/kvm_pvm");
        string? vendorModule = root.Exists($"{ModulesDir}/kvm_intel") ? "kvm_intel"
            : root.Exists($"{ModulesDir}/kvm_amd") ? "kvm_amd" : null;

        var problems = new List<string>();
        if (present && !openable) problems.Add($"cannot be opened read-write ({openError})");
        if (flag is null) problems.Add("the CPU has no vmx/svm flag");
        if (pvm) problems.Add("kvm_pvm (a software hypervisor) is loaded");
        if (flag is not null && vendorModule is null && !pvm)
            problems.Add($"{(flag == "vmx" ? "kvm_intel" : "kvm_amd")} is not loaded");

        string reason;
        if (!present)
            reason = $"{KvmDevice} does not exist{(flag is null ? " and the CPU has no vmx/svm flag" : " (the kvm module is not loaded)")}: {TcgConsequence}";
        else if (problems.Count > 0)
            reason = $"{KvmDevice} is present but {string.Join(" and ", problems)}: {TcgConsequence}";
        else
            reason = $"{KvmDevice} is usable: the CPU has the {flag} flag and {vendorModule} is loaded, so guests run under KVM";

        return new HostVirtualization(present && problems.Count == 0, reason, present, openable, flag, pvm, vendorModule);
    }

    private static string? TryOpen(string path)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return "permission denied; add the user to the kvm group";
        }
        catch (IOException error)
        {
            return error.Message;
        }
    }
}
