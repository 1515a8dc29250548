# For each failing call, the error code and the part of libvirt that reports it (VIR_FROM_*), as libvirt-python
# sees them: run against stratad and against libvirtd, the lines must be the same. Defines one domain (undefined at
# the end) for the calls that need one.
import sys
import libvirt

libvirt.registerErrorHandler(lambda _, __: None, None)  # no error text on stderr
conn = libvirt.open(sys.argv[1])
name = "strata-parity-probe"
xml = (f"<domain type='qemu'><name>{name}</name><uuid>6d1f2c3a-0000-4000-8000-00000000beef</uuid>"
       "<memory unit='KiB'>65536</memory><os><type arch='x86_64'>hvm</type></os></domain>")
dom = conn.defineXML(xml)
try:
    calls = [
        ("lookupByName", lambda: conn.lookupByName("strata-parity-missing")),
        ("lookupByUUIDString", lambda: conn.lookupByUUIDString("6d1f2c3a-0000-4000-8000-00000000dead")),
        ("lookupByID", lambda: conn.lookupByID(99999)),
        ("storagePoolLookupByName", lambda: conn.storagePoolLookupByName("strata-parity-missing")),
        ("defineXML malformed", lambda: conn.defineXML("<domain type='qemu'><name>x</name>")),
        ("defineXML without a name", lambda: conn.defineXML("<domain type='qemu'><memory>65536</memory><os><type>hvm</type></os></domain>")),
        ("defineXML name taken", lambda: conn.defineXML(xml.replace("beef", "feed"))),
        ("defineXML uuid taken", lambda: conn.defineXML(xml.replace(name, name + "-2"))),
        ("createXML malformed", lambda: conn.createXML("<domain", 0)),
        ("storagePoolDefineXML malformed", lambda: conn.storagePoolDefineXML("<pool type='dir'>", 0)),
        ("storagePoolDefineXML without a target", lambda: conn.storagePoolDefineXML("<pool type='dir'><name>strata-parity-pool</name></pool>", 0)),
        ("destroy inactive", dom.destroy),
        ("suspend inactive", dom.suspend),
        ("resume inactive", dom.resume),
        ("shutdown inactive", dom.shutdown),
        ("reboot inactive", lambda: dom.reboot(0)),
        ("reset inactive", lambda: dom.reset(0)),
    ]
    for label, call in calls:
        try:
            call()
            print(label, "succeeded")
        except libvirt.libvirtError as error:
            print(label, "code", error.get_error_code(), "from", error.get_error_domain())
finally:
    dom.undefine()
