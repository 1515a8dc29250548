# libvirt-python against stratad: how often stratad's threads went to sleep per call, over many calls in a row.
# Each call should wake stratad once (its request arriving), not again when the client reads the reply.
import glob
import sys
import time
import libvirt

socket, pid = sys.argv[1], sys.argv[2]
CALLS = 200
ROUNDS = 3


def sleeps():
    total = 0
    for status in glob.glob(f"/proc/{pid}/task/*/status"):
        with open(status) as f:
            for line in f:
                if line.startswith("voluntary_ctxt_switches:"):
                    total += int(line.split()[1])
    return total


conn = libvirt.open(f"qemu+unix:///session?socket={socket}")
for i in range(50):
    conn.defineXML(
        f"<domain type='qemu'><name>wake{i}</name><memory unit='MiB'>64</memory>"
        "<os><type arch='x86_64' machine='pc'>hvm</type></os></domain>")
time.sleep(2)  # the definitions' background work (files written behind, the checkpoint) is done
for name, call in (("getLibVersion", conn.getLibVersion), ("listAllDomains", conn.listAllDomains)):
    for _ in range(20):
        call()
    rates = []
    for _ in range(ROUNDS):  # the least of a few rounds: other work of stratad's can only add sleeps
        before = sleeps()
        for _ in range(CALLS):
            result = call()
            del result
        rates.append((sleeps() - before) / CALLS)
    print(name, f"{min(rates):.2f}")
for d in conn.listAllDomains():
    d.undefine()
conn.close()
