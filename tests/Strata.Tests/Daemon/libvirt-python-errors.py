# For each failing call, the error code and the part of libvirt that reports it (VIR_FROM_*), as libvirt-python
# sees them: run against stratad and against libvirtd, the lines must be the same.
import sys
import libvirt

libvirt.registerErrorHandler(lambda _, __: None, None)  # no error text on stderr
conn = libvirt.open(sys.argv[1])
calls = [
    ("lookupByName", lambda: conn.lookupByName("strata-parity-missing")),
    ("lookupByUUIDString", lambda: conn.lookupByUUIDString("6d1f2c3a-0000-4000-8000-00000000dead")),
    ("storagePoolLookupByName", lambda: conn.storagePoolLookupByName("strata-parity-missing")),
]
for name, call in calls:
    try:
        call()
        print(name, "succeeded")
    except libvirt.libvirtError as error:
        print(name, "code", error.get_error_code(), "from", error.get_error_domain())
