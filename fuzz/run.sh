#!/usr/bin/env bash
# Builds porttutor's fuzz targets from the package and runs each for a bounded time.
# Usage: fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]   (default 60 s each, every target)
#
# fuzz/make-package.py writes a package under .build/fuzz whose targets are links to
# porttutor's own (read from Package.swift by `swift package describe`) plus fuzz/Targets/*,
# so the fuzzers always build from the code as it is. SwiftPM builds it instrumented for
# libFuzzer (coverage and AddressSanitizer) and links libFuzzer's library without its main:
# each target's main calls libFuzzer's driver (fuzz/Support). A crash, a failed promise (a
# control character in the output) or a hang fails the run; the input is kept in
# .build/fuzz/crashes and libFuzzer's statistics in .build/fuzz/logs.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH="${1:-60}"
shift || true
ROOT="$(pwd)"
OUT="$ROOT/.build/fuzz"
mkdir -p "$OUT/logs" "$OUT/crashes"

ALL=$(python3 fuzz/make-package.py "$ROOT" "$OUT/package")
TARGETS="${*:-$ALL}"

SWIFTC="$(readlink -f "$(command -v swiftc)")"
ARCH="$(uname -m)"
NO_MAIN=$(ls "$(dirname "$SWIFTC")"/../lib/clang/*/lib/linux/libclang_rt.fuzzer_no_main-"$ARCH".a 2>/dev/null | head -1)
[ -n "$NO_MAIN" ] || { echo "fuzz: libFuzzer (libclang_rt.fuzzer_no_main) not found beside $SWIFTC"; exit 1; }
FLAGS=(--package-path "$OUT/package" --scratch-path "$OUT/build"
       -Xswiftc -sanitize=address -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp
       -Xlinker "$NO_MAIN" -Xlinker -lstdc++)
if ! swift build "${FLAGS[@]}" > "$OUT/logs/build.log" 2>&1; then
  grep -v 'Cannot export local symbol' "$OUT/logs/build.log" | grep -E -A3 'error' | head -40
  echo "fuzz: the targets did not build (full log: $OUT/logs/build.log)"
  exit 1
fi
BIN="$(swift build "${FLAGS[@]}" --show-bin-path)"

failed=0
for target in $TARGETS; do
  corpus="$OUT/corpus/$target"
  mkdir -p "$corpus"
  seeds=()
  [ -d "fuzz/corpus/$target" ] && seeds=("fuzz/corpus/$target")
  log="$OUT/logs/$target.log"
  if "$BIN/fuzz-$target" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
       -print_final_stats=1 -artifact_prefix="$OUT/crashes/$target-" "$corpus" "${seeds[@]}" > "$log" 2>&1; then
    echo "fuzz $target: $(grep -Eo 'Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1), no crash"
  else
    failed=1
    grep -E 'ERROR|Fatal error|==[0-9]+==|Test unit written' "$log" | head -8 || true
    echo "fuzz $target: FAILED (log: $log)"
  fi
done
exit $failed
