#!/usr/bin/env bash
# One command for every benchmark (bench/README.md):
#   bash bench/run.sh [smoke|quick|full]      (default: quick)
# Builds what it needs, starts the emulator (count-only sink) and the service
# on loopback ephemeral ports, runs each measurement repeatedly with the sides
# alternated, prints ratio vs target with PASS/SHORT and writes
# bench/results/MODE/*.json. No timing assertion ever fails the command: it
# exits non-zero only when something breaks (a failed RPC, wrong bytes).
set -euo pipefail
mode=${1:-quick}
root=$(cd "$(dirname "$0")/.." && pwd)
build=${ANAPLAN_BUILD_DIR:-$root/build}
case "$mode" in smoke|quick|full) ;; *) echo "usage: $0 [smoke|quick|full]" >&2; exit 2 ;; esac

# Never more than 2 compile jobs here: the machine is shared.
ANAPLAN_JOBS=${ANAPLAN_JOBS:-2} bash "$root/scripts/build.sh" \
  anaplan-emulator anaplan-grpc-server bench_gen_csv bench_native_upload >&2
venv_py=$(bash "$root/scripts/python-env.sh")

# anaplan-sdk, from PyPI and unmodified, in its own virtualenv.
sdk_venv="$build/venv-sdk"
sdk_version=${ANAPLAN_SDK_VERSION:-0.5.22}
if ! "$sdk_venv/bin/python" -c "import anaplan_sdk" 2>/dev/null; then
  python3 -m venv "$sdk_venv" >&2
  "$sdk_venv/bin/pip" install -q "anaplan-sdk==$sdk_version" >&2
fi
command -v curl >/dev/null || { echo "bench: curl is required" >&2; exit 1; }

exec "$venv_py" "$root/bench/bench.py" "$mode" "$build" "$venv_py" "$sdk_venv/bin/python"
