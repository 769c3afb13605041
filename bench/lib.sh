# Helpers shared by bench/run.sh and bench/python-sdk.sh (sourced, not run).

# pin CPU CMD...: runs CMD on one core when taskset exists and there are 2+ cores.
pin() {
  if command -v taskset >/dev/null && (( $(nproc) >= 2 )); then
    taskset -c "$1" "${@:2}"
  else
    "${@:2}"
  fi
}

standin_pids=()
stop_standins() {
  local p
  for p in "${standin_pids[@]}"; do kill "$p" 2>/dev/null || true; done
  standin_pids=()
}

# start_standin VAR LOG ARGS...: starts target/release/dcs-standin on a free loopback port,
# pinned to $SERVER_CPU (default 0), and stores its endpoint in VAR.
start_standin() {
  local var=$1 log=$2
  shift 2
  local cmd=("$root/target/release/dcs-standin" --port 0 "$@")
  # Started directly (not through a shell function) so that $! is the server's own pid.
  if command -v taskset >/dev/null && (( $(nproc) >= 2 )); then
    taskset -c "${SERVER_CPU:-0}" "${cmd[@]}" >"$log" 2>&1 &
  else
    "${cmd[@]}" >"$log" 2>&1 &
  fi
  standin_pids+=($!)
  local i endpoint
  for i in $(seq 100); do
    endpoint=$(sed -n 's/^listening on \(http:[^ ]*\).*/\1/p' "$log" | head -1)
    if [[ -n $endpoint ]]; then
      printf -v "$var" '%s' "$endpoint"
      return 0
    fi
    sleep 0.1
  done
  echo "the stand-in did not start:" >&2
  cat "$log" >&2
  return 1
}

# python_venv: makes the virtual environment with the official Python SDK unless it is there
# ($BENCH_VENV, default target/bench-venv; huaweicloudsdkcore/huaweicloudsdkdcs
# $HWC_PY_SDK_VERSION, default 3.1.219, the version the signing vectors come from) and prints
# its python. Everything else it prints goes to stderr.
python_venv() {
  local venv=${BENCH_VENV:-$root/target/bench-venv} sdk_version=${HWC_PY_SDK_VERSION:-3.1.219}
  if [[ ! -x $venv/bin/python ]] || ! "$venv/bin/python" -c "import huaweicloudsdkdcs" 2>/dev/null; then
    echo "python-sdk: installing huaweicloudsdkcore/huaweicloudsdkdcs $sdk_version into $venv" >&2
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install -q --disable-pip-version-check \
      "huaweicloudsdkcore==$sdk_version" "huaweicloudsdkdcs==$sdk_version" >&2
  fi
  echo "$venv/bin/python"
}
