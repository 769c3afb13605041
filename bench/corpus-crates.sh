#!/usr/bin/env bash
# Generates a standalone crate from every corpus folder in ../shared/corpus (both templates)
# and checks that each builds, lints clean and passes its example tests: the claim "generated
# code compiles for every service", beyond the two crates .ci/run builds. About 25 minutes
# on 2 cores the first time. Usage: bash bench/corpus-crates.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
shared=${SHARED_DIR:-$root/../shared}
out=${1:-$root/target/corpus-crates}
mkdir -p "$out"
cargo build -q -p xtask
failed=()
for dir in "$shared"/corpus/*/ "$shared"/corpus/dcs-history/*/; do
  [[ -n $(ls "$dir"/*.md 2>/dev/null) ]] || continue
  rel=${dir#"$shared/corpus/"}; rel=${rel%/}
  name=$(echo "$rel" | tr '/-' '__')
  service=$(echo "$rel" | cut -d/ -f1 | sed 's/-history//')
  start=$(date +%s)
  "$root/target/debug/xtask" gen --spec "$dir" --out "$out/$name" --service "$service" 2>"$out/$name.gen.log"
  cp Cargo.lock "$out/$name/"
  if (cd "$out/$name" && CARGO_TARGET_DIR="$root/target/corpus" cargo clippy -q --all-targets -- -D warnings \
        && CARGO_TARGET_DIR="$root/target/corpus" cargo test -q) >"$out/$name.log" 2>&1; then
    echo "$rel: ok ($(ls "$out/$name/src/generated" | wc -l) files, $(( $(date +%s) - start )) s)"
  else
    echo "$rel: FAILED (see $out/$name.log)"
    failed+=("$rel")
  fi
done
[[ ${#failed[@]} -eq 0 ]] || { echo "failed: ${failed[*]}"; exit 1; }
