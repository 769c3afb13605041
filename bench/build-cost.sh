#!/usr/bin/env bash
# Build cost of generated crates: clean build time and size, for one operation (spec/dcs) and
# for all DCS operations (every page of the corpus), so that growth per operation is known.
#
#   bench/build-cost.sh OUT.json [CORPUS_DIR]      (default corpus: ../shared/corpus/dcs)
#
# The all-operations crate is built twice: with its default features (every operation) and
# with only one operation's feature (`all_one_feature`; $BUILD_FEATURE, default
# list_bigkey_scan_tasks), which is what a user of one operation of the generated crate
# compiles. $BUILD_SERVICE (default dcs) names the all-operations crate, e.g. apig for the
# APIG corpus.
#
# Both crates are generated with `xtask gen --spec DIR --out DIR --service NAME` into
# target/bench-build/crates and built against one shared target dir, so dependencies are built
# once. Per crate and profile, $BUILD_RUNS times (default 3): `cargo clean -p dcs`, then
# `cargo build`; the time is that of the generated crate alone. The first build from nothing
# (dependencies included) is timed once per profile and reported as a note.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out_json=$1
corpus=${2:-$root/../shared/corpus/dcs}
runs=${BUILD_RUNS:-3}
service=${BUILD_SERVICE:-dcs}
feature=${BUILD_FEATURE:-}
work=${BUILD_WORK:-$root/target/bench-build}

cargo build -q --release -p xtask
xtask=$root/target/release/xtask
rm -rf "$work/crates" "$work/target"
mkdir -p "$work/crates"
"$xtask" gen --spec "$root/spec/dcs" --out "$work/crates/one" --service dcs 2>/dev/null
"$xtask" gen --spec "$corpus" --out "$work/crates/all" --service "$service" 2>/dev/null
export CARGO_TARGET_DIR=$work/target
# Operation modules: every `pub mod` but the service-wide ones.
op_modules() { grep '^pub mod ' "$1/src/generated/mod.rs" | grep -v '^pub mod \(client\|types\|error\|error_codes\|disabled\);' | sed 's/^pub mod \(r#\)\{0,1\}\([a-z0-9_]*\);/\2/'; }
if [[ -z $feature ]]; then
  if [[ $service == dcs ]]; then feature=list_bigkey_scan_tasks; else feature=$(op_modules "$work/crates/all" | head -1); fi
fi

now() { date +%s.%N; }
elapsed() { python3 -c "print(round($(now) - $1, 2))"; }

notes=()
results=()
first=1
for name in one all all_one_feature; do
  features=()
  pkg=$service
  if [[ $name == one ]]; then pkg=dcs; fi
  if [[ $name == all_one_feature ]]; then
    dir=$work/crates/all
    features=(--no-default-features --features "tls-webpki-roots,$feature")
    ops=1
  else
    dir=$work/crates/$name
    cp "$root/Cargo.lock" "$dir/"
    ops=$(op_modules "$dir" | wc -l)
  fi
  lines=$(cat "$dir"/src/generated/*.rs | wc -l)
  bytes=$(cat "$dir"/src/generated/*.rs | wc -c)
  declare -A times=()
  for profile in debug release; do
    flag=("${features[@]}") clean_flag=()
    if [[ $profile == release ]]; then flag+=(--release) clean_flag=(--release); fi
    if (( first )); then
      t0=$(now)
      (cd "$dir" && cargo build -q "${flag[@]}")
      notes+=("first $profile build of the one-operation crate with all its dependencies, from nothing: $(elapsed "$t0") s")
    fi
    list=()
    for _ in $(seq "$runs"); do
      (cd "$dir" && cargo clean -q -p "$pkg" "${clean_flag[@]}")
      t0=$(now)
      (cd "$dir" && cargo build -q "${flag[@]}")
      list+=("$(elapsed "$t0")")
    done
    times[$profile]=$(IFS=,; echo "${list[*]}")
  done
  first=0
  rlib=$(stat -c %s "$CARGO_TARGET_DIR/release/lib${pkg//-/_}.rlib")
  echo "build-cost: $name ($pkg${features[*]:+, ${features[*]}}): $ops operation(s), $lines lines; debug ${times[debug]} s; release ${times[release]} s; rlib $rlib B" >&2
  results+=("{\"name\":\"$name\",\"crate\":\"$pkg\",\"feature\":\"$feature\",\"ops\":$ops,\"lines\":$lines,\"bytes\":$bytes,\"debug_s\":[${times[debug]}],\"release_s\":[${times[release]}],\"rlib_bytes\":$rlib}")
  unset times
done
notes_json=$(printf '%s\n' "${notes[@]}" | python3 -c 'import json,sys; print(json.dumps([l.rstrip("\n") for l in sys.stdin]))')
printf '{"notes":%s,"crates":[%s]}\n' "$notes_json" "$(IFS=,; echo "${results[*]}")" >"$out_json"
