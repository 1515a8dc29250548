# libvirt-python (Debian's python3-libvirt) against stratad: the calls a tool makes to change a shut-off domain's
# definition (memory, vCPUs, a disk), and what it is told when a change is refused. Prints one line per check.
import sys
import xml.etree.ElementTree as ET
import libvirt

conn = libvirt.open(f"qemu+unix:///session?socket={sys.argv[1]}")
dom = conn.lookupByName(sys.argv[2])
CONFIG = libvirt.VIR_DOMAIN_AFFECT_CONFIG


def inactive():
    return ET.fromstring(dom.XMLDesc(libvirt.VIR_DOMAIN_XML_INACTIVE))


def refused(call):
    try:
        call()
        return "accepted"
    except libvirt.libvirtError as e:
        return f"{e.get_error_code()} {e.get_error_message()}"


dom.setMaxMemory(300 * 1024)  # the older call: the current definition, for a domain that does not run
dom.setMemoryFlags(200 * 1024, CONFIG)
root = inactive()
print("memory", root.find("memory").text, root.find("currentMemory").text)
print("too much", refused(lambda: dom.setMemoryFlags(400 * 1024, CONFIG)))
print("unknown flag", refused(lambda: dom.setMemoryFlags(100 * 1024, 8)))

dom.setVcpusFlags(2, CONFIG | libvirt.VIR_DOMAIN_VCPU_MAXIMUM)
vcpu = inactive().find("vcpu")
print("vcpus", vcpu.text, vcpu.get("current"), dom.vcpusFlags(CONFIG | libvirt.VIR_DOMAIN_VCPU_MAXIMUM), dom.vcpusFlags(CONFIG))
print("live", refused(lambda: dom.setVcpusFlags(1, libvirt.VIR_DOMAIN_AFFECT_LIVE)))

disk = f"<disk type='file' device='disk'><source file='{sys.argv[3]}'/><target dev='vdb'/></disk>"
dom.attachDeviceFlags(disk, CONFIG)
print("disks", [t.get("dev") for t in inactive().findall("devices/disk/target")])
print("again", refused(lambda: dom.attachDeviceFlags(disk, CONFIG)))
dom.detachDeviceFlags(disk, CONFIG)
print("disks", [t.get("dev") for t in inactive().findall("devices/disk/target")])
print("gone", refused(lambda: dom.detachDeviceFlags(disk, CONFIG)))
