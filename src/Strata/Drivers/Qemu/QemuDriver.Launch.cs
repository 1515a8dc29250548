using System.Globalization;
using Strata.Domains;
using Strata.Drivers.Qemu.Capabilities;
using Strata.Drivers.Qemu.CommandLine;
using Strata.Drivers.Qemu.Qmp;
using Strata.Host;
using Strata.Storage;

namespace Strata.Drivers.Qemu;

public sealed partial class QemuDriver
{
    /// <summary>
    /// Starts QEMU for a definition (the caller holds the domain's lock and has checked it is inactive): builds the
    /// command line, runs QEMU detached, reads back what QEMU allocated (ptys), and writes the status file.
    /// On any failure nothing is left behind: no process, no status file.
    /// </summary>
    private async Task<DomainRef> LaunchAsync(DomainDefinition definition, bool persistent, CancellationToken cancellationToken)
    {
        string name = definition.Name;
        definition = _storage.ResolveVolumeDisks(definition);
        var accelerator = ChooseAccelerator(definition);
        string emulator = EmulatorLocator.Find(definition.Devices.Emulator);
        var capabilities = await QemuCapabilitiesCache.GetAsync(emulator, Paths.CacheDir, cancellationToken).ConfigureAwait(false);

        if (QemuProcess.FindByUuid(definition.Uuid) is int other)
            throw new OperationInvalidException($"a QEMU (pid {other}) already runs a domain with uuid {definition.Uuid}, outside {Paths.RunDir}");
        Directory.CreateDirectory(Paths.RunDir);
        string qmpSocket = _files.QmpSocketPath(definition.Uuid);
        string pidFile = _files.PidPath(name);
        File.Delete(qmpSocket);
        File.Delete(pidFile);

        var context = new QemuLaunchContext
        {
            Accelerator = accelerator,
            QmpSocketPath = qmpSocket,
            PidFilePath = pidFile,
            Daemonize = true,
            NoShutdown = true,
            SandboxSupported = capabilities.SandboxSupported,
            HostTscKHz = definition.Os.Machine?.StartsWith("microvm", StringComparison.Ordinal) == true ? HostTsc.KHz() : null,
            RuntimeDir = Paths.RunDir,
        };
        string eventSocket = _files.EventSocketPath(definition.Uuid);
        File.Delete(eventSocket);
        string log = _files.LogPath(name);
        var arguments = QemuCommandLine.Build(definition, context).Concat(
        [
            "-chardev", $"socket,id=strata-events,path={QemuOptions.Escape(eventSocket)},server=on,wait=off",
            "-mon", "chardev=strata-events,mode=control",
            // QEMU's own log: with -D, a daemonized QEMU sends its stderr there instead of to /dev/null.
            "-D", log,
        ]).ToList();

        int id = await AllocateIdAsync(cancellationToken).ConfigureAwait(false);
        int pid = 0;
        try
        {
            pid = await QemuProcess.LaunchAsync(emulator, arguments, pidFile, log).ConfigureAwait(false);
            DomainDefinition live;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(QmpTimeout);
                await using var qmp = await ConnectMonitorAsync(qmpSocket, timeout.Token).ConfigureAwait(false);
                live = await WithLiveDevicesAsync(qmp, definition, timeout.Token).ConfigureAwait(false);
                await SetBalloonAsync(qmp, definition, timeout.Token).ConfigureAwait(false);
            }

            var record = new DomainStatusRecord(definition.Uuid, DomainStatus.Running(RunningReason.Booted), id, pid, qmpSocket,
                persistent, DateTimeOffset.UtcNow, DomainXml.Format(live, id));
            await _files.WriteStatusAsync(name, record, cancellationToken).ConfigureAwait(false);
            var domain = new DomainRef(name, definition.Uuid, id);
            Raise(domain, DomainEventType.Started, 0);
            return domain;
        }
        catch
        {
            pid = pid > 0 ? pid : QemuProcess.ReadPid(pidFile) ?? 0;
            if (pid > 0 && QemuProcess.IsRunning(pid, definition.Uuid))
            {
                QemuProcess.Kill(pid);
                await QemuProcess.WaitForExitAsync(pid, definition.Uuid, CancellationToken.None).ConfigureAwait(false);
            }
            File.Delete(qmpSocket);
            File.Delete(eventSocket);
            File.Delete(pidFile);
            throw;
        }
    }

    /// <summary>TCG unless the definition asks for KVM; KVM only where hardware virtualization is really usable.</summary>
    private static QemuAccelerator ChooseAccelerator(DomainDefinition definition)
    {
        if (definition.Type != DomainVirtType.Kvm)
            return QemuAccelerator.Tcg;
        var host = HostVirtualization.Detect();
        if (!host.KvmUsable)
            throw new StrataException(ErrorCode.ConfigUnsupported,
                $"unsupported configuration: domain type 'kvm' cannot run on this host: {host.Reason}. " +
                "Use <domain type='qemu'> to run it under TCG (software emulation).");
        return QemuAccelerator.Kvm;
    }

    /// <summary>
    /// The live definition: what QEMU allocated as it started, read back over QMP: the /dev/pts path of each pty
    /// serial port and virtio console, and the port of each VNC display that had none.
    /// </summary>
    private static async Task<DomainDefinition> WithLiveDevicesAsync(QmpClient qmp, DomainDefinition definition, CancellationToken cancellationToken)
    {
        var live = definition;
        var devices = definition.Devices;
        if (devices.Serials.Concat(devices.Consoles).Any(c => c.Type == ChardevType.Pty))
        {
            var ptys = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var chardev in (await qmp.ExecuteAsync("query-chardev", null, cancellationToken).ConfigureAwait(false)).EnumerateArray())
            {
                if (chardev.GetProperty("filename").GetString() is { } filename && filename.StartsWith("pty:", StringComparison.Ordinal))
                    ptys[chardev.GetProperty("label").GetString()!] = filename["pty:".Length..];
            }
            foreach (var serial in devices.Serials.Where(s => s.Type == ChardevType.Pty))
            {
                if (ptys.TryGetValue(QemuCommandLine.SerialChardevId(serial), out var path))
                    live = live.WithSerialSourcePath(serial.TargetPort, path);
            }
            // A serial-type console is its serial port seen again; only virtio consoles have ptys of their own.
            for (int i = 0; i < devices.Consoles.Count; i++)
            {
                if (ptys.TryGetValue(QemuCommandLine.ConsoleChardevId(i), out var path))
                    live = live.WithConsoleSourcePath(i, path);
            }
        }
        if (devices.Graphics.Any(g => g.Port < 0))
        {
            var vnc = await qmp.ExecuteAsync("query-vnc", null, cancellationToken).ConfigureAwait(false);
            if (vnc.TryGetProperty("service", out var service) && int.TryParse(service.GetString(), CultureInfo.InvariantCulture, out int port))
                live = live.WithGraphicsPort(devices.Graphics.ToList().FindIndex(g => g.Port < 0), port);
        }
        return live;
    }

    /// <summary>QEMU boots with the maximum memory; the balloon brings the guest down to currentMemory, as libvirt does.</summary>
    private static async Task SetBalloonAsync(QmpClient qmp, DomainDefinition definition, CancellationToken cancellationToken)
    {
        if (definition.Devices.Memballoon is not { Virtio: true } || definition.CurrentMemoryKiB >= definition.MemoryKiB)
            return;
        await qmp.SetBalloonAsync(definition.CurrentMemoryKiB * 1024, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ids count up per driver, as libvirt's do, across every process using the same run directory.</summary>
    private async Task<int> AllocateIdAsync(CancellationToken cancellationToken)
    {
        using var held = await FileLock.TryAcquireAsync(_files.DriverLockPath, LockTimeout, cancellationToken).ConfigureAwait(false)
            ?? throw new DomainBusyException("cannot acquire the driver lock to allocate a domain id");
        int next = File.Exists(_files.NextIdPath) && int.TryParse(await File.ReadAllTextAsync(_files.NextIdPath, cancellationToken).ConfigureAwait(false), out int stored) ? stored : 1;
        await AtomicFile.WriteAllTextAsync(_files.NextIdPath, (next + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
        return next;
    }
}
