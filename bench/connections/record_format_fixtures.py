#!/usr/bin/env python3
"""Records the golden files of the formatter tests (Tests/ConnectionsTests/Fixtures/format/).

Opens a known set of loopback sockets on ports 18220-18229, then at one moment records
what ss and netstat print for them and what `porttutor connections --json -p` reads, so
the tests can rebuild the rows and check the formatter byte for byte against the real
tools. Run as root from the package directory after `swift build`:

    python3 bench/connections/record_format_fixtures.py
"""
import os, socket, subprocess, sys, time

OUT = "Tests/ConnectionsTests/Fixtures/format"
PORTER = ".build/debug/porttutor"
os.makedirs(OUT, exist_ok=True)
keep = []

def reuse(s):
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    return s

# TCP over IPv4: a listener, an accepted connection, bytes waiting on both sides.
l4 = reuse(socket.socket()); l4.bind(("127.0.0.1", 18220)); l4.listen(8)
c4 = socket.create_connection(("127.0.0.1", 18220)); a4, _ = l4.accept()
c4.send(b"x" * 17)                       # Recv-Q 17 on the accepted end
keep += [l4, c4, a4]
# TCP over IPv6: ::1 listener and pair; dual-stack :: listener with an IPv4 client; v6-only ::.
l6 = reuse(socket.socket(socket.AF_INET6)); l6.bind(("::1", 18221)); l6.listen(8)
c6 = socket.create_connection(("::1", 18221)); a6, _ = l6.accept()
dual = reuse(socket.socket(socket.AF_INET6)); dual.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
dual.bind(("::", 18222)); dual.listen(8)
cm = socket.create_connection(("127.0.0.1", 18222)); am, _ = dual.accept()
only6 = reuse(socket.socket(socket.AF_INET6)); only6.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
only6.bind(("::", 18223)); only6.listen(8)
keep += [l6, c6, a6, dual, cm, am, only6]
# UDP: unconnected, connected (with a datagram waiting), dual-stack IPv6.
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("127.0.0.1", 18224))
uc = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); uc.bind(("127.0.0.1", 18225)); uc.connect(("127.0.0.1", 18224))
uc.send(b"hello")
u6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); u6.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
u6.bind(("::", 18226))
keep += [u, uc, u6]
# TIME-WAIT: the client closes first.
lt = reuse(socket.socket()); lt.bind(("127.0.0.1", 18227)); lt.listen(1)
ct = socket.create_connection(("127.0.0.1", 18227)); at, _ = lt.accept()
ct.close(); time.sleep(0.2); at.close(); lt.close()
# A connection waiting to be accepted: Recv-Q 1 on the listener, no process for the child.
lq = reuse(socket.socket()); lq.bind(("127.0.0.1", 18228)); lq.listen(5)
cq = socket.create_connection(("127.0.0.1", 18228))
keep += [lq, cq]
time.sleep(0.3)

FILTER = "( sport >= :18220 and sport <= :18229 ) or ( dport >= :18220 and dport <= :18229 )"
PORTS = [str(p) for p in range(18220, 18230)]

def run(args):
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout

recordings = {
    "ss-tuan.txt": ["ss", "-tuan", FILTER],
    "ss-tua.txt": ["ss", "-tua", FILTER],
    "ss-tuanp.txt": ["ss", "-tuanp", FILTER],
    "ss-tlnH.txt": ["ss", "-tlnH", FILTER],
    "ss-tn-established.txt": ["ss", "-tn", "state", "established", FILTER],
    "ss-un.txt": ["ss", "-un", FILTER],
}
texts = {name: run(args) for name, args in recordings.items()}
rows = run([PORTER, "connections", "-tuanp", "--json", FILTER])
netstat = run(["netstat", "-tuanp"])
netstat_plain = run(["netstat", "-tun"])
texts["ss-tuan.txt"] == run(["ss", "-tuan", FILTER]) or sys.exit("sockets changed while recording; run again")

def mine(text):
    lines = text.splitlines(keepends=True)
    return "".join(lines[:2] + [l for l in lines[2:] if any(":" + p + " " in l for p in PORTS)])

for name, text in texts.items():
    open(os.path.join(OUT, name), "w").write(text)
open(os.path.join(OUT, "rows.json"), "w").write(rows)
open(os.path.join(OUT, "netstat-tuanp.txt"), "w").write(mine(netstat))
open(os.path.join(OUT, "netstat-tun.txt"), "w").write(mine(netstat_plain))
open(os.path.join(OUT, "services"), "w").write(
    "# Service names for the formatter tests (services(5) format).\n"
    "http-alt\t8080/tcp\twebcache\n"
    "pt-demo\t\t18220/tcp\n"
    "pt-dgram\t18224/udp\n"
    "pt-late\t\t18220/tcp\t# a second name for the same port: the first wins\n")
print("recorded", len(texts) + 4, "files in", OUT)
