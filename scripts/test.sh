#!/usr/bin/env bash
# The whole test suite: source checks; builds everything; runs the C++
# unit, emulator, end-to-end and fuzz-corpus tests (ctest); the Python,
# Go and Java clients' tests against the real emulator and service; then
# the C++ suites again under ASan+UBSan and under TSan, and a short fuzzing
# run. ANAPLAN_SKIP_SANITIZERS=1 skips the last three (they rebuild the tree).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export ANAPLAN_BUILD_DIR=${ANAPLAN_BUILD_DIR:-$root/build}
# ccache keys on paths relative to the checkout, so clones share the cache.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$root}
export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}

bash "$root/scripts/install-deps.sh"
echo "== Source checks"
bash "$root/scripts/lint.sh"

bash "$root/scripts/build.sh"

echo "== C++ tests (ctest)"
ctest --test-dir "$ANAPLAN_BUILD_DIR" --output-on-failure -j "$(nproc)" -LE live

echo "== Python client and end-to-end tests (pytest)"
python=$(bash "$root/scripts/python-env.sh")
cd "$root"
"$python" -m pytest -q --rootdir=. clients/python/tests tests/e2e/python

echo "== Go client and anaplanctl (go test)"
bash "$root/clients/go/test.sh" --check-generated

echo "== Deployment: Dockerfile, image libraries, Helm chart"
bash "$root/scripts/check-deploy.sh"

echo "== Java client (mvn verify)"
bash "$root/clients/java/test.sh"

if [ "${ANAPLAN_SKIP_SANITIZERS:-0}" != 1 ]; then
  echo "== C++ tests under ASan + UBSan"
  bash "$root/scripts/sanitize.sh" asan
  echo "== C++ tests under TSan"
  bash "$root/scripts/sanitize.sh" tsan
  echo "== Fuzzing, ${ANAPLAN_FUZZ_SECONDS:-5} s per target"
  bash "$root/scripts/fuzz.sh" "${ANAPLAN_FUZZ_SECONDS:-5}"
fi
