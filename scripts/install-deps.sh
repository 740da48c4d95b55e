#!/usr/bin/env bash
# Installs every Debian 12 package the build and the tests need. Idempotent:
# packages already present are skipped, so it is cheap to run before each build.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config ccache clang-format
  libgrpc++-dev libgrpc-dev libprotobuf-dev protobuf-compiler protobuf-compiler-grpc
  libabsl-dev libcurl4-openssl-dev rapidjson-dev libcpp-httplib-dev zlib1g-dev
  libdeflate-dev libssl-dev libgtest-dev libgmock-dev googletest
  python3 python3-pip python3-venv curl
  # clang + libFuzzer/sanitizer runtimes for scripts/fuzz.sh
  clang-14 libclang-rt-14-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} Debian packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
