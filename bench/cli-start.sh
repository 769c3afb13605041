#!/usr/bin/env bash
# The command line's speed (issue 22 item 5): one call to the DCS stand-in through the
# release `hwc`, process start to exit, beside the same call by a fresh `python3` process with
# the official SDK, in interleaved rounds; the release binary's size; and `hwc-apig --help`
# with the whole APIG corpus (338 operations) compiled in.
#
#   bench/cli-start.sh [--rounds N] [--json OUT]      (default 20 rounds)
#
# Builds target/release/hwc and target/release/dcs-standin, and the APIG crate generated from
# $HWC_CORPUS/apig (default ../shared/corpus/apig) into target/bench-cli/apig, released into
# the shared target dir target/corpus (as the wire-equality run's crates), so a second run
# builds nothing. The SDK comes from bench/lib.sh's python_venv (huaweicloudsdkdcs 3.1.219).
# The stand-in is pinned to $SERVER_CPU (0), the measuring script and its children to
# $CLIENT_CPU (1) when taskset is there.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
source "$root/bench/lib.sh"
corpus=${HWC_CORPUS:-$root/../shared/corpus}
python=$(python_venv)
trap stop_standins EXIT

cargo build -q --release -p hwc-cli --bin hwc
cargo build -q --release -p dcs-standin --bin dcs-standin
cargo build -q -p xtask
apig=$root/target/bench-cli/apig
if [[ ! -f $apig/Cargo.toml ]]; then
  "$root/target/debug/xtask" gen --spec "$corpus/apig" --out "$apig" --service apig >/dev/null 2>&1
  cp Cargo.lock "$apig/"
fi
(cd "$apig" && CARGO_TARGET_DIR=$root/target/corpus cargo build -q --release --features cli)
apig_bin=$root/target/corpus/release/hwc-apig
ops=$("$apig_bin" APIG --help | grep -c '^  [A-Z]' || true)
echo "hwc-apig: $ops operations listed by \`hwc-apig APIG --help\`"

tmp=$(mktemp -d)
start_standin standin "$tmp/standin.log"
pin "${CLIENT_CPU:-1}" "$python" "$root/bench/cli_start.py" --hwc "$root/target/release/hwc" \
  --python "$python" --endpoint "$standin" --help-cmd "$apig_bin --help" \
  --help-cmd "$apig_bin APIG --help" "$@"
rm -rf "$tmp"
