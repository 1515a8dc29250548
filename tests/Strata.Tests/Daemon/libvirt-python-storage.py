# A directory pool and its volumes through libvirt-python: every storage call it makes, against the daemon at argv[1]
# (a socket) with the pool in argv[2] (a directory). Prints what the C# spec checks.
import sys

import libvirt

conn = libvirt.open(f"qemu+unix:///session?socket={sys.argv[1]}")
target = sys.argv[2]
pool = conn.storagePoolDefineXML(f"<pool type='dir'><name>py</name><target><path>{target}</path></target></pool>", 0)
pool.build(0)
pool.create(0)
pool.setAutostart(1)
print("pools", [p.name() for p in conn.listAllStoragePools()], conn.listStoragePools(), conn.listDefinedStoragePools(),
      conn.numOfStoragePools(), conn.numOfDefinedStoragePools())
state, capacity, allocation, available = pool.info()
print("info", state, capacity == allocation + available, pool.isActive(), pool.isPersistent(), pool.autostart(),
      conn.storagePoolLookupByUUIDString(pool.UUIDString()).name())

vol = pool.createXML("<volume><name>a.qcow2</name><capacity unit='M'>8</capacity><target><format type='qcow2'/></target></volume>", 0)
print("vol", vol.name(), vol.key() == vol.path() == f"{target}/a.qcow2", vol.info()[:2], pool.numOfVolumes(), pool.listVolumes(),
      [v.name() for v in pool.listAllVolumes()])
print("lookups", conn.storageVolLookupByKey(vol.key()).name(), conn.storageVolLookupByPath(vol.path()).name(),
      pool.storageVolLookupByName("a.qcow2").name(), vol.storagePoolLookupByVolume().name())
copy = pool.createXMLFrom(vol.XMLDesc(0).replace("<name>a.qcow2</name>", "<name>b.qcow2</name>"), vol, 0)
print("copy", copy.name(), copy.info()[:2])
vol.resize(16 << 20, 0)
print("resized", vol.info()[1])
vol.wipePattern(libvirt.VIR_STORAGE_VOL_WIPE_ALG_ZERO, 0)

raw = pool.createXML("<volume><name>c.img</name><capacity>4096</capacity></volume>", 0)
stream = conn.newStream(0)
raw.upload(stream, 100, 5, 0)
stream.send(b"hello")
stream.finish()
stream = conn.newStream(0)
raw.download(stream, 0, 0, 0)
data = b""
while chunk := stream.recv(65536):
    data += chunk
stream.finish()
print("streamed", len(data), data[100:105])

for v in (copy, vol, raw):
    v.delete(0)
pool.refresh(0)
pool.destroy()
pool.undefine()
print("left", conn.listAllStoragePools())
try:
    conn.storagePoolLookupByName("py")
except libvirt.libvirtError as error:
    print("gone", error.get_error_code())
