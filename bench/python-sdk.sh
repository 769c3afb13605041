#!/usr/bin/env bash
# The official Python SDK (huaweicloudsdkdcs) against the local DCS stand-in.
#
#   bench/python-sdk.sh [--documented URL --records1000 URL] [python_sdk.py options...]
#
# Makes a virtual environment ($BENCH_VENV, default target/bench-venv) with the SDK pinned to
# the version the signing vectors come from, then runs bench/python_sdk.py. Without URLs it
# starts two stand-ins of its own (documented example; 1000 records) and stops them after.
# $CLIENT_CPU (default 1) pins the Python process when taskset is there and there are 2+ cores.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
venv=${BENCH_VENV:-$root/target/bench-venv}
sdk_version=${HWC_PY_SDK_VERSION:-3.1.219}

if [[ ! -x $venv/bin/python ]] || ! "$venv/bin/python" -c "import huaweicloudsdkdcs" 2>/dev/null; then
  echo "python-sdk: installing huaweicloudsdkcore/huaweicloudsdkdcs $sdk_version into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check \
    "huaweicloudsdkcore==$sdk_version" "huaweicloudsdkdcs==$sdk_version"
fi

source "$root/bench/lib.sh"
trap stop_standins EXIT

args=("$@")
if [[ " ${args[*]-} " != *" --documented "* ]]; then
  cargo build -q --release -p dcs-standin
  tmp=$(mktemp -d)
  start_standin doc "$tmp/doc.log"
  start_standin rec "$tmp/rec.log" --records 1000
  args+=(--documented "$doc" --records1000 "$rec")
fi
pin "${CLIENT_CPU:-1}" "$venv/bin/python" "$root/bench/python_sdk.py" "${args[@]}"
