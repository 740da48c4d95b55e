#!/usr/bin/env bash
# Creates (once) a virtualenv in ${ANAPLAN_BUILD_DIR:-build}/venv with the
# Python client installed from clients/python (stubs generated from proto/ at
# install time) and the test requirements. Prints the venv's python path.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${ANAPLAN_BUILD_DIR:-$root/build}
venv="$build/venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv" >&2
fi
"$venv/bin/python" -m pip install -q --upgrade pip >&2
"$venv/bin/python" -m pip install -q "$root/clients/python[test]" >&2
echo "$venv/bin/python"
