# libvirt-python (Debian's python3-libvirt) against stratad: define 50 domains, list, look up, read, undefine.
import sys
import libvirt

conn = libvirt.open(f"qemu+unix:///session?socket={sys.argv[1]}")
for i in range(50):
    conn.defineXML(
        f"<domain type='qemu'><name>py{i}</name><memory unit='MiB'>64</memory>"
        "<os><type arch='x86_64' machine='pc'>hvm</type></os></domain>")
print("listed", len(conn.listAllDomains()))
dom = conn.lookupByName("py7")
print("by uuid", conn.lookupByUUIDString(dom.UUIDString()).name())
print("by name", dom.name(), "state", dom.state()[0], "info", dom.info()[0], dom.info()[1])
print("xml names it", "<name>py7</name>" in dom.XMLDesc())
print("persistent", dom.isPersistent(), "active", dom.isActive())
for d in conn.listAllDomains():
    d.undefine()
print("left", len(conn.listAllDomains()))
conn.close()
