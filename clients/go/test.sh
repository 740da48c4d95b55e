#!/usr/bin/env bash
# Tests the Go client: go vet, then go test (unit tests plus the end-to-end
# tests, which start $ANAPLAN_BUILD_DIR/service/anaplan-grpc-server and
# $ANAPLAN_BUILD_DIR/emulator/anaplan-emulator; default build dir: the repo's
# build/). The e2e tests FAIL when those binaries are missing.
#
#   clients/go/test.sh                  # vet + tests
#   clients/go/test.sh --check-generated   # also verify anaplanv1 matches proto/
#   GO_TEST_FLAGS="-run TestE2E -v" clients/go/test.sh
#
# The generated-code check installs pinned protoc plugins (go install) on
# first use, so it is opt-in here (CHECK_GENERATED=1 works too).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
export ANAPLAN_BUILD_DIR=${ANAPLAN_BUILD_DIR:-$repo/build}
# go test runs each package in its own directory: make the path absolute.
[[ "$ANAPLAN_BUILD_DIR" == /* ]] || ANAPLAN_BUILD_DIR="$PWD/$ANAPLAN_BUILD_DIR"

check=${CHECK_GENERATED:-0}
[[ "${1:-}" == "--check-generated" ]] && check=1

cd "$here"
if [[ "$check" == 1 ]]; then
  ./check-generated.sh
fi
echo "== go vet ./..."
go vet ./...
echo "== go test ./... (ANAPLAN_BUILD_DIR=$ANAPLAN_BUILD_DIR)"
# Packages in parallel each start their own emulator + service; keep it to
# two on the 2-core machines.
go test -p 2 -count=1 -timeout 15m ${GO_TEST_FLAGS:-} ./...
