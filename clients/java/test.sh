#!/usr/bin/env bash
# Builds the Java client (stubs generated from ../../proto at build time) and runs its unit tests
# (in-process fake BulkService, Surefire) and integration tests (real anaplan-grpc-server +
# anaplan-emulator on ephemeral loopback ports, Failsafe).
#
# ANAPLAN_BUILD_DIR: the C++ build tree holding emulator/anaplan-emulator and
# service/anaplan-grpc-server (default: ../../build relative to this directory). The integration
# tests fail, with a message naming the missing binary, when they are not there.
# Extra arguments go to Maven (e.g. ./test.sh -DskipITs to run the unit tests only).
set -uo pipefail
cd "$(dirname "$0")"
export ANAPLAN_BUILD_DIR="${ANAPLAN_BUILD_DIR:-$(cd ../.. && pwd)/build}"

rm -rf target/surefire-reports target/failsafe-reports
# Two shared cores: one build thread, one forked test JVM (Surefire/Failsafe defaults).
mvn -q -B -T 1 -Dstyle.color=never verify "$@"
rc=$?

# -q hides Maven's own test counts: print one summary line from the XML reports.
passed=0 failed=0 skipped=0
for report in target/surefire-reports/TEST-*.xml target/failsafe-reports/TEST-*.xml; do
  [ -f "$report" ] || continue
  line=$(grep -m1 -o '<testsuite [^>]*' "$report")
  attr() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$line"; }
  t=$(attr tests) f=$(attr failures) e=$(attr errors) s=$(attr skipped)
  passed=$((passed + ${t:-0} - ${f:-0} - ${e:-0} - ${s:-0}))
  failed=$((failed + ${f:-0} + ${e:-0}))
  skipped=$((skipped + ${s:-0}))
done
printf "\n"  # Maven -q leaves colour resets without a newline.
echo "java: ${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$rc"
