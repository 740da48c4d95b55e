#!/usr/bin/env bash
# Generates the Go stubs (package anaplanv1) from proto/anaplan/v1/*.proto.
#
#   clients/go/generate.sh            # writes clients/go/anaplanv1/*.go
#   clients/go/generate.sh OUT_DIR    # writes OUT_DIR/anaplanv1/*.go
#
# Uses Debian's protoc (/usr/bin/protoc, with the well-known types under
# /usr/include) and pinned protoc-gen-go / protoc-gen-go-grpc, which it
# installs with `go install` into $ANAPLAN_GO_TOOLS (default
# ~/.cache/anaplan-grpc/go-bin) when they are missing or of another version.
# google/rpc/*.proto are not generated: their go_package is genproto's.
set -euo pipefail

PROTOC_GEN_GO_VERSION=v1.36.12
PROTOC_GEN_GO_GRPC_VERSION=v1.6.2
MODULE=github.com/anaplan-grpc/anaplan-grpc/clients/go

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
out=${1:-$here}
tools=${ANAPLAN_GO_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/anaplan-grpc/go-bin}
protoc=${PROTOC:-protoc}
include=${PROTOC_INCLUDE:-/usr/include}

command -v "$protoc" >/dev/null || { echo "generate.sh: protoc not found (apt-get install protobuf-compiler)" >&2; exit 1; }
[[ -f "$include/google/protobuf/duration.proto" ]] || { echo "generate.sh: $include/google/protobuf/*.proto missing (apt-get install libprotobuf-dev)" >&2; exit 1; }

mkdir -p "$tools"
if [[ "$("$tools/protoc-gen-go" --version 2>/dev/null)" != "protoc-gen-go $PROTOC_GEN_GO_VERSION" ]]; then
  echo "generate.sh: installing protoc-gen-go $PROTOC_GEN_GO_VERSION into $tools" >&2
  GOBIN="$tools" go install "google.golang.org/protobuf/cmd/protoc-gen-go@$PROTOC_GEN_GO_VERSION"
fi
if [[ "$("$tools/protoc-gen-go-grpc" --version 2>/dev/null)" != "protoc-gen-go-grpc ${PROTOC_GEN_GO_GRPC_VERSION#v}" ]]; then
  echo "generate.sh: installing protoc-gen-go-grpc $PROTOC_GEN_GO_GRPC_VERSION into $tools" >&2
  GOBIN="$tools" go install "google.golang.org/grpc/cmd/protoc-gen-go-grpc@$PROTOC_GEN_GO_GRPC_VERSION"
fi

mkdir -p "$out/anaplanv1"
rm -f "$out"/anaplanv1/*.pb.go
cd "$repo/proto"
"$protoc" -I . -I "$include" \
  --plugin=protoc-gen-go="$tools/protoc-gen-go" \
  --plugin=protoc-gen-go-grpc="$tools/protoc-gen-go-grpc" \
  --go_out="$out" --go_opt=module="$MODULE" \
  --go-grpc_out="$out" --go-grpc_opt=module="$MODULE" \
  anaplan/v1/*.proto
echo "generate.sh: wrote $(ls "$out"/anaplanv1/*.pb.go | wc -l) files into $out/anaplanv1" >&2
