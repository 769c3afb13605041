#!/usr/bin/env bash
# Wire equality with the official Python SDK (README: "Wire equality with the official SDK").
#
#   tests/wire/run.sh [wire_eq.py options...]     e.g. --service dcs --service ecs --require 2
#   tests/wire/run.sh --all-cli [--service SVC ...] [wire_eq.py options...]
#                     the long run: generate and build every corpus's `hwc-SVC` (below,
#                     HWC_WIRE_BUILD_CLIS) and send through those command lines; about 25
#                     minutes for the twelve services on a 2-core machine, most of it building
#
# Environment:
#   HWC_WIRE_SENDER   the command that sends one call, `{svc}` replaced by the service folder:
#                     `target/debug/hwc`, or `OUT/{svc}/target/debug/hwc-{svc}` for crates made
#                     by `cargo xtask gen --spec DIR --out OUT --service SVC` and built with
#                     `cargo build --features cli`. Default: the runtime-level stand-in
#                     (crates/hwc-runtime/examples/wire_send.rs), built here.
#   WIRE_VENV         the Python virtual environment (default target/wire-venv), made here with
#                     huaweicloudsdkcore and huaweicloudsdk<svc> pinned to HWC_PY_SDK_VERSION
#                     (default 3.1.219, the version of ../shared/fidelity's truth files).
#   HWC_WIRE_BUILD_CLIS=1  (what --all-cli sets) generate each corpus's crate (`cargo xtask gen --spec CORPUS --out
#                     target/wire-cli/SVC --service SVC`), build its `hwc-SVC` with
#                     `cargo build --features cli` (target dir target/corpus, as .ci/run's
#                     corpus crates) and send through those binaries: the workspace's own
#                     `hwc` knows only the DCS operations of spec/dcs, not the whole corpus.
#   SHARED_DIR        where the corpora are (default ../shared).
#
# Runs the harness's self-test, the SDK's stated wire behaviour on both sides
# (expectations.py), a sender wrong on purpose (bad_sender.py, which must fail), then every
# operation of each service (wire_eq.py).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
shared=${SHARED_DIR:-$root/../shared}
venv=${WIRE_VENV:-$root/target/wire-venv}
sdk_version=${HWC_PY_SDK_VERSION:-3.1.219}
services=(dcs ecs vpc evs iam elb apig mrs modelarts oms sdrs cbr)

# The services named by --service, else all twelve; --all-cli is this script's own.
wanted=()
args=()
for a in "$@"; do
  if [[ $a == --all-cli ]]; then HWC_WIRE_BUILD_CLIS=1; else args+=("$a"); fi
done
set -- "${args[@]}"
for ((i = 0; i < ${#args[@]}; i++)); do
  [[ ${args[i]} == --service ]] && wanted+=("${args[i + 1]:-}")
done
(( ${#wanted[@]} )) && services=("${wanted[@]}")

packages=("huaweicloudsdkcore==$sdk_version")
# expectations.py uses DCS and ELB operations whatever services are compared.
for s in dcs elb "${services[@]}"; do packages+=("huaweicloudsdk$s==$sdk_version"); done
source tests/sdk-venv.sh
sdk_venv "$venv" "${packages[@]}"

cargo build -q -p xtask
if [[ ${HWC_WIRE_BUILD_CLIS:-} == 1 ]]; then
  # One after the other, into one target dir: the dependencies are built once, and two
  # builds at a time would only compete for the cores.
  for s in "${services[@]}"; do
    out=$root/target/wire-cli/$s
    rm -rf "$out"
    started=$SECONDS
    "$root/target/debug/xtask" gen --spec "$shared/corpus/$s" --out "$out" --service "$s" 2>/dev/null
    cp Cargo.lock "$out/"
    (cd "$out" && CARGO_TARGET_DIR=$root/target/corpus cargo build -q --features cli)
    echo "built hwc-$s ($((SECONDS - started)) s)"
  done
  HWC_WIRE_SENDER="$root/target/corpus/debug/hwc-{svc}"
fi
if [[ -z ${HWC_WIRE_SENDER:-} ]]; then
  cargo build -q -p hwc-runtime --example wire_send
  HWC_WIRE_SENDER=$root/target/debug/examples/wire_send
  echo "sender: the runtime-level stand-in ($HWC_WIRE_SENDER), not the hwc command line" >&2
fi

common=(--corpus "$shared/corpus" --xtask "$root/target/debug/xtask")
python3 tests/wire/selftest.py
"$venv/bin/python" tests/wire/expectations.py --sender "$HWC_WIRE_SENDER" "${common[@]}"
# A sender wrong on purpose must fail, with each of its faults named.
if "$venv/bin/python" tests/wire/wire_eq.py --sender "$venv/bin/python tests/wire/bad_sender.py" \
  --service dcs "${common[@]}" >"$root/target/wire-bad-sender.txt"; then
  echo "wire_eq.py passed a sender that encodes differently" >&2
  exit 1
fi
for fault in "path " "query " "content-type "; do
  grep -q "differences: .*$fault[0-9]" "$root/target/wire-bad-sender.txt" ||
    { echo "wire_eq.py did not report the bad sender's ${fault% } difference" >&2; exit 1; }
done
echo "the wrong-on-purpose sender fails: path, query and Content-Type differences reported"
"$venv/bin/python" tests/wire/wire_eq.py --sender "$HWC_WIRE_SENDER" "${common[@]}" "$@"
