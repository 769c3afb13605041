#!/usr/bin/env bash
# Random requests signed by the official Python SDK and by hwc-runtime, compared field by field
# (tests/signing/differential.py says what is drawn and compared). Arguments go to it:
#
#   tests/signing/run.sh [--count N] [--seed S] [--show K]
#
# Needs ../shared (or SHARED_DIR) for make_vectors.py, and the SDK pinned as the wire harness
# pins it, in the same virtual environment (WIRE_VENV, default target/wire-venv).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
shared=${SHARED_DIR:-$root/../shared}
venv=${WIRE_VENV:-$root/target/wire-venv}
sdk_version=${HWC_PY_SDK_VERSION:-3.1.219}

# make_vectors.py imports the DCS package too (its client-pipeline vectors).
source tests/sdk-venv.sh
sdk_venv "$venv" "huaweicloudsdkcore==$sdk_version" "huaweicloudsdkdcs==$sdk_version"

cargo build -q -p hwc-runtime --features asymmetric --example sign
"$venv/bin/python" tests/signing/differential.py --shared "$shared" \
  --signer "$root/target/debug/examples/sign" "$@"
