#!/usr/bin/env bash
# The whole test suite: builds everything, runs the C++ unit, emulator and
# end-to-end tests (ctest), then the Python client's unit tests and the
# Python end-to-end tests against the real emulator and service binaries.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export ANAPLAN_BUILD_DIR=${ANAPLAN_BUILD_DIR:-$root/build}

bash "$root/scripts/build.sh"

echo "== C++ tests (ctest)"
ctest --test-dir "$ANAPLAN_BUILD_DIR" --output-on-failure -j "$(nproc)" -LE live

echo "== Python client and end-to-end tests (pytest)"
python=$(bash "$root/scripts/python-env.sh")
cd "$root"
"$python" -m pytest -q --rootdir=. clients/python/tests tests/e2e/python

echo "== Go client and anaplanctl (go test)"
bash "$root/clients/go/test.sh" --check-generated

echo "== Java client (mvn verify)"
bash "$root/clients/java/test.sh"
