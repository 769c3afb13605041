#!/usr/bin/env bash
# Client-thread instructions per call of one contender of the `calls` bench, under callgrind:
# the difference of a 0.2 s and a 1.0 s run, divided by the difference in calls (each call is
# one `reqwest::async_impl::client::Client::execute_request`), which cancels setup, warm-up
# and the checking calls. Counts do not depend on the machine's load. Valgrind hides SHA-NI,
# so SHA-256 runs in software here (`sha2::sha256::compress256`, reported separately).
#
#   bench/instructions-per-call.sh BENCH_BINARY CONTENDER [CASE]    (CASE: documented_c16)
#
# BENCH_BINARY: `cargo bench -p dcs --bench calls --no-run` prints its path.
set -euo pipefail
bin=$1 who=$2 case=${3:-documented_c16}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
here=$(cd "$(dirname "$0")" && pwd)
for t in 0.2 1.0; do
  valgrind --tool=callgrind --separate-threads=yes --callgrind-out-file="$dir/cg-$t.%p" \
    "$bin" --case "$case" --contender "$who" --rounds 1 --round-time "$t" >/dev/null 2>&1
done
python3 "$here/cg_calls.py" "$(ls "$dir"/cg-0.2.*-01)" "$(ls "$dir"/cg-1.0.*-01)" "$who" "$case"
