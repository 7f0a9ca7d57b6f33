#!/usr/bin/env bash
# Runs every benchmark against the release build (make bench builds it: static Swift runtime,
# lld, packed relocations). Needs root (capture, 20,000 sockets).
set -euo pipefail
cd "$(dirname "$0")/.."
export PORTTUTOR_BIN="${PORTTUTOR_BIN:-$(pwd)/.build/release/porttutor}"
bench/capture/run.sh
python3 bench/connections/run.py --no-build
python3 bench/memory/run.py
