#!/usr/bin/env python3
"""Semantic checks of the anaplan-grpc chart, run by scripts/check-deploy.sh.

  check_chart.py flags   --server BIN --chart DIR
  check_chart.py render  --server BIN [--probe BIN] RENDERED.yaml...

`flags`: every flag the server defines in service/ (its --helpfull) is
documented, as --NAME, in values.schema.json and values.yaml, and every
--NAME they document is a server flag. Flags other engineers are adding
are tolerated while missing from the binary only if listed in PENDING.

`render` (one file per value set, rendered by helm template):
  - pod security: non-root, read-only root FS, no privilege escalation,
    ALL capabilities dropped, seccomp RuntimeDefault, resources, /tmp
    emptyDir, no service account token;
  - the Service names its gRPC port `grpc` with appProtocol grpc;
  - probes are native gRPC or grpc_health_probe;
  - no Secret value appears outside a Secret;
  - every ANAPLAN_GRPC_* variable names a server flag, and the real server
    starts with the rendered values (listen/metrics/file flags replaced);
  - with --probe: the helm test Pod's and the exec probes' grpc_health_probe
    command lines succeed against that running server.
"""
import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

import yaml

# Flags other engineers are adding: documented in the chart already; allowed
# to be absent from the binary until they land. Remove a name once
# `anaplan-grpc-server --helpfull` lists it (the check says so).
PENDING = set()

# absl's own flags, named in the chart's comments.
ABSL_FLAGS = {"help", "helpfull", "helpshort", "version"}

errors = []


def fail(message):
    errors.append(message)
    print(f"check_chart: {message}", file=sys.stderr)


def server_flags(server):
    """Flags defined in service/ sources, from --helpfull."""
    out = subprocess.run([server, "--helpfull"], capture_output=True,
                         text=True, check=False).stdout
    flags, in_service = set(), False
    for line in out.splitlines():
        section = re.match(r"\s+Flags from (\S+):", line)
        if section:
            in_service = "service/" in section.group(1)
            continue
        flag = re.match(r"\s+--([a-z0-9_]+) ", line)
        if flag and in_service:
            flags.add(flag.group(1))
    if "listen" not in flags:
        sys.exit(f"check_chart: no service flags in {server} --helpfull")
    return flags


def check_flags(args):
    built = server_flags(args.server)
    known = built | PENDING
    schema = open(os.path.join(args.chart, "values.schema.json")).read()
    values = open(os.path.join(args.chart, "values.yaml")).read()
    # The emulator's section names the emulator's flags.
    server_part = re.sub(r"(?ms)^emulator:.*?(?=^\S)", "", values)
    in_schema = set(re.findall(r"--([a-z][a-z0-9_]*)", schema)) - ABSL_FLAGS
    in_values = set(re.findall(r"--([a-z][a-z0-9_]*)", server_part)) | set(
        yaml.safe_load(values).get("config", {}))
    in_values -= ABSL_FLAGS
    for flag in sorted(known):
        if flag not in in_schema:
            fail(f"flag --{flag} is not documented in values.schema.json")
        if flag not in in_values:
            fail(f"flag --{flag} is not documented in values.yaml")
    for flag in sorted((in_schema | in_values) - known):
        fail(f"the chart documents --{flag}, which the server does not define")
    config = json.loads(schema)["properties"]["config"]["properties"]
    for key in sorted(set(config) - known):
        fail(f"config.{key} is not a server flag")
    if errors:
        return
    landed = sorted(PENDING & built)
    if landed:
        print(f"check_chart: now in the binary, drop from PENDING: {landed}")
    print(f"check_chart: {len(built)} server flags + {len(PENDING - built)} "
          f"pending, each documented in values.schema.json and values.yaml")


def pod_specs(doc):
    kind = doc.get("kind")
    if kind == "Pod":
        return [doc["spec"]]
    if kind == "Deployment":
        return [doc["spec"]["template"]["spec"]]
    return []


def check_pod(name, spec):
    psc = spec.get("securityContext", {})
    if psc.get("runAsNonRoot") is not True:
        fail(f"{name}: pod runAsNonRoot is not true")
    if psc.get("seccompProfile", {}).get("type") != "RuntimeDefault":
        fail(f"{name}: pod seccompProfile is not RuntimeDefault")
    if spec.get("automountServiceAccountToken") is not False:
        fail(f"{name}: automountServiceAccountToken is not false")
    volumes = {v["name"]: v for v in spec.get("volumes", [])}
    for c in spec["containers"]:
        where = f"{name}/{c['name']}"
        sc = c.get("securityContext", {})
        if sc.get("readOnlyRootFilesystem") is not True:
            fail(f"{where}: root file system is writable")
        if sc.get("allowPrivilegeEscalation") is not False:
            fail(f"{where}: allowPrivilegeEscalation is not false")
        if sc.get("capabilities", {}).get("drop") != ["ALL"]:
            fail(f"{where}: capabilities are not all dropped")
        res = c.get("resources", {})
        if not res.get("requests") or "memory" not in res.get("limits", {}):
            fail(f"{where}: resource requests or memory limit missing")
        if spec.get("restartPolicy") == "Never":
            continue  # the test Pod writes nothing
        mounts = {m["mountPath"]: m["name"] for m in c.get("volumeMounts", [])}
        if "emptyDir" not in volumes.get(mounts.get("/tmp"), {}):
            fail(f"{where}: /tmp is not an emptyDir")
        for probe in ("livenessProbe", "readinessProbe"):
            p = c.get(probe)
            if p is None:
                fail(f"{where}: no {probe}")
            elif c["name"] == "server" and "grpc" not in p and not (
                    "exec" in p and "grpc_health_probe" in p["exec"]["command"][0]):
                fail(f"{where}: {probe} is neither gRPC nor grpc_health_probe")


def check_service(doc):
    ports = doc["spec"]["ports"]
    if doc["metadata"]["name"].endswith("-emulator"):
        return
    grpc = [p for p in ports if p["name"] == "grpc"]
    if not grpc or grpc[0].get("appProtocol") != "grpc":
        fail(f"Service {doc['metadata']['name']}: no port grpc with appProtocol grpc")


def probe_commands(docs):
    """grpc_health_probe command lines: the test Pod's and exec probes'."""
    for doc in docs:
        for spec in pod_specs(doc):
            for c in spec["containers"]:
                cmds = [c.get("command")]
                cmds += [c.get(p, {}).get("exec", {}).get("command")
                         for p in ("startupProbe", "livenessProbe", "readinessProbe")]
                for cmd in cmds:
                    if cmd and cmd[0].endswith("grpc_health_probe"):
                        yield f"{doc['kind']} {doc['metadata']['name']}", cmd


def start_server(server, env_from_chart, built):
    """Starts the server with the chart's variables; returns (proc, port)."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    skipped = []
    for var, value in env_from_chart.items():
        flag = var[len("ANAPLAN_GRPC_"):].lower()
        # Paths of mounted Secrets and the pod's ports mean nothing here.
        if flag.endswith("_file") or flag in ("listen", "metrics_listen", "ca_bundle"):
            skipped.append(flag)
        elif flag not in built:
            skipped.append(flag)  # pending: not in this binary yet
        else:
            env[var] = value
    tmp = tempfile.mkdtemp(prefix="check-chart-")
    port_file = os.path.join(tmp, "port")
    env["ANAPLAN_GRPC_LISTEN"] = "127.0.0.1:0"
    env["ANAPLAN_GRPC_PORT_FILE"] = port_file
    log = open(os.path.join(tmp, "log"), "w+")
    proc = subprocess.Popen([server], env=env, stdout=log, stderr=log)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and proc.poll() is None:
        if os.path.exists(port_file) and open(port_file).read().strip():
            return proc, int(open(port_file).read()), len(env) - 3, skipped
        time.sleep(0.1)
    proc.kill()
    proc.wait()
    log.seek(0)
    return None, log.read(), 0, skipped


def check_render(args):
    built = server_flags(args.server)
    for path in args.rendered:
        label = os.path.basename(path)
        docs = [d for d in yaml.safe_load_all(open(path)) if d]
        secrets = set()
        for d in docs:
            if d["kind"] == "Secret":
                secrets |= {v for v in d.get("stringData", {}).values() if len(v) > 6}
        for d in docs:
            name = f"{label}: {d['kind']} {d['metadata']['name']}"
            for spec in pod_specs(d):
                check_pod(name, spec)
            if d["kind"] == "Service":
                check_service(d)
            if d["kind"] != "Secret":
                text = yaml.safe_dump(d)
                for s in secrets:
                    if s.strip() in text:
                        fail(f"{name}: holds a Secret value")
        maps = [d for d in docs if d["kind"] == "ConfigMap"]
        env = maps[0]["data"] if maps else {}
        for var in env:
            flag = var[len("ANAPLAN_GRPC_"):].lower()
            if not var.startswith("ANAPLAN_GRPC_") or flag not in built | PENDING:
                fail(f"{label}: ConfigMap variable {var} is no server flag")
        proc, port, used, skipped = start_server(args.server, env, built)
        if proc is None:
            fail(f"{label}: the server did not start with the chart's values:\n{port}")
            continue
        probed = 0
        try:
            for who, cmd in probe_commands(docs):
                if not args.probe:
                    break
                if any(a.startswith("-tls") for a in cmd):
                    continue  # TLS lands with the auth work; plaintext here
                cmd = [args.probe] + [
                    f"-addr=127.0.0.1:{port}" if a.startswith("-addr=") else a
                    for a in cmd[1:]]
                r = subprocess.run(cmd, capture_output=True, text=True, check=False)
                probed += 1
                if r.returncode != 0:
                    fail(f"{label}: {who}: {' '.join(cmd)} -> {r.returncode} "
                         f"{r.stdout.strip()} {r.stderr.strip()}")
        finally:
            proc.send_signal(signal.SIGTERM)
            code = proc.wait(timeout=30)
        if code != 0:
            fail(f"{label}: the server exited {code} on SIGTERM")
        print(f"check_chart: {label}: {len(docs)} objects pass; the server "
              f"started with its {used} ANAPLAN_GRPC_* values, "
              f"{probed} grpc_health_probe commands passed"
              + (f" (not applied here: {', '.join(sorted(skipped))})" if skipped else ""))


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    f = sub.add_parser("flags")
    f.add_argument("--server", required=True)
    f.add_argument("--chart", required=True)
    r = sub.add_parser("render")
    r.add_argument("--server", required=True)
    r.add_argument("--probe")
    r.add_argument("rendered", nargs="+")
    args = parser.parse_args()
    {"flags": check_flags, "render": check_render}[args.command](args)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
