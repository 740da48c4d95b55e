#!/usr/bin/env bash
# Quickstart: builds the service and the emulator, starts the emulator on an
# ephemeral loopback port (seeded with the demo workspace and model), then
# starts anaplan-grpc-server against it on 127.0.0.1:50051. Ctrl-C stops both.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export ANAPLAN_BUILD_DIR=${ANAPLAN_BUILD_DIR:-$root/build}
listen=${ANAPLAN_GRPC_LISTEN:-127.0.0.1:50051}

bash "$root/scripts/build.sh" anaplan-grpc-server anaplan-emulator

tmp=$(mktemp -d)
cleanup() {
  trap - EXIT INT TERM
  [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  [ -n "${emulator_pid:-}" ] && kill "$emulator_pid" 2>/dev/null && wait "$emulator_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

"$ANAPLAN_BUILD_DIR/emulator/anaplan-emulator" --host 127.0.0.1 --port 0 \
  --port_file "$tmp/emulator.port" &
emulator_pid=$!
for _ in $(seq 100); do [ -s "$tmp/emulator.port" ] && break; sleep 0.1; done
[ -s "$tmp/emulator.port" ] || { echo "the emulator did not start" >&2; exit 1; }
emulator="http://127.0.0.1:$(cat "$tmp/emulator.port")"

# Demo credentials of the emulator's fixture; real Anaplan credentials go in
# ANAPLAN_GRPC_USER_EMAIL / ANAPLAN_GRPC_PASSWORD_FILE (see README).
"$ANAPLAN_BUILD_DIR/service/anaplan-grpc-server" --listen "$listen" \
  --auth_url "$emulator" --api_url "$emulator/2/0" --oauth_url "$emulator" \
  --audit_url "$emulator/audit/api/1" --scim_url "$emulator/scim/1/0/v2" \
  --cloudworks_url "$emulator/2/0" \
  --user_email demo@example.com --password demo-password \
  --poll_delay_seconds 0.2 &
server_pid=$!
sleep 1
kill -0 "$server_pid" 2>/dev/null || { echo "the service did not start" >&2; exit 1; }

cat <<TXT

anaplan-grpc-server is listening on $listen, backed by the emulator at $emulator.
Demo ids: workspace 8a868cd985f53e7701860542f59e276e, model 75A40874E6B64FA3AE0743278996850F.

Call it from Python (in another terminal):
  python=\$(bash scripts/python-env.sh)
  \$python - <<'PY'
import anaplan_grpc as a
c = a.Client("$listen", "8a868cd985f53e7701860542f59e276e", "75A40874E6B64FA3AE0743278996850F")
print([w.name for w in c.get_workspaces()])
c.upload_file(113000000000, "Name,Code,Parent,Department,Salary,Active\\nZoe Quinn,E900,All Employees,Sales,51000,true\\n")
print(c.run_action("Employees from Employees.csv").task_state)
print(c.export_and_download(116000000000).decode())
PY

Press Ctrl-C to stop.
TXT
wait "$server_pid"
