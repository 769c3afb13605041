#!/usr/bin/env bash
# The whole comparison in one command:
#
#   bench/run.sh [--quick] [--no-python] [--no-build-cost]
#
# 1. builds the stand-in, xtask and the benches in release;
# 2. starts two stand-ins on loopback, pinned to CPU $SERVER_CPU (default 0): the documented
#    example, and 1000 generated records; both verify signatures and, for the floor, also
#    answer unsigned requests;
# 3. measures the stand-ins alone with wrk (when installed), pinned to CPU $CLIENT_CPU
#    (default 1), to show they are not the bottleneck;
# 4. runs the calls bench (crates/dcs/benches/calls.rs), pinned to $CLIENT_CPU: the generated
#    client, the hand-written floor and the official Python SDK (bench/python_sdk.py --serve,
#    in the virtual environment bench/python-sdk.sh makes; --no-python leaves it out) on the
#    same stand-ins, in interleaved rounds;
# 5. the client's signing and decoding alone (crates/dcs/benches/client.rs), the stand-in's own
#    costs, the generator benches (crates/codegen/benches/generate.rs) and `xtask gen` of the
#    whole corpus end to end (hyperfine, when installed), pinned likewise;
#    then the parser and generator over every corpus (both templates, about 1,900 pages) at a
#    quarter, half and all of it beside the HTML-parse floor (crates/codegen/benches/
#    corpus_scale.rs), and `xtask gen` of every corpus folder end to end (hyperfine);
# 6. the build cost of the generated crate, one operation and all of them
#    (bench/build-cost.sh; several minutes; --no-build-cost skips it), and of the largest
#    corpus crate (APIG, $LARGEST_RUNS runs, default 1);
# 7. prints the side-by-side tables (bench/report.py), also written to
#    $BENCH_OUT/report.md (default target/bench-results).
#
# Every load loop is bounded in time; every address is 127.0.0.1. The corpus is read from
# $DCS_CORPUS (default ../shared/corpus/dcs). wrk and hyperfine are Debian packages
# (`apt-get install wrk hyperfine`); without them those two steps are skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
source "$root/bench/lib.sh"

quick=0 python=1 build_cost=1
for a in "$@"; do
  case $a in
    --quick) quick=1 ;;
    --no-python) python=0 ;;
    --no-build-cost) build_cost=0 ;;
    *) echo "usage: bench/run.sh [--quick] [--no-python] [--no-build-cost]" >&2; exit 2 ;;
  esac
done
export SERVER_CPU=${SERVER_CPU:-0} CLIENT_CPU=${CLIENT_CPU:-1}
out=${BENCH_OUT:-$root/target/bench-results}
corpus=${DCS_CORPUS:-$root/../shared/corpus/dcs}
corpora=${HWC_CORPUS:-$root/../shared/corpus}
export CRITERION_HOME=$out/criterion
rm -rf "$out"
mkdir -p "$out"
trap stop_standins EXIT
step() { printf '\n==> %s\n' "$*" >&2; }

crit_args=(--bench)
calls_args=(--json "$out/calls.json")
wrk_secs=3 wrk_runs=5
if (( quick )); then
  crit_args+=(--warm-up-time 0.5 --measurement-time 1)
  calls_args+=(--quick)
  wrk_secs=1 wrk_runs=2
fi

step "machine"
{
  echo "nproc: $(nproc)"
  lscpu | grep -E '^(Model name|CPU\(s\)|Thread|Core|Socket|L1d|L2|L3|Hypervisor)' | sed 's/  */ /g'
  free -h | head -2
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  # Another process on the machine shows up in every figure (BENCHMARKS.md, "Why the Python
  # SDK's figure moved"): say so where the results are kept.
  if python3 -c "import sys; sys.exit(0 if float(open('/proc/loadavg').read().split()[0]) >= 1.0 else 1)"; then
    echo "WARNING: load average $(cut -d' ' -f1 /proc/loadavg) at the start: something else is running"
  fi
  rustc --version
  python3 --version
  echo "pinning: stand-ins on CPU $SERVER_CPU, clients (Rust benches, Python SDK, wrk) on CPU $CLIENT_CPU"
} | tee "$out/machine.txt" >&2

step "build (release)"
cargo build --release -p dcs-standin -p xtask
bench_exe() {
  cargo bench --no-run --message-format=json -p "$1" --bench "$2" 2>/dev/null | python3 -c '
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and "bench" in m["target"]["kind"]:
        print(m["executable"])'
}
client_bench=$(bench_exe dcs client)
calls_bench=$(bench_exe dcs calls)
standin_bench=$(bench_exe dcs-standin standin)
gen_bench=$(bench_exe codegen generate)
scale_bench=$(bench_exe codegen corpus_scale)
contenders="dcs, floor"
if (( python )); then
  py=$(python_venv)
  calls_args+=(--python "$py" "$root/bench/python_sdk.py" --serve)
  contenders+=", official Python SDK"
fi

step "stand-ins (CPU $SERVER_CPU)"
start_standin doc "$out/standin-documented.log" --allow-unsigned
start_standin rec "$out/standin-records1000.log" --records 1000 --allow-unsigned
echo "documented example: $doc; 1000 records: $rec" >&2

path="/v2/a4d31cb6-3d72-4fdc-8ec9-6e3a41e47f71/instances/5560df16-cebf-4473-95c4-d1b573c16e79/bigkey-tasks"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
if command -v wrk >/dev/null; then
  step "the stand-ins alone: wrk, signed requests, ${wrk_runs} runs of ${wrk_secs} s"
  {
    echo "{"
    sep=""
    for c in documented records1000; do
      if [[ $c == documented ]]; then url="$doc$path"; else url="$rec$path?limit=1000"; fi
      hdr=()
      while IFS= read -r h; do hdr+=(-H "$h"); done < <("$root/target/release/dcs-standin" sign "$url")
      printf '%s"%s": {' "$sep" "$c"
      if [[ $c == documented ]]; then pid=${standin_pids[0]}; else pid=${standin_pids[1]}; fi
      sep2=""
      for conns in 1 16; do
        vals=() cpus=()
        for _ in $(seq "$wrk_runs"); do
          t0=$(cpu_ticks "$pid")
          report=$(pin "$CLIENT_CPU" wrk -t1 -c"$conns" -d"${wrk_secs}s" "${hdr[@]}" "$url")
          t1=$(cpu_ticks "$pid")
          echo "$report" >>"$out/wrk.txt"
          vals+=("$(sed -n 's/^Requests\/sec: *//p' <<<"$report")")
          n=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' <<<"$report")
          # The stand-in's own CPU time (user + system) per request, in µs.
          cpus+=("$(python3 -c "print(round(($t1 - $t0) * 1e6 / $(getconf CLK_TCK) / $n, 2))")")
        done
        echo "wrk $c c=$conns: ${vals[*]} req/s; stand-in CPU per request: ${cpus[*]} µs" >&2
        printf '%s"%s": [%s], "cpu_us_%s": [%s]' "$sep2" "$conns" "$(IFS=,; echo "${vals[*]}")" \
          "$conns" "$(IFS=,; echo "${cpus[*]}")"
        sep2=", "
      done
      printf '}\n'
      sep=", "
    done
    echo "}"
  } >"$out/wrk.json"
  # Every wrk request was signed and verified: no 401 may have slipped in.
  if grep -q "Non-2xx" "$out/wrk.txt"; then
    echo "wrk saw non-2xx answers:" >&2
    grep "Non-2xx" "$out/wrk.txt" >&2
    exit 1
  fi
else
  step "wrk not installed (apt-get install wrk): the stand-ins alone are not measured"
fi

step "calls: $contenders in interleaved rounds (CPU $CLIENT_CPU)"
DCS_STANDIN_DOCUMENTED=$doc DCS_STANDIN_RECORDS1000=$rec \
  pin "$CLIENT_CPU" "$calls_bench" "${calls_args[@]}" 2>&1 | tee "$out/calls.txt" >&2
stop_standins

step "the client's signing and decoding alone (CPU $CLIENT_CPU)"
pin "$CLIENT_CPU" "$client_bench" "${crit_args[@]}" 2>&1 | tee "$out/client.txt" |
  grep -E '^[a-z_0-9]+/[a-z_0-9]+|time:' >&2 || true

step "the stand-in's own costs (CPU $CLIENT_CPU)"
pin "$CLIENT_CPU" "$standin_bench" "${crit_args[@]}" 2>&1 | tee "$out/standin.txt" |
  grep -E '^[a-z_0-9]+/[a-z_0-9]+|time:' >&2 || true

step "generator (CPU $CLIENT_CPU)"
DCS_CORPUS=$corpus GENERATE_PAIRED_JSON=$out/generate-paired.json \
  pin "$CLIENT_CPU" "$gen_bench" "${crit_args[@]}" 2>&1 | tee "$out/generate.txt" |
  grep -E '^[a-z_0-9]+/[a-z_0-9]+|time:|pages|paired' >&2 || true
if command -v hyperfine >/dev/null && [[ -d $corpus ]]; then
  gen_out=$(mktemp -d)
  cargo build -q -p xtask
  pin "$CLIENT_CPU" hyperfine --warmup 1 --runs $(( quick ? 3 : 10 )) -N \
    --export-json "$out/xtask-gen.json" \
    -n "xtask gen, whole corpus (release binary)" \
    "$root/target/release/xtask gen --spec $corpus --out $gen_out/release --service dcs" \
    -n "xtask gen, whole corpus (debug binary, as \`cargo xtask\` runs it)" \
    "$root/target/debug/xtask gen --spec $corpus --out $gen_out/debug --service dcs" \
    2>&1 | tee "$out/xtask-gen.txt" >&2
  rm -rf "$gen_out"
fi

if [[ -d $corpora ]]; then
  step "parser and generator over every corpus, a quarter, half and all, beside the floor (CPU $CLIENT_CPU)"
  HWC_CORPUS=$corpora pin "$CLIENT_CPU" "$scale_bench" --rounds $(( quick ? 3 : 7 )) 2>&1 |
    tee "$out/corpus-scale.txt" >&2
  if command -v hyperfine >/dev/null; then
    gen_all=$(mktemp -d)
    # Folders of pages (more than one, as the corpus-scale bench counts them).
    folders=$(find "$corpora" -name '*.md' -printf '%h\n' | sort | uniq -c | awk '$1 > 1 {print $2}')
    script="$gen_all/gen-all.sh"
    {
      echo 'set -e'
      for f in $folders; do
        echo "'$root/target/release/xtask' gen --spec '$f' --out '$gen_all/out/$(basename "$f")' --service \"svc\" 2>/dev/null"
      done
    } >"$script"
    pin "$CLIENT_CPU" hyperfine --warmup 1 --runs $(( quick ? 2 : 5 )) \
      --export-json "$out/xtask-gen-all.json" \
      -n "xtask gen, every corpus folder ($(wc -w <<<"$folders") folders, release binary)" "bash $script" \
      2>&1 | tee "$out/xtask-gen-all.txt" >&2
    rm -rf "$gen_all"
  fi
fi

if (( build_cost )) && [[ -d $corpus ]]; then
  step "build cost of the generated crate (one operation; all operations)"
  "$root/bench/build-cost.sh" "$out/build-cost.json" "$corpus"
  if [[ -d $corpora/apig ]]; then
    step "build cost of the largest corpus crate (APIG, every operation)"
    BUILD_SERVICE=apig BUILD_RUNS=${LARGEST_RUNS:-1} BUILD_WORK=$root/target/bench-build-largest \
      "$root/bench/build-cost.sh" "$out/build-cost-largest.json" "$corpora/apig"
  fi
fi

echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/machine.txt"
step "report ($out/report.md)"
python3 "$root/bench/report.py" --criterion "$CRITERION_HOME" --calls "$out/calls.json" \
  --generate-paired "$out/generate-paired.json" \
  --wrk "$out/wrk.json" --build "$out/build-cost.json" --machine "$out/machine.txt" --xtask "$out/xtask-gen.json" \
  2>"$out/summary.json" | tee "$out/report.md"
