# libvirt-python (Debian's python3-libvirt) against stratad: many clients at once, each on its own connection and
# thread, list, read the XML and the info of every domain for a while; every reply must be what was defined.
# Usage: libvirt-python-concurrent.py SOCKET CLIENTS SECONDS DOMAINS
import sys
import threading
import time
import libvirt

socket, clients, seconds, domains = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
uri = f"qemu+unix:///session?socket={socket}"
libvirt.registerErrorHandler(lambda _, __: None, None)  # errors are counted below, not printed by libvirt

setup = libvirt.open(uri)
expected = {}
for i in range(domains):
    name = f"many{i}"
    memory = 32 + i
    dom = setup.defineXML(
        f"<domain type='qemu'><name>{name}</name><memory unit='MiB'>{memory}</memory>"
        "<os><type arch='x86_64' machine='pc'>hvm</type></os></domain>")
    expected[name] = (dom.UUIDString(), memory * 1024)

wrong = []
calls = [0] * clients
start = threading.Barrier(clients)


def client(index):
    try:
        conn = libvirt.open(uri)
        start.wait()
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            listed = {d.name(): d for d in conn.listAllDomains()}
            if set(listed) != set(expected):
                wrong.append(f"client {index}: listed {sorted(listed)}")
                break
            name = f"many{(index + calls[index]) % domains}"
            dom = listed[name]
            xml = dom.XMLDesc()
            state, max_memory, _, vcpus, _ = dom.info()
            uuid, memory = expected[name]
            if f"<name>{name}</name>" not in xml or f"<uuid>{uuid}</uuid>" not in xml or max_memory != memory \
                    or state != libvirt.VIR_DOMAIN_SHUTOFF or vcpus != 1 or dom.UUIDString() != uuid:
                wrong.append(f"client {index}: {name} read back as state {state} memory {max_memory} vcpus {vcpus}")
                break
            calls[index] += 1
        conn.close()
    except libvirt.libvirtError as error:
        wrong.append(f"client {index}: {error}")


threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
for name in expected:
    setup.lookupByName(name).undefine()
setup.close()

print("\n".join(wrong[:10]))
print("clients", clients, "wrong", len(wrong), "idle", sum(1 for c in calls if c == 0))
print("rounds", sum(calls), file=sys.stderr)
