#!/usr/bin/env bash
# Configures and builds the tree with Ninja into ${ANAPLAN_BUILD_DIR:-build}.
# Extra arguments are passed to ninja (e.g. target names).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$root}
# Debug info embeds the build directory; without this every checkout or
# build directory would miss the cache.
export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
build=${ANAPLAN_BUILD_DIR:-$root/build}
jobs=${ANAPLAN_JOBS:-$(nproc)}

bash "$root/scripts/install-deps.sh"
cmake -S "$root" -B "$build" -G Ninja \
  -DCMAKE_BUILD_TYPE="${ANAPLAN_BUILD_TYPE:-RelWithDebInfo}" \
  ${ANAPLAN_WERROR:+-DANAPLAN_WERROR=$ANAPLAN_WERROR} \
  ${ANAPLAN_CMAKE_ARGS:-} >/dev/null
ninja -C "$build" -j "$jobs" "$@"
