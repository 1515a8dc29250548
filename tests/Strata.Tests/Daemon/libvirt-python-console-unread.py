# A guest that reads nothing of its serial console (its firmware, no kernel) and a client that pastes into it anyway:
# the client's other calls on the same connection are still answered. The client then leaves without finishing its
# stream. Run again with "again", the console must be free: it opens without force.
import os, sys, threading
import libvirt

socket, name, mode = sys.argv[1], sys.argv[2], sys.argv[3]
conn = libvirt.open(f"qemu+unix:///session?socket={socket}")
dom = conn.lookupByName(name)
stream = conn.newStream(0)
dom.openConsole(None, stream, 0)
print("console opened")
if mode == "paste":
    sent = sum(stream.send(b"x" * 4096) for _ in range(64))
    print("sent", sent)
    answered = {}
    asker = threading.Thread(target=lambda: answered.setdefault("hostname", conn.getHostname()), daemon=True)
    asker.start()
    asker.join(20)
    print("hostname answered" if "hostname" in answered else "hostname NOT answered")
sys.stdout.flush()
os._exit(0)  # gone without finishing the stream
