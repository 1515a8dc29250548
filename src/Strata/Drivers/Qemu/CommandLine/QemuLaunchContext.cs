namespace Strata.Drivers.Qemu.CommandLine;

/// <summary>What the driver decides for one launch, beside the definition: accelerator, control paths, process options.</summary>
public sealed record QemuLaunchContext
{
    /// <summary>The accelerator to run under (the driver picks KVM only when /dev/kvm is usable).</summary>
    public QemuAccelerator Accelerator { get; init; } = QemuAccelerator.Tcg;

    /// <summary>The UNIX socket QEMU listens on for QMP (<c>-chardev socket,server=on</c>).</summary>
    public required string QmpSocketPath { get; init; }

    /// <summary>Where QEMU writes its pid (<c>-pidfile</c>), or null for none.</summary>
    public string? PidFilePath { get; init; }

    /// <summary>The per-domain runtime folder (the driver keeps the QMP socket and pid file there).</summary>
    public required string RuntimeDir { get; init; }

    /// <summary>Whether QEMU detaches itself (<c>-daemonize</c>) so that it outlives the process that started it.</summary>
    public bool Daemonize { get; init; }

    /// <summary>Start with vCPUs stopped (<c>-S</c>) so the driver can finish setup over QMP and then <c>cont</c>.</summary>
    public bool StartPaused { get; init; }

    /// <summary>
    /// <c>-no-shutdown</c>: a guest power-off leaves QEMU alive in state "shutdown" for the driver to reap,
    /// so the driver sees why the guest stopped.
    /// </summary>
    public bool NoShutdown { get; init; } = true;

    /// <summary>Whether this QEMU has seccomp support, so that <c>-sandbox</c> can be used.</summary>
    public bool SandboxSupported { get; init; }

    /// <summary>
    /// The host TSC frequency in kHz, or null when unknown. microvm under TCG has no PIT to calibrate the TSC
    /// against, so the guest kernel is told the frequency (<c>tsc_early_khz=</c>).
    /// </summary>
    public long? HostTscKHz { get; init; }

    /// <summary>Whether <see cref="QemuCommandLine.Validate"/> checks that kernel, initrd and disk sources exist on the host.</summary>
    public bool CheckHostFiles { get; init; } = true;
}
