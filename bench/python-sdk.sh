#!/usr/bin/env bash
# The official Python SDK (huaweicloudsdkdcs) against the local DCS stand-in.
#
#   bench/python-sdk.sh [--documented URL --records1000 URL] [python_sdk.py options...]
#
# Makes a virtual environment ($BENCH_VENV, default target/bench-venv) with the SDK pinned to
# the version the signing vectors come from (python_venv in bench/lib.sh), then runs
# bench/python_sdk.py alone: its samples are not interleaved with the Rust clients' runs
# (bench/run.sh does that through crates/dcs/benches/calls.rs). Without URLs it starts two
# stand-ins of its own (documented example; 1000 records) and stops them after.
# $CLIENT_CPU (default 1) pins the Python process when taskset is there and there are 2+ cores.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
source "$root/bench/lib.sh"
python=$(python_venv)
trap stop_standins EXIT

args=("$@")
if [[ " ${args[*]-} " != *" --documented "* ]]; then
  cargo build -q --release -p dcs-standin
  tmp=$(mktemp -d)
  start_standin doc "$tmp/doc.log"
  start_standin rec "$tmp/rec.log" --records 1000
  args+=(--documented "$doc" --records1000 "$rec")
fi
pin "${CLIENT_CPU:-1}" "$python" "$root/bench/python_sdk.py" "${args[@]}"
