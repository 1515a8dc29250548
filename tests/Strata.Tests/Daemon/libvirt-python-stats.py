# libvirt-python (Debian's python3-libvirt) against stratad: the monitoring calls a collector makes of a running
# domain with one virtio disk (vda). Prints one "name value" line per check, for the spec to compare.
import sys
import libvirt

conn = libvirt.open(f"qemu+unix:///session?socket={sys.argv[1]}")
dom = conn.lookupByName(sys.argv[2])

records = conn.getAllDomainStats(libvirt.VIR_DOMAIN_STATS_STATE | libvirt.VIR_DOMAIN_STATS_VCPU)
stats = dict((d.name(), s) for d, s in records)[dom.name()]
print("all-stats state", stats["state.state"], "vcpus", stats["vcpu.current"], "has vcpu.0.time", "vcpu.0.time" in stats)
[(listed, only)] = conn.domainListGetStats([dom], libvirt.VIR_DOMAIN_STATS_BLOCK)
print("list-stats", listed.name(), "disk", only["block.0.name"], "keys", all(k.startswith("block.") for k in only))

rd_req, rd_bytes, wr_req, wr_bytes, errs = dom.blockStats("vda")
print("block-stats errs", errs, "counts", rd_req >= 0 and wr_req >= 0)
flags = dom.blockStatsFlags("vda")
print("block-stats-flags", " ".join(sorted(flags)))
capacity, allocation, physical = dom.blockInfo("vda")
print("block-info capacity", capacity)
print("memory-stats", " ".join(sorted(dom.memoryStats())))
info, maps = dom.vcpus()
print("vcpus", len(info), "state", info[0][1], "time", info[0][2] > 0, "map", all(maps[0]))
print("vcpus-flags", dom.vcpusFlags(libvirt.VIR_DOMAIN_VCPU_MAXIMUM), dom.maxVcpus())
print("job", dom.jobInfo()[0], "control", dom.controlInfo())
try:
    conn.getAllDomainStats(0, 1 << 8)  # VIR_CONNECT_LIST_DOMAINS_HAS_MANAGEDSAVE: a listing flag, not a stats one
    print("unknown flag accepted")
except libvirt.libvirtError as e:
    print("unknown flag", e.get_error_code(), e.get_error_message())
print("cpu-stats total", " ".join(sorted(dom.getCPUStats(True)[0])))
print("interface-addresses", len(dom.interfaceAddresses(libvirt.VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE)))
try:
    dom.interfaceAddresses(7)
except libvirt.libvirtError as e:
    print("unknown source", e.get_error_code(), e.get_error_message())
cpus, online, count = conn.getCPUMap()
print("cpu-map", cpus == len(online), all(online), count == cpus)
conn.close()
