#!/usr/bin/env bash
# Regenerates the Go stubs into a temporary directory and diffs them against
# the committed clients/go/anaplanv1: exits 1 (with the diff) when proto/ and
# the committed code disagree. Run clients/go/generate.sh to fix.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$here/generate.sh" "$tmp"
if diff -ru "$here/anaplanv1" "$tmp/anaplanv1"; then
  echo "check-generated.sh: clients/go/anaplanv1 matches proto/"
else
  echo "check-generated.sh: clients/go/anaplanv1 is stale; run clients/go/generate.sh" >&2
  exit 1
fi
