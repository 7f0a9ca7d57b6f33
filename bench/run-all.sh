#!/usr/bin/env bash
# Runs every benchmark against the release build. Needs root (capture, 20,000 sockets).
set -euo pipefail
cd "$(dirname "$0")/.."
bench/capture/run.sh
python3 bench/connections/run.py
