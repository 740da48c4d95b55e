#!/usr/bin/env bash
# Cheap source checks run first by scripts/test.sh:
#  - every C++ file is clang-formatted (.clang-format, Google style);
#  - no absl synchronisation types: ThreadSanitizer cannot see Debian's
#    uninstrumented absl::Mutex, so our code uses anaplan_core/common/sync.h.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0

mapfile -t sources < <(git ls-files '*.cc' '*.h' | grep -vE '^clients/')
if command -v clang-format >/dev/null; then
  if ! clang-format --dry-run --Werror "${sources[@]}" 2>/tmp/lint-format.$$; then
    echo "lint: clang-format would change:" >&2
    grep -oE '^[^:]+\.(cc|h)' /tmp/lint-format.$$ | sort -u >&2
    status=1
  fi
  rm -f /tmp/lint-format.$$
fi

if git grep -nE 'absl::(Mutex|MutexLock|ReaderMutexLock|WriterMutexLock|CondVar|Condition|Notification)\b|absl/synchronization/(mutex|notification)\.h' \
    -- anaplan_core service emulator tests bench ':!anaplan_core/common/sync.h' >&2; then
  echo "lint: use anaplan::Mutex & co. (anaplan_core/common/sync.h), not absl's" >&2
  status=1
fi

[ $status -eq 0 ] && echo "lint: ${#sources[@]} C++ files formatted, no absl sync types"
exit $status
