#!/usr/bin/env bash
# Builds the packet decoder and tcpdump printer with libFuzzer (swiftc -sanitize=fuzzer)
# and runs it for a bounded time. Usage: fuzz/run.sh [SECONDS]   (default 120)
# Prints libFuzzer's summary; the number of inputs run is in its "Done N runs" line.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN="${1:-120}"
OUT=fuzz/out
mkdir -p "$OUT/corpus"
# The pure targets the printer is made of, compiled as one module (their imports of each
# other dropped), so libFuzzer instruments every line the packet bytes reach.
rm -rf "$OUT/src" && mkdir -p "$OUT/src"
targets=(Sources/CaptureCore Sources/SafeText)
grep -rqx 'import NetworkTypes' Sources/CaptureCore && targets+=(Sources/NetworkTypes)
for file in $(find "${targets[@]}" -name '*.swift'); do
  sed -E '/^import (SafeText|NetworkTypes)$/d' "$file" > "$OUT/src/$(echo "$file" | tr / _)"
done
SOURCES=("$OUT"/src/*.swift fuzz/FuzzTarget.swift)
swiftc -swift-version 6 -parse-as-library -O -g -sanitize=fuzzer,address -module-name CaptureFuzz \
  "${SOURCES[@]}" -o "$OUT/capture-fuzzer" > "$OUT/build.log" 2>&1 || { cat "$OUT/build.log"; exit 1; }
# Seed the corpus with a few real-shaped packets (Ethernet IPv4 TCP SYN, UDP, IPv6).
python3 - "$OUT/corpus" <<'PY'
import os, struct, sys
d = sys.argv[1]
def ip4(p, proto): return struct.pack('>BBHHHBBHII', 0x45, 0, 20 + len(p), 1, 0x4000, 64, proto, 0, 0x7f000001, 0x7f000001) + p
def tcp(flags, opts=b'', data=b''): return struct.pack('>HHIIBBHHH', 51234, 8080, 1, 2, (20 + len(opts)) // 4 << 4, flags, 512, 0, 0) + opts + data
eth = lambda ip, t=b'\x08\x00': b'\0' * 12 + t + ip
seeds = {
  'syn': b'\x00\x00' + eth(ip4(tcp(2, b'\x02\x04\xff\xd7\x04\x02\x08\x0a\0\0\0\1\0\0\0\0\x01\x03\x03\x0a'), 6)),
  'data': b'\x08\x00' + eth(ip4(tcp(0x18, b'', b'GET / HTTP/1.1\r\nHost: x\r\n\r\n'), 6)),
  'udp': b'\x10\x00' + eth(ip4(struct.pack('>HHHH', 1, 2, 13, 0) + b'hello', 17)),
  'v6': b'\x05\x00' + struct.pack('>IHBB', 0x60000000, 20, 6, 64) + b'\0' * 15 + b'\1' + b'\0' * 15 + b'\1' + tcp(0x11),
  'icmp': b'\x00\x80' + eth(ip4(b'\x03\x03\0\0\0\0\0\0' + ip4(struct.pack('>HHHH', 5, 18111, 9, 0) + b'x', 17), 1)),
}
for k, v in seeds.items():
    open(os.path.join(d, k), 'wb').write(v)
PY
"$OUT/capture-fuzzer" -max_total_time="$SECONDS_TO_RUN" -max_len=2048 -print_final_stats=1 "$OUT/corpus" 2>&1 | tee "$OUT/last-run.log" | grep -E 'Done|stat::|ERROR|crash' || true
grep -q 'ERROR' "$OUT/last-run.log" && { echo "fuzzer found a crash, see $OUT/last-run.log"; exit 1; }
echo "no crash"
