using Strata.Domains;
using Strata.Drivers.Qemu.CommandLine;
using Strata.Tests.Domains;

namespace Strata.Tests.CommandLine;

public class QemuCommandLineTests
{
    private static readonly QemuLaunchContext Tcg = new()
    {
        QmpSocketPath = "/run/strata/qemu/demo/qmp.sock",
        RuntimeDir = "/run/strata/qemu/demo",
        CheckHostFiles = false,
    };

    private static IReadOnlyList<string> Build(string xml, QemuLaunchContext? context = null) =>
        QemuCommandLine.Build(DomainXml.Parse(xml), context ?? Tcg);

    private static string? ValueOf(IReadOnlyList<string> args, string option)
    {
        int index = args.ToList().IndexOf(option);
        return index >= 0 && index + 1 < args.Count ? args[index + 1] : null;
    }

    private static InvalidDefinitionException Rejects(string xml, QemuLaunchContext? context = null) =>
        Assert.Throws<InvalidDefinitionException>(() => Build(xml, context));

    [Fact]
    public void TheForegroundSandboxIsLibvirtsFullSet() =>
        Assert.Equal("on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny",
            ValueOf(Build(DomainXmlSamples.Minimal, Tcg with { SandboxSupported = true }), "-sandbox"));

    [Fact]
    public void TheDaemonizeSandboxLeavesForkAndSetsidAllowed() =>
        Assert.Equal("on,obsolete=deny,resourcecontrol=deny",
            ValueOf(Build(DomainXmlSamples.Minimal, Tcg with { SandboxSupported = true, Daemonize = true }), "-sandbox"));

    [Fact]
    public void NoSandboxWithoutSeccomp() =>
        Assert.DoesNotContain("-sandbox", Build(DomainXmlSamples.Minimal));

    [Fact]
    public void NoShutdownKeepsQemuAliveAfterPowerOff()
    {
        Assert.Contains("-no-shutdown", Build(DomainXmlSamples.Minimal));
        Assert.DoesNotContain("-no-shutdown", Build(DomainXmlSamples.Minimal, Tcg with { NoShutdown = false }));
    }

    [Fact]
    public void OnRebootDestroyMeansNoReboot()
    {
        Assert.DoesNotContain("-no-reboot", Build(DomainXmlSamples.Minimal));
        Assert.Contains("-no-reboot", Build(DomainXmlSamples.WithTopLevel("<on_reboot>destroy</on_reboot>")));
    }

    [Fact]
    public void DaemonizeAndPidFileAreLast()
    {
        var args = Build(DomainXmlSamples.Minimal, Tcg with { Daemonize = true, PidFilePath = "/run/x.pid" });

        Assert.Equal(["-pidfile", "/run/x.pid", "-daemonize"], args.TakeLast(3));
    }

    [Fact]
    public void TheQmpSocketIsAServerThatDoesNotWait() =>
        Assert.Contains("socket,id=charmonitor,path=/run/strata/qemu/demo/qmp.sock,server=on,wait=off", Build(DomainXmlSamples.Minimal));

    [Fact]
    public void CommasInPathsAreDoubled() =>
        Assert.Contains("socket,id=charmonitor,path=/run/a,,b/qmp.sock,server=on,wait=off",
            Build(DomainXmlSamples.Minimal, Tcg with { QmpSocketPath = "/run/a,b/qmp.sock" }));

    [Fact]
    public void MemoryIsAlignedUpToWholeMiB() =>
        Assert.Equal("size=219136k", ValueOf(Build(DomainXmlSamples.Minimal.Replace("unit='MiB'>256", "unit='KiB'>219100", StringComparison.Ordinal)), "-m"));

    [Fact]
    public void WithoutAcpiTheMachineHasAcpiOff() =>
        Assert.Equal("pc,usb=off,dump-guest-core=off,acpi=off", ValueOf(Build(DomainXmlSamples.Minimal), "-machine"));

    [Fact]
    public void KvmAcceleratorIsPassedAsAccel() =>
        Assert.Equal("kvm", ValueOf(Build(DomainXmlSamples.Minimal, Tcg with { Accelerator = QemuAccelerator.Kvm }), "-accel"));

    [Fact]
    public void HostPassthroughUnderTcgIsRejected()
    {
        InvalidDefinitionException error = Rejects(DomainXmlSamples.WithTopLevel("<cpu mode='host-passthrough'/>"));

        Assert.Equal(ErrorCode.ConfigUnsupported, error.Code);
        Assert.Contains("host-passthrough", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HostPassthroughUnderKvmIsHost() =>
        Assert.Equal("host,migratable=on",
            ValueOf(Build(DomainXmlSamples.WithTopLevel("<cpu mode='host-passthrough'/>"), Tcg with { Accelerator = QemuAccelerator.Kvm }), "-cpu"));

    [Fact]
    public void HostModelUnderTcgIsMax() =>
        Assert.Equal("max", ValueOf(Build(DomainXmlSamples.WithTopLevel("<cpu mode='host-model'/>")), "-cpu"));

    [Fact]
    public void AKvmDomainUnderTcgIsRejected() =>
        Assert.Contains("'kvm'", Rejects(DomainXmlSamples.Minimal.Replace("type='qemu'", "type='kvm'", StringComparison.Ordinal)).Message, StringComparison.Ordinal);

    [Fact]
    public void AMissingKernelFileIsRejectedByPath()
    {
        string xml = DomainXmlSamples.Minimal.Replace("</os>", "<kernel>/nonexistent/vmlinuz</kernel></os>", StringComparison.Ordinal);

        InvalidDefinitionException error = Rejects(xml, Tcg with { CheckHostFiles = true });

        Assert.Contains("/nonexistent/vmlinuz", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingDiskSourceIsRejectedByPath()
    {
        string xml = DomainXmlSamples.WithDevice("<disk type='file'><source file='/nonexistent/root.qcow2'/><target dev='vda'/></disk>");

        InvalidDefinitionException error = Rejects(xml, Tcg with { CheckHostFiles = true });

        Assert.Contains("/nonexistent/root.qcow2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MicrovmWithoutKernelIsRejected() =>
        Assert.Contains("microvm", Rejects(DomainXmlSamples.Minimal.Replace("machine='pc'", "machine='microvm'", StringComparison.Ordinal)).Message, StringComparison.Ordinal);

    [Fact]
    public void MicrovmRejectsNonVirtioDisks()
    {
        string xml = DomainXmlSamples.WithDevice("<disk type='file'><source file='/a'/><target dev='hda' bus='ide'/></disk>", "microvm")
            .Replace("</os>", "<kernel>/k</kernel></os>", StringComparison.Ordinal);

        Assert.Contains("microvm", Rejects(xml).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheTscFrequencyIsAppendedOnlyForMicrovmUnderTcg()
    {
        string microvm = DomainXmlSamples.Minimal
            .Replace("machine='pc'", "machine='microvm'", StringComparison.Ordinal)
            .Replace("</os>", "<kernel>/k</kernel><cmdline>console=ttyS0</cmdline></os>", StringComparison.Ordinal);
        string pc = microvm.Replace("machine='microvm'", "machine='pc'", StringComparison.Ordinal);
        QemuLaunchContext context = Tcg with { HostTscKHz = 1_234_567 };

        Assert.Equal("console=ttyS0 tsc_early_khz=1234567", ValueOf(Build(microvm, context), "-append"));
        Assert.Equal("console=ttyS0", ValueOf(Build(pc, context), "-append"));
        Assert.Equal("console=ttyS0", ValueOf(Build(microvm, context with { Accelerator = QemuAccelerator.Kvm }), "-append"));
    }

    [Fact]
    public void AGivenPciAddressIsHonoured() =>
        Assert.Contains("virtio-balloon-pci,id=balloon0,bus=pci.0,addr=0x9",
            Build(DomainXmlSamples.WithDevice("<memballoon model='virtio'><address type='pci' domain='0x0000' bus='0x00' slot='0x09' function='0x0'/></memballoon>")));

    [Fact]
    public void TwoDevicesOnOnePciSlotAreRejected()
    {
        string address = "<address type='pci' domain='0x0000' bus='0x00' slot='0x05' function='0x0'/>";
        string xml = DomainXmlSamples.WithDevice(
            $"<interface type='user'>{address}</interface><memballoon model='virtio'>{address}</memballoon>");

        Assert.Contains("0x5", Rejects(xml).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AutoAssignedSlotsSkipGivenOnes()
    {
        var args = Build(DomainXmlSamples.WithDevice(
            "<interface type='user'><mac address='52:54:00:00:00:01'/></interface>" +
            "<memballoon model='virtio'><address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/></memballoon>"));

        Assert.Contains("rtl8139,netdev=hostnet0,id=net0,mac=52:54:00:00:00:01,bus=pci.0,addr=0x3", args);
    }

    [Fact]
    public void PortForwardsBecomeSlirpHostForwards()
    {
        var args = Build(DomainXmlSamples.WithDevice(
            "<interface type='user'><portForward proto='tcp' address='127.0.0.1'><range start='2222' to='22'/></portForward>" +
            "<portForward proto='udp'><range start='5000' end='5001'/></portForward></interface>"));

        Assert.Equal("user,id=hostnet0,hostfwd=tcp:127.0.0.1:2222-:22,hostfwd=udp::5000-:5000,hostfwd=udp::5001-:5001", ValueOf(args, "-netdev"));
    }

    [Fact]
    public void AnIpv6PortForwardAddressIsRejected() =>
        Assert.Contains("::1", Rejects(DomainXmlSamples.WithDevice(
            "<interface type='user'><portForward proto='tcp' address='::1'><range start='2222' to='22'/></portForward></interface>")).Message, StringComparison.Ordinal);

    [Fact]
    public void AnAutomaticVncPortLetsQemuSearch() =>
        Assert.Equal("127.0.0.1:0,to=99", ValueOf(Build(DomainXmlSamples.WithDevice("<graphics type='vnc'/>")), "-vnc"));

    [Fact]
    public void AVncPortSetByTheDriverIsUsed()
    {
        DomainDefinition definition = DomainXml.Parse(DomainXmlSamples.WithDevice("<graphics type='vnc'/>"));
        definition = definition with { Devices = definition.Devices with { Graphics = [definition.Devices.Graphics[0] with { Port = 5907 }] } };

        Assert.Equal("127.0.0.1:7", ValueOf(QemuCommandLine.Build(definition, Tcg), "-vnc"));
    }

    [Fact]
    public void AnIpv6VncListenIsBracketed() =>
        Assert.Equal("[2001:1:2:3:4:5:1234:1234]:3",
            ValueOf(Build(DomainXmlSamples.WithDevice("<graphics type='vnc' port='5903' autoport='no' listen='2001:1:2:3:4:5:1234:1234'/>")), "-vnc"));

    [Fact]
    public void WithoutGraphicsThereIsNoDisplay() =>
        Assert.Equal("none", ValueOf(Build(DomainXmlSamples.Minimal), "-display"));

    [Fact]
    public void BootOrderBecomesBootIndexes()
    {
        var args = Build(DomainXmlSamples.WithDevice(
            "<disk type='file'><source file='/a.img'/><target dev='vda'/></disk>" +
            "<disk type='file' device='cdrom'><source file='/b.iso'/><target dev='hdc' bus='ide'/></disk>")
            .Replace("</os>", "<boot dev='cdrom'/><boot dev='hd'/></os>", StringComparison.Ordinal));

        Assert.Contains(args, a => a.StartsWith("virtio-blk-pci,", StringComparison.Ordinal) && a.Contains("bootindex=2", StringComparison.Ordinal));
        Assert.Contains(args, a => a.StartsWith("ide-cd,", StringComparison.Ordinal) && a.Contains("bootindex=1", StringComparison.Ordinal));
    }

    [Fact]
    public void UsbControllerNoneLeavesNoUsbDevice() =>
        Assert.DoesNotContain(Build(DomainXmlSamples.WithDevice("<controller type='usb' model='none'/>")), a => a.Contains("usb-uhci", StringComparison.Ordinal));

    [Fact]
    public void AUsbTabletWithoutUsbIsRejected() =>
        Assert.Contains("USB", Rejects(DomainXmlSamples.WithDevice("<controller type='usb' model='none'/><input type='tablet' bus='usb'/>")).Message, StringComparison.Ordinal);

    [Fact]
    public void SerialPortsKeepTheirChardevLabelForQmp()
    {
        DomainDefinition definition = DomainXml.Parse(DomainXmlSamples.WithDevice("<serial type='pty'/>"));

        var args = QemuCommandLine.Build(definition, Tcg);

        Assert.Equal("charserial0", QemuCommandLine.SerialChardevId(definition.Devices.Serials[0]));
        Assert.Contains("pty,id=charserial0", args);
        Assert.Contains("isa-serial,chardev=charserial0,id=serial0,index=0", args);
    }

    [Fact]
    public void AVirtioConsoleIsAVirtconsoleOnVirtioSerial()
    {
        var args = Build(DomainXmlSamples.WithDevice("<console type='pty'><target type='virtio'/></console>"));

        Assert.Contains(args, a => a.StartsWith("virtio-serial-pci,id=virtio-serial0,", StringComparison.Ordinal));
        Assert.Contains("virtconsole,bus=virtio-serial0.0,chardev=charconsole0,id=console0", args);
    }

    [Fact]
    public void EveryConformanceFileBuildsACommandLine()
    {
        foreach (object[] file in ConformanceCorpus.Files("supported"))
        {
            DomainDefinition definition = DomainXml.Parse(File.ReadAllText(ConformanceCorpus.Resolve((string)file[0])));
            var context = Tcg with { Accelerator = definition.Type == DomainVirtType.Kvm ? QemuAccelerator.Kvm : QemuAccelerator.Tcg };

            Assert.NotEmpty(QemuCommandLine.Build(definition, context));
        }
    }

    [Fact]
    public void BuiltInControllersKeepTheirLibvirtAddresses()
    {
        var args = Build(DomainXmlSamples.WithDevice(
            "<controller type='usb' index='0'><address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x2'/></controller>" +
            "<controller type='ide' index='0'><address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x1'/></controller>"));

        Assert.Contains("piix3-usb-uhci,id=usb,bus=pci.0,addr=0x1.0x2", args);
    }

    [Fact]
    public void ABuiltInControllerCannotMove() =>
        Assert.Contains("0x1.0x1", Rejects(DomainXmlSamples.WithDevice(
            "<controller type='ide' index='0'><address type='pci' domain='0x0000' bus='0x00' slot='0x05' function='0x0'/></controller>")).Message, StringComparison.Ordinal);
}
