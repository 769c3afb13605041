# Sourced by tests/wire/run.sh and tests/signing/run.sh: the official Python SDK, pinned, in one
# virtual environment. `sdk_venv DIR PACKAGE...` makes DIR a venv (again when it was copied
# from another checkout's target/: it would run, but pip would install over there) and
# installs the packages, which pip's own check makes a no-op when they are there.
sdk_venv() {
  local venv=$1
  shift
  if [[ ! -x $venv/bin/python ]] ||
    [[ $("$venv/bin/python" -c 'import sys; print(sys.prefix)') != "$(cd "$venv" && pwd -P)" ]]; then
    python3 -m venv --clear "$venv"
  fi
  "$venv/bin/pip" install -q --disable-pip-version-check "$@"
}
