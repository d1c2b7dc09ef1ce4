#!/usr/bin/env python3
"""idle-clients.py: open N TCP connections to a Redis-compatible server and hold them idle.

Used by benchmarks/c10k.sh and benchmarks/select-vs-epoll.sh; usable on its own:

    benchmarks/idle-clients.py --port 6379 --count 10000            # open, PING once, hold until Ctrl-C
    benchmarks/idle-clients.py --port 6379 --count 10000 --extra 5  # 5 more beyond: expect -ERR max clients
    benchmarks/idle-clients.py --port 6379 --count 500 --no-ping    # connect only, never send a byte

What it does:
  1. Raises its own RLIMIT_NOFILE (soft up to the hard limit; as root also the hard limit) so
     that it can hold --count + --extra sockets, and prints the limit it got.
  2. Opens --count + --extra connections one after the other (connection k is the k-th the
     server accepts: accepts are first come, first served).
  3. With --ping (the default) sends one PING on every connection, as a connection pool does
     when it checks a new connection, and reads each reply. Each connection is then one of:
       accepted   +PONG                                  (the server keeps it)
       rejected   -ERR max number of clients reached     (then closed by the server)
       closed     closed or reset without a reply        (e.g. select(2) refusing fd >= 1024)
       other      any other reply
       no reply   nothing within --reply-timeout seconds
     With --no-ping it sends nothing and waits --reply-timeout seconds for unsolicited data:
     a rejected connection gets the -ERR line and EOF; silence counts as accepted.
  4. Prints one line of JSON with the counts (also to --ready-file if given, written
     atomically: the calling script waits for that file), then holds every accepted
     connection open and idle until SIGTERM, SIGINT, or stdin reaching EOF (--hold-stdin).
     --exit closes everything and exits right after the report instead of holding.

Nothing here asserts: the counts are reported, the caller decides.
"""
import argparse
import errno
import json
import os
import resource
import selectors
import signal
import socket
import sys
import time

MAXCLIENTS_ERR = b"-ERR max number of clients reached"


def log(msg):
    print(f"idle-clients: {msg}", file=sys.stderr, flush=True)


def raise_nofile(needed):
    """Soft limit to at least `needed` (as far as the hard limit allows; root may raise the hard one)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft >= needed:
        return soft, hard
    if hard != resource.RLIM_INFINITY and hard < needed:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (needed, needed))
            return needed, needed
        except (ValueError, OSError):
            pass  # not root: settle for the hard limit
    target = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    except (ValueError, OSError) as e:
        log(f"could not raise RLIMIT_NOFILE to {target}: {e}")
    return resource.getrlimit(resource.RLIMIT_NOFILE)


def open_connections(host, port, n, timeout):
    socks, failed = [], 0
    last_err = None
    for i in range(n):
        s = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
        s.settimeout(timeout)
        try:
            s.connect((host, port))
        except OSError as e:
            s.close()
            failed += 1
            last_err = e
            if e.errno in (errno.EMFILE, errno.ENFILE, errno.EADDRNOTAVAIL):
                log(f"connect #{i + 1} failed: {e}; stopping here")
                failed += n - i - 1
                break
            continue
        s.setblocking(False)
        socks.append(s)
        if (i + 1) % 2000 == 0:
            log(f"{i + 1}/{n} connected")
    if failed:
        log(f"{failed} connect(s) failed (last error: {last_err})")
    return socks, failed


def classify(socks, ping, reply_timeout):
    """Returns a list of states (same order as socks) and the received bytes per socket."""
    sel = selectors.DefaultSelector()
    got = [b""] * len(socks)
    state = [None] * len(socks)
    for i, s in enumerate(socks):
        if ping:
            try:
                s.send(b"*1\r\n$4\r\nPING\r\n")
            except OSError:
                state[i] = "closed"
                continue
        sel.register(s, selectors.EVENT_READ, i)
    deadline = time.monotonic() + reply_timeout
    pending = sum(1 for x in state if x is None)
    while pending and time.monotonic() < deadline:
        for key, _ in sel.select(timeout=max(0.0, deadline - time.monotonic())):
            i = key.data
            try:
                data = key.fileobj.recv(4096)
            except OSError:
                data = None
            if data:
                got[i] += data
                if ping and got[i].startswith(b"+PONG\r\n"):
                    state[i] = "accepted"
                elif got[i].startswith(MAXCLIENTS_ERR):
                    state[i] = "rejected"
                elif not got[i].endswith(b"\r\n"):
                    continue  # partial line: wait for the rest
                else:
                    state[i] = "other"
            else:
                # EOF or reset: a rejection's -ERR may have come first.
                state[i] = "rejected" if got[i].startswith(MAXCLIENTS_ERR) else "closed"
            sel.unregister(key.fileobj)
            pending -= 1
    sel.close()
    for i in range(len(state)):
        if state[i] is None:
            state[i] = "noreply" if ping else "accepted"
    return state, got


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--count", type=int, required=True, help="connections to open and hold")
    ap.add_argument("--extra", type=int, default=0, help="connections opened after --count (expected to be refused)")
    ap.add_argument("--ping", dest="ping", action="store_true", default=True, help="PING each connection once (default)")
    ap.add_argument("--no-ping", dest="ping", action="store_false", help="send nothing at all")
    ap.add_argument("--connect-timeout", type=float, default=10.0)
    ap.add_argument("--reply-timeout", type=float, default=None,
                    help="seconds to wait for replies (default: 10 with --ping, 1 with --no-ping)")
    ap.add_argument("--ready-file", help="also write the JSON report here (atomically)")
    ap.add_argument("--hold-stdin", action="store_true", help="also stop holding when stdin reaches EOF")
    ap.add_argument("--exit", action="store_true", help="report, close everything and exit (no holding)")
    a = ap.parse_args()
    if a.reply_timeout is None:
        a.reply_timeout = 10.0 if a.ping else 1.0

    total = a.count + a.extra
    soft, hard = raise_nofile(total + 64)
    log(f"RLIMIT_NOFILE soft={soft} hard={hard} (needed {total + 64})")

    stop = {"flag": False}

    def on_signal(signum, frame):
        stop["flag"] = True
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    t0 = time.monotonic()
    socks, connect_failed = open_connections(a.host, a.port, total, a.connect_timeout)
    t_connect = time.monotonic() - t0
    states, got = classify(socks, a.ping, a.reply_timeout)
    counts = {k: 0 for k in ("accepted", "rejected", "closed", "other", "noreply")}
    for st in states:
        counts[st] += 1
    # Where the refusals start: the first rejected connection's 1-based position.
    first_rejected = next((i + 1 for i, st in enumerate(states) if st == "rejected"), None)
    # How the --extra connections (the last ones) fared, separately from the first --count.
    extra_states = states[a.count:] if len(states) > a.count else []
    report = {
        "requested": a.count, "extra": a.extra, "opened": len(socks), "connect_failed": connect_failed,
        **counts,
        "extra_rejected": sum(1 for st in extra_states if st == "rejected"),
        "first_rejected": first_rejected,
        "other_sample": next((got[i][:80].decode("latin-1") for i, st in enumerate(states) if st == "other"), None),
        "nofile_soft": soft, "nofile_hard": hard, "ping": a.ping,
        "connect_seconds": round(t_connect, 2),
    }
    # Keep only what the server kept; close the rest.
    held = []
    for s, st in zip(socks, states):
        if st in ("accepted", "noreply"):
            held.append(s)
        else:
            s.close()
    line = json.dumps(report)
    print(line, flush=True)
    if a.ready_file:
        tmp = a.ready_file + ".tmp"
        with open(tmp, "w") as f:
            f.write(line + "\n")
        os.replace(tmp, a.ready_file)
    if a.exit:
        for s in held:
            s.close()
        return 0
    log(f"holding {len(held)} idle connection(s); SIGTERM or Ctrl-C to close them")
    sel = selectors.DefaultSelector()
    if a.hold_stdin:
        sel.register(sys.stdin, selectors.EVENT_READ)
    while not stop["flag"]:
        if a.hold_stdin:
            if sel.select(timeout=0.5) and not sys.stdin.buffer.read1(4096):
                break
        else:
            time.sleep(0.5)
    for s in held:
        s.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
