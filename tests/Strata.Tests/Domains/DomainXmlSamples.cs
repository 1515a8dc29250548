namespace Strata.Tests.Domains;

/// <summary>Small domain XML documents for the tests.</summary>
internal static class DomainXmlSamples
{
    /// <summary>The smallest definition Strata accepts.</summary>
    public const string Minimal = """
        <domain type='qemu'>
          <name>demo</name>
          <memory unit='MiB'>256</memory>
          <os><type arch='x86_64' machine='pc'>hvm</type></os>
        </domain>
        """;

    /// <summary>A definition touching every supported part of the subset.</summary>
    public const string Full = """
        <domain type='kvm'>
          <name>full</name>
          <uuid>6c1ce5a6-4dd4-4b5f-9a57-0a8b8b0c1f11</uuid>
          <title>A full guest</title>
          <description>Everything &amp; more</description>
          <metadata>
            <app:info xmlns:app='http://example.org/app'><app:owner>alice</app:owner></app:info>
          </metadata>
          <memory unit='GiB'>1</memory>
          <currentMemory unit='MiB'>512</currentMemory>
          <vcpu placement='static'>2</vcpu>
          <os>
            <type arch='x86_64' machine='q35'>hvm</type>
            <boot dev='cdrom'/>
            <boot dev='hd'/>
          </os>
          <features><acpi/><apic/><pae/></features>
          <cpu mode='custom' match='exact' check='partial'>
            <model fallback='allow'>Skylake-Client</model>
            <feature policy='disable' name='hle'/>
          </cpu>
          <clock offset='localtime'/>
          <on_poweroff>destroy</on_poweroff>
          <on_reboot>destroy</on_reboot>
          <on_crash>destroy</on_crash>
          <devices>
            <emulator>/usr/bin/qemu-system-x86_64</emulator>
            <disk type='file' device='disk'>
              <driver name='qemu' type='qcow2'/>
              <source file='/images/root.qcow2'/>
              <target dev='vda' bus='virtio'/>
            </disk>
            <disk type='file' device='disk'>
              <driver name='qemu' type='raw'/>
              <source file='/images/data.img'/>
              <target dev='sda' bus='sata'/>
            </disk>
            <disk type='file' device='disk'>
              <source file='/images/scsi.img'/>
              <target dev='sdb' bus='scsi'/>
              <readonly/>
            </disk>
            <disk type='file' device='cdrom'>
              <driver name='qemu' type='raw'/>
              <source file='/images/install.iso'/>
              <target dev='sdc' bus='sata'/>
            </disk>
            <controller type='usb' model='qemu-xhci'/>
            <controller type='scsi' index='0' model='virtio-scsi'/>
            <controller type='pci' index='0' model='pcie-root'/>
            <interface type='user'>
              <mac address='52:54:00:AA:bb:01'/>
              <model type='virtio'/>
              <portForward proto='tcp' address='127.0.0.1'>
                <range start='2222' to='22'/>
              </portForward>
            </interface>
            <serial type='pty'/>
            <serial type='file'>
              <source path='/var/log/full-serial.log' append='on'/>
            </serial>
            <serial type='unix'>
              <source mode='bind' path='/run/full.sock'/>
            </serial>
            <input type='tablet' bus='usb'/>
            <input type='keyboard' bus='ps2'/>
            <graphics type='vnc' autoport='yes'>
              <listen type='address' address='127.0.0.1'/>
            </graphics>
            <audio id='1' type='none'/>
            <video><model type='virtio' heads='1'/></video>
            <memballoon model='virtio'/>
            <rng model='virtio'><backend model='random'>/dev/random</backend></rng>
          </devices>
        </domain>
        """;

    /// <summary>The minimal definition with one device element (or other XML) added inside <c>&lt;devices&gt;</c>.</summary>
    public static string WithDevice(string device, string machine = "pc") => $"""
        <domain type='qemu'>
          <name>demo</name>
          <memory unit='MiB'>256</memory>
          <os><type arch='x86_64' machine='{machine}'>hvm</type></os>
          <devices>
            {device}
          </devices>
        </domain>
        """;

    /// <summary>The minimal definition with a top-level element added after <c>&lt;os&gt;</c>.</summary>
    public static string WithTopLevel(string element) => $"""
        <domain type='qemu'>
          <name>demo</name>
          <memory unit='MiB'>256</memory>
          <os><type arch='x86_64' machine='pc'>hvm</type></os>
          {element}
        </domain>
        """;
}
