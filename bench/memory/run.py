#!/usr/bin/env python3
"""Peak memory (peak RSS, the kernel's VmHWM, as GNU time reports it) of porttutor's headless
commands beside the tools they stand for, each run alone, the median of several runs:

    porttutor --version                  vs  tcpdump --version, ss -V
    porttutor capture -nn -r FILE        vs  tcpdump -nn -r FILE     (the lesson's recording, and a big capture)
    porttutor capture -i lo -c N -nn     vs  tcpdump -i lo -c N -nn  (live, N loopback UDP packets; root)
    porttutor connections -tan / -tanp   vs  ss -tan / ss -tanp      (with HELD loopback connections open)

Usage: python3 bench/memory/run.py [--runs N] [--held N] [--big-pcap FILE]
porttutor is $PORTTUTOR_BIN, else .build/release/porttutor (make bench builds it). Timing and
memory live in bench/, never in tests.
"""
import argparse, os, socket, statistics, subprocess, sys, tempfile, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PORTTUTOR = os.environ.get("PORTTUTOR_BIN") or os.path.join(ROOT, ".build", "release", "porttutor")
RECORDING = os.path.join(ROOT, "Lessons", "tls-on-loopback.pcap")
LIVE_PORT = 18605
TIME = "/usr/bin/time"  # GNU time (Debian package `time`)


def peak_kb(argv, during=None):
    """Runs argv to its end (output discarded) and returns its peak RSS in KB, as GNU time
    reports it. (Not wait4 from here: a child forked from this Python process starts with
    Python's resident pages, and the kernel keeps that high-water mark across exec.)
    `during` runs beside it (to send the packets a live capture waits for)."""
    with tempfile.NamedTemporaryFile("r") as report:
        process = subprocess.Popen([TIME, "-f", "%M", "-o", report.name] + argv,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if during:
            threading.Thread(target=during, args=(process,), daemon=True).start()
        if process.wait() != 0:
            raise SystemExit(f"{' '.join(argv)} exited with {process.returncode}")
        return int(report.read().split()[-1])


def median_kb(argv, runs, during=None):
    return statistics.median(peak_kb(argv, during) for _ in range(runs))


def send_packets(process):
    """Loopback UDP packets until the capture (-c N) has what it counts, bounded."""
    sender = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for _ in range(2000):
        if process.poll() is not None:
            break
        sender.sendto(b"porttutor memory bench", ("127.0.0.1", LIVE_PORT))
        time.sleep(0.005)
    sender.close()


def hold_connections(count):
    """`count` established loopback TCP connections (both ends), so the socket table has rows."""
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", LIVE_PORT + 1))
    listener.listen(1024)
    held = [listener]
    for _ in range(count):
        client = socket.create_connection(("127.0.0.1", LIVE_PORT + 1))
        server, _ = listener.accept()
        held += [client, server]
    return held


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--held", type=int, default=500, help="loopback connections held open for the socket table")
    parser.add_argument("--big-pcap", default=os.path.join(ROOT, "bench", "out", "bench-300000.pcap"))
    options = parser.parse_args()
    if not os.access(TIME, os.X_OK):
        raise SystemExit("the memory bench needs GNU time at /usr/bin/time (apt-get install time)")
    if not os.access(PORTTUTOR, os.X_OK):
        raise SystemExit(f"no porttutor at {PORTTUTOR}: run make release (or set PORTTUTOR_BIN)")
    root = os.geteuid() == 0

    rows = []  # (what, porttutor argv, tool name, tool argv, during)
    rows.append(("start-up", [PORTTUTOR, "--version"], "tcpdump", ["tcpdump", "--version"], None))
    rows.append(("start-up", [PORTTUTOR, "--version"], "ss", ["ss", "-V"], None))
    rows.append(("read the lesson's recording", [PORTTUTOR, "capture", "-nn", "-r", RECORDING], "tcpdump", ["tcpdump", "-nn", "-r", RECORDING], None))
    if os.path.exists(options.big_pcap):
        rows.append((f"read {os.path.basename(options.big_pcap)} -A", [PORTTUTOR, "capture", "-nn", "-A", "-r", options.big_pcap],
                     "tcpdump", ["tcpdump", "-nn", "-A", "-r", options.big_pcap], None))
    if root:
        live = ["-i", "lo", "-c", "200", "-nn", "udp", "port", str(LIVE_PORT)]
        rows.append(("live capture, 200 packets", [PORTTUTOR, "capture"] + live, "tcpdump", ["tcpdump"] + live, send_packets))
    held = hold_connections(options.held)
    rows.append((f"socket table, {options.held} connections held", [PORTTUTOR, "connections", "-tan"], "ss", ["ss", "-tan"], None))
    rows.append((f"socket table with processes", [PORTTUTOR, "connections", "-tanp"], "ss", ["ss", "-tanp"], None))

    print(f"peak RSS (VmHWM), median of {options.runs} runs; porttutor: {PORTTUTOR}")
    print(f"{'what':44} {'porttutor':>10} {'tool':>18} {'ratio':>6}")
    for what, ours, tool, theirs, during in rows:
        mine = median_kb(ours, options.runs, during)
        other = median_kb(theirs, options.runs, during)
        print(f"{what:44} {mine / 1024:8.1f} MB {tool:>8} {other / 1024:6.1f} MB {mine / other:6.2f}")
        sys.stdout.flush()
    for sock in held:
        sock.close()


if __name__ == "__main__":
    main()
