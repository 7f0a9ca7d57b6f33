#!/usr/bin/env bash
# Benchmarks `porttutor capture` against tcpdump.
#  1. Printing: a generated capture of 300,000 packets (TCP, UDP, DNS, ARP),
#     `-r FILE -nn -A` and `-r FILE -nn -v` to /dev/null, both tools in one run, several
#     repetitions alternating, medians and their ratio. Checks first that both print
#     byte-identical output for each flag set.
#  2. Live flood: a UDP flood on loopback captured by each tool in turn (same flood,
#     same kernel buffer size, printing -nn -A to /dev/null); kernel drops compared.
# Usage: bench/capture/run.sh [PACKETS] [REPETITIONS] [FLOOD_SECONDS]   (needs root)
set -euo pipefail
cd "$(dirname "$0")/../.."
PACKETS="${1:-300000}"
REPS="${2:-5}"
FLOOD_SECONDS="${3:-5}"
OUT=bench/out
mkdir -p "$OUT"
# make bench hands over the binary it built (PORTTUTOR_BIN); run alone, this builds one.
if [ -n "${PORTTUTOR_BIN:-}" ]; then
  PT="$PORTTUTOR_BIN"
else
  swift build -c release --product porttutor > "$OUT/build.log" 2>&1 || { cat "$OUT/build.log"; exit 1; }
  PT="$(swift build -c release --show-bin-path)/porttutor"
fi
TCPDUMP="$(command -v tcpdump)"
PCAP="$OUT/bench-dns-arp-$PACKETS.pcap"
[ -f "$PCAP" ] || python3 bench/capture/generate_pcap.py "$PCAP" "$PACKETS"
echo "capture: $PCAP ($(stat -c %s "$PCAP") bytes, $PACKETS packets)"
echo "tools:   $("$TCPDUMP" --version 2>&1 | head -1); porttutor $PT"

seconds() { local s e; s=$(date +%s.%N); "$@" > /dev/null 2>&1; e=$(date +%s.%N); python3 -c "print($e - $s)"; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
# Each flag set: check both tools print the same bytes, then time them alternating.
for FLAGS in "-nn -A" "-nn -v"; do
  # shellcheck disable=SC2086
  if cmp -s <("$TCPDUMP" $FLAGS -r "$PCAP" 2>/dev/null) <("$PT" capture $FLAGS -r "$PCAP" 2>/dev/null); then
    echo "output:  identical ($FLAGS)"
  else
    echo "output:  DIFFERENT ($FLAGS)"
  fi
  : > "$OUT/tcpdump.times"; : > "$OUT/porttutor.times"
  for i in $(seq "$REPS"); do
    # shellcheck disable=SC2086
    seconds "$TCPDUMP" $FLAGS -r "$PCAP" >> "$OUT/tcpdump.times"
    # shellcheck disable=SC2086
    seconds "$PT" capture $FLAGS -r "$PCAP" >> "$OUT/porttutor.times"
  done
  T=$(median < "$OUT/tcpdump.times"); P=$(median < "$OUT/porttutor.times")
  printf 'print %s, median of %s: tcpdump %.3f s, porttutor %.3f s, ratio porttutor/tcpdump %.3f\n' "$FLAGS" "$REPS" "$T" "$P" "$(python3 -c "print($P / $T)")"
done

# Live flood: each tool captures the same flood in turn.
flood_run() {  # $1 = name, rest = capture command
  local name=$1; shift
  "$@" > /dev/null 2> "$OUT/$name.flood.err" &
  local pid=$!
  sleep 1
  local sent; sent=$(python3 bench/capture/flood.py 18199 "$FLOOD_SECONDS")
  sleep 1
  kill -INT "$pid"; wait "$pid" || true
  local captured dropped
  captured=$(grep -E 'packets captured' "$OUT/$name.flood.err" | awk '{print $1}')
  dropped=$(grep -E 'dropped by kernel' "$OUT/$name.flood.err" | awk '{print $1}')
  printf 'flood %-9s sent %8s, captured %8s, dropped by kernel %8s\n' "$name" "$sent" "$captured" "$dropped"
}
if [ "$(id -u)" = 0 ]; then
  flood_run tcpdump "$TCPDUMP" -i lo -B 4096 -nn -A udp port 18199
  flood_run porttutor "$PT" capture -i lo -nn -A udp port 18199
  # Immediate mode (what the pane uses; tcpdump --immediate-mode, porttutor -l): per-packet delivery.
  flood_run tcpdump-imm "$TCPDUMP" --immediate-mode -i lo -B 4096 -nn -A udp port 18199
  flood_run porttutor-l "$PT" capture -l -i lo -nn -A udp port 18199
else
  echo "flood: skipped (needs root to capture)"
fi
