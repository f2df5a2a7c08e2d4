"""A client for the restart measurements: THREADS threads each connect, send a line, read its echo
and close, in a loop, until the file STOP exists (or MAX_SECONDS have passed). Prints one line:

    sent N answered N refused N reset N unanswered N timeouts N longest-ms N

refused: the connect was refused (no socket listened); reset: the connect or the exchange was reset
(a connection dropped from an accept queue, or closed unread); unanswered: the request was sent but
its echo did not come back whole (closed early, or no reply within 10 s); timeouts: the connect
itself did not complete within 5 s.

    python3 restart_client.py HOST PORT STOP [THREADS] [MAX_SECONDS]
"""
import os
import socket
import sys
import threading
import time

host, port, stop = sys.argv[1], int(sys.argv[2]), sys.argv[3]
threads = int(sys.argv[4]) if len(sys.argv) > 4 else 8
max_seconds = float(sys.argv[5]) if len(sys.argv) > 5 else 120.0
deadline = time.monotonic() + max_seconds

counts = {"sent": 0, "answered": 0, "refused": 0, "reset": 0, "unanswered": 0, "timeouts": 0}
longest = [0.0]
lock = threading.Lock()


def count(key, started):
    with lock:
        counts[key] += 1
        longest[0] = max(longest[0], time.monotonic() - started)


def loop(index):
    i = 0
    while not os.path.exists(stop) and time.monotonic() < deadline:
        i += 1
        request = ("request %d.%d\n" % (index, i)).encode()
        started = time.monotonic()
        sent = False
        try:
            with socket.create_connection((host, port), timeout=5) as s:
                s.settimeout(10)
                s.sendall(request)
                sent = True
                with lock:
                    counts["sent"] += 1
                reply = b""
                while len(reply) < len(request):
                    chunk = s.recv(len(request) - len(reply))
                    if not chunk:
                        break
                    reply += chunk
            count("answered" if reply == request else "unanswered", started)
        except ConnectionRefusedError:
            count("refused", started)
        except (ConnectionResetError, BrokenPipeError):
            count("reset", started)
        except socket.timeout:
            count("unanswered" if sent else "timeouts", started)
        except OSError:
            count("unanswered" if sent else "reset", started)


workers = [threading.Thread(target=loop, args=(n,)) for n in range(threads)]
for worker in workers:
    worker.start()
for worker in workers:
    worker.join()
print("sent %(sent)d answered %(answered)d refused %(refused)d reset %(reset)d unanswered %(unanswered)d "
      "timeouts %(timeouts)d" % counts + " longest-ms %d" % (longest[0] * 1000), flush=True)
