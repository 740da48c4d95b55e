#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang (ASan + UBSan) into
# build-fuzz/ and runs each for SECONDS (default 20) on a scratch copy of its
# checked-in corpus (tests/fuzz/corpus/<target>/, never rewritten here).
# Every checked-in input is first run once at full size (the regression
# inputs, e.g. 1,000,000 '[', exceed the fuzzing -max_len).
#   scripts/fuzz.sh [SECONDS] [TARGET...]
# A crash, leak, timeout or FUZZ_CHECK failure fails the run; the input is
# kept in build-fuzz/artifacts/<target>/ (add it to the corpus once fixed).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$root}
export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
seconds=${1:-20}
shift || true
build=${ANAPLAN_FUZZ_BUILD_DIR:-$root/build-fuzz}
jobs=${ANAPLAN_JOBS:-$(nproc)}

bash "$root/scripts/install-deps.sh"
if [ $# -gt 0 ]; then
  targets=("$@")
else
  targets=()
  for f in "$root"/tests/fuzz/*_fuzzer.cc; do targets+=("$(basename "$f" .cc)"); done
fi

CC=${CC:-clang-14} CXX=${CXX:-clang++-14} cmake -S "$root" -B "$build" -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DANAPLAN_FUZZ=ON \
  -DANAPLAN_SANITIZE=address,undefined \
  -DANAPLAN_BUILD_TESTS=OFF -DANAPLAN_BUILD_BENCH=OFF >/dev/null
start=$(date +%s)
ninja -C "$build" -j "$jobs" "${targets[@]}"
echo "fuzz: build took $(( $(date +%s) - start )) s"

export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
failed=()
for t in "${targets[@]}"; do
  bin="$build/tests/fuzz/$t"
  seeds="$root/tests/fuzz/corpus/$t"
  artifacts="$build/artifacts/$t"
  mkdir -p "$artifacts" "$scratch/$t"
  cp "$seeds"/* "$scratch/$t/"
  echo "== $t: replaying $(ls "$seeds" | wc -l) checked-in inputs"
  if ! "$bin" -runs=1 "$seeds"/* >"$scratch/$t.replay.log" 2>&1; then
    tail -40 "$scratch/$t.replay.log"
    failed+=("$t")
    continue
  fi
  echo "== $t: fuzzing ${seconds}s"
  # -max_len keeps inputs small and fast; -timeout flags an input that
  # takes over 10 s (a hang); -rss_limit_mb an unbounded allocation.
  if "$bin" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
      -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$artifacts/" "$scratch/$t" >"$scratch/$t.log" 2>&1; then
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$scratch/$t.log" |
      tr '\n' ' '
    grep -oE "cov: [0-9]+" "$scratch/$t.log" | tail -1
  else
    tail -60 "$scratch/$t.log"
    failed+=("$t")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: FAILED: ${failed[*]} (inputs in $build/artifacts/)"
  exit 1
fi
echo "fuzz: ${#targets[@]} targets, ${seconds}s each, no findings"
