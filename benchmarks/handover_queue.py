"""The part of a reuse-port handover that tcp_migrate_req decides: connections waiting in the old
instance's accept queue when it stops. The old instance (pid OLD) is at its connection limit (a
connection of another process holds its one slot), the new one serves beside it on the same port.
This opens CONNECTIONS connections and sends a line on each: the kernel hashes each to one of the
two sockets, so about half wait in the old one's queue. Then it stops the old instance with SIGTERM
and reads the replies. Prints one line:

    opened N answered N reset N closed N unanswered N

answered: the echo came back (from the new instance: migrated, or hashed there); reset: the
connection was reset (dropped from the old socket's queue); closed: it ended without a reply;
unanswered: no reply within 10 s.

    python3 handover_queue.py HOST PORT OLD [CONNECTIONS]
"""
import os
import signal
import socket
import sys
import time

host, port, old = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
connections = int(sys.argv[4]) if len(sys.argv) > 4 else 20

clients = []
for i in range(connections):
    c = socket.create_connection((host, port), timeout=5)
    c.sendall(b"queued %d\n" % i)
    clients.append(c)
time.sleep(0.5)
os.kill(old, signal.SIGTERM)

counts = {"answered": 0, "reset": 0, "closed": 0, "unanswered": 0}
deadline = time.monotonic() + 10
for i, c in enumerate(clients):
    expected = b"queued %d\n" % i
    reply = b""
    try:
        while len(reply) < len(expected):
            c.settimeout(max(0.1, deadline - time.monotonic()))
            chunk = c.recv(len(expected) - len(reply))
            if not chunk:
                break
            reply += chunk
        counts["answered" if reply == expected else "closed"] += 1
    except ConnectionResetError:
        counts["reset"] += 1
    except socket.timeout:
        counts["unanswered"] += 1
    finally:
        c.close()
print("opened %d answered %d reset %d closed %d unanswered %d"
      % (connections, counts["answered"], counts["reset"], counts["closed"], counts["unanswered"]), flush=True)
