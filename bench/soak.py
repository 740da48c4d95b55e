#!/usr/bin/env python3
"""Soak test of anaplan-grpc-server: bounded load, then plateau checks.

Starts anaplan-emulator and anaplan-grpc-server (from $ANAPLAN_BUILD_DIR,
default <repo>/build) on ephemeral loopback ports, then for --duration
seconds (and at most --max-ops operations) runs concurrently:

  * uploads of a few MB (1 MiB chunks, P=2) whose SHA-256 is checked,
  * downloads of a file uploaded at setup, checked the same way,
  * unary calls (listings, metadata, task summaries),
  * export tasks started without waiting, followed with WatchTask,
  * a health probe (latency reported),
  * ~1% injected Anaplan faults (503, 429, connection reset) through the
    emulator's /__emulator/faults, which the service must retry away,
  * now and then a burst of held-open downloads above
    --max_concurrent_transfers, which the service must refuse with
    RESOURCE_EXHAUSTED (the only failures allowed).

Every second it samples the service's VmRSS, open fds (/proc/PID/fd) and
threads (/proc/PID/task). At the end it prints (and with --out saves as JSON)
start/peak/end and the least-squares slope over the last half of each, and
the failed RPCs by code. Exit status 1 when: the RSS slope over the last half
exceeds --max-rss-slope-mb-min by more than two standard errors (so short
runs are judged on evidence, long runs tightly), the last half's RSS, fd or
thread peak exceeds the first half's by more than its slack, any RPC failed
with a code other than RESOURCE_EXHAUSTED, any checksum differed, or a worker
failed to stop. Workers honour RetryInfo after a refusal, as callers should.

Run with the virtualenv made by scripts/build.sh (it re-executes itself with
build/venv/bin/python when anaplan_grpc is not importable):

  python3 bench/soak.py                 # 60 s
  python3 bench/soak.py --duration 20   # CI-sized
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BUILD = Path(os.environ.get("ANAPLAN_BUILD_DIR", str(REPO / "build")))

try:
    import anaplan_grpc  # noqa: F401  (probe only)
except ImportError:
    venv_python = BUILD / "venv" / "bin" / "python"
    if venv_python.exists() and Path(sys.executable) != venv_python:
        os.execv(str(venv_python), [str(venv_python)] + sys.argv)
    raise

import grpc  # noqa: E402
from anaplan.v1 import bulk_pb2  # noqa: E402
from anaplan_grpc import AnaplanError, Client, from_rpc_error, object_ref  # noqa: E402

sys.path.insert(0, str(REPO / "tests" / "e2e" / "python"))
from e2e_support import (DEMO_MODEL, DEMO_WS, EMPLOYEES_EXPORT,  # noqa: E402
                         SALES_EXPORT, Emulator, Process, deterministic_csv)

MIB = 1 << 20
HEALTH_CHECK = "/grpc.health.v1.Health/Check"

# (method, path regex, actions): Anaplan calls the service makes under this
# load, each faulted about once per 1/fault_rate matching requests. Task
# starts are left alone: a reset there is an ambiguous non-idempotent POST.
FAULT_CLASSES = [
    ("PUT", r"/files/\d+/chunks/\d+$", ("503", "429", "reset")),
    ("GET", r"/files/\d+/chunks/\d+$", ("503", "429", "reset")),
    ("GET", r"/files/\d+/chunks$", ("503", "reset")),
    ("GET", r"/tasks/[0-9A-F]+$", ("503", "429", "reset")),
    ("GET", r"/(files|imports|exports|actions|processes)$", ("503", "429", "reset")),
    ("POST", r"/files/\d+/complete$", ("503",)),
]


class Stats:
    """Thread-safe counters of operations and failures."""

    def __init__(self):
        self.lock = threading.Lock()
        self.ops = Counter()
        self.failures = Counter()      # (op, code)
        self.reasons = Counter()       # (code, reason)
        self.mismatches = []
        self.examples = {}
        self.health_ms = []

    def ok(self, op):
        with self.lock:
            self.ops[op] += 1

    def failed(self, op, err):
        code = getattr(err, "code", None)
        name = code.name if isinstance(code, grpc.StatusCode) else type(err).__name__
        reason = getattr(err, "reason", None) or ""
        with self.lock:
            self.ops[op] += 1
            self.failures[(op, name)] += 1
            self.reasons[(name, reason)] += 1
            self.examples.setdefault(name, "%s: %s" % (op, err))

    def total(self):
        with self.lock:
            return sum(self.ops.values())


class Budget:
    """Stops workers at the deadline or after max_ops operations."""

    def __init__(self, duration, max_ops, stats):
        self.deadline = time.monotonic() + duration
        self.max_ops = max_ops
        self.stats = stats
        self.stop = threading.Event()

    def running(self):
        if self.stop.is_set():
            return False
        if time.monotonic() >= self.deadline or self.stats.total() >= self.max_ops:
            self.stop.set()
            return False
        return True


def run_op(stats, op, fn, budget=None):
    """Runs one RPC; a refusal with RetryInfo is honoured, as callers should."""
    try:
        fn()
        stats.ok(op)
    except grpc.RpcError as err:
        stats.failed(op, from_rpc_error(err))
    except AnaplanError as err:
        stats.failed(op, err)
        if budget is not None and err.retry_delay:
            budget.stop.wait(min(err.retry_delay, 5.0))


# ------------------------------------------------------------------ workers

def uploader(client, file_id, payload, digest, budget, stats):
    def once():
        resp = client.upload_file(file_id, payload, chunk_size=MIB, parallelism=2)
        if resp.sha256 != digest or resp.bytes_received != len(payload):
            with stats.lock:
                stats.mismatches.append("upload %s: sha %s" % (file_id, resp.sha256))
    while budget.running():
        run_op(stats, "UploadFile", once, budget)


def downloader(client, file_id, digest, budget, stats):
    def once():
        data = client.get_file(file_id, batch_size=2)
        if hashlib.sha256(data).hexdigest() != digest:
            with stats.lock:
                stats.mismatches.append("download %s: %d bytes" % (file_id, len(data)))
    while budget.running():
        run_op(stats, "GetFile", once, budget)


def unary_worker(client, budget, stats, seed):
    rng = random.Random(seed)
    calls = [
        ("GetWorkspaces", lambda: client.get_workspaces()),
        ("GetModels", lambda: client.get_models()),
        ("GetFiles", lambda: client.get_files()),
        ("GetImports", lambda: client.get_imports()),
        ("GetExports", lambda: client.get_exports()),
        ("GetActions", lambda: client.get_actions()),
        ("GetExportMetadata", lambda: client.get_export_metadata(EMPLOYEES_EXPORT)),
        ("GetTaskSummaries", lambda: client.get_task_summaries(EMPLOYEES_EXPORT)),
    ]
    while budget.running():
        op, fn = rng.choice(calls)
        run_op(stats, op, fn, budget)
        time.sleep(0.01)  # ~50-100 unary RPC/s per worker, as in R12


def watcher(client, budget, stats):
    def once():
        task = client.run_action(SALES_EXPORT, wait_for_completion=False)
        last = None
        for last in client.watch_task(SALES_EXPORT, task.task_id, poll_interval=0.05):
            pass
        if last is None or not last.done:
            raise AnaplanError("WatchTask ended before the task", code=grpc.StatusCode.UNKNOWN)
    while budget.running():
        run_op(stats, "RunAction+WatchTask", once, budget)


def health_prober(channel, budget, stats):
    check = channel.unary_unary(HEALTH_CHECK, request_serializer=None,
                                response_deserializer=None)
    while budget.running():
        start = time.monotonic()
        try:
            reply = check(b"", timeout=10)
            if reply != b"\x08\x01":  # HealthCheckResponse{status: SERVING}
                raise AnaplanError("health: %r" % reply, code=grpc.StatusCode.UNKNOWN)
            with stats.lock:
                stats.health_ms.append((time.monotonic() - start) * 1000)
        except (grpc.RpcError, AnaplanError) as err:
            stats.failed("Health", err)
        time.sleep(0.25)


def transfer_burst(target, file_id, size, limit, budget, stats):
    """Every ~7 s opens limit+2 downloads and holds them unread for a
    moment, so the transfer limit must refuse some (RESOURCE_EXHAUSTED)."""
    while not budget.stop.wait(7.0):
        if not budget.running():
            return
        with Client(target, DEMO_WS, DEMO_MODEL, timeout=60) as c:
            streams = []
            for _ in range(limit + 2):
                req = bulk_pb2.GetFileRequest(workspace_id=DEMO_WS, model_id=DEMO_MODEL,
                                              file=object_ref(file_id), batch_size=1)
                streams.append(c.stub.GetFile(req, timeout=60))
            time.sleep(1.0)
            for call in streams:
                try:
                    got = sum(len(m.data) for m in call)
                    if got != size:
                        raise AnaplanError("burst got %d bytes" % got,
                                           code=grpc.StatusCode.DATA_LOSS)
                    stats.ok("GetFile(burst)")
                except grpc.RpcError as err:
                    stats.failed("GetFile(burst)", from_rpc_error(err))
                except AnaplanError as err:
                    stats.failed("GetFile(burst)", err)


def fault_injector(emu, rate, budget, rng):
    """Keeps one armed rule per fault class; each fires once after a random
    number of matching requests averaging 1/rate."""
    armed = {}  # class index -> rule id
    serial = 0
    while not budget.stop.wait(0.5):
        fired = {f.get("id"): f.get("fired", 0) for f in emu.faults()}
        for i, (method, path, actions) in enumerate(FAULT_CLASSES):
            if i in armed and fired.get(armed[i], 0) == 0:
                continue
            serial += 1
            action = rng.choice(actions)
            rule = {"id": "soak-%d" % serial, "method": method, "path": path,
                    "count": 1, "skip": rng.randint(int(0.5 / rate), int(1.5 / rate))}
            if action == "reset":
                rule["action"] = "reset"
            else:
                rule.update(action="status", status=int(action))
                if action == "429":
                    rule["retry_after"] = "0"
            emu.add_fault(**rule)
            armed[i] = rule["id"]


# ----------------------------------------------------------------- sampling

def read_proc(pid):
    rss_kib = 0
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss_kib = int(line.split()[1])
    return {"rss_mb": rss_kib / 1024.0,
            "fds": len(os.listdir("/proc/%d/fd" % pid)),
            "threads": len(os.listdir("/proc/%d/task" % pid))}


def sampler(pid, t0, samples, stop):
    while True:
        try:
            s = read_proc(pid)
        except OSError:
            return
        s["t"] = time.monotonic() - t0
        samples.append(s)
        if stop.wait(1.0):
            return


def slope_per_min(points):
    """Least-squares slope of (t seconds, y) in y-units per minute, and its
    standard error (0 when it cannot be estimated)."""
    n = len(points)
    if n < 3:
        return 0.0, 0.0
    mt = sum(t for t, _ in points) / n
    my = sum(y for _, y in points) / n
    var = sum((t - mt) ** 2 for t, _ in points)
    if var == 0:
        return 0.0, 0.0
    b = sum((t - mt) * (y - my) for t, y in points) / var
    resid = sum((y - my - b * (t - mt)) ** 2 for t, y in points)
    stderr = (resid / (n - 2) / var) ** 0.5
    return 60.0 * b, 60.0 * stderr


def summarize(samples, key):
    half = len(samples) // 2
    first, last = samples[:half], samples[half:]
    values = [s[key] for s in samples]
    slope, stderr = slope_per_min([(s["t"], s[key]) for s in last])
    return {"start": values[0], "peak": max(values), "end": values[-1],
            "first_half_peak": max(s[key] for s in first) if first else values[0],
            "last_half_peak": max(s[key] for s in last),
            "last_half_slope_per_min": round(slope, 3),
            "last_half_slope_stderr": round(stderr, 3)}


def percentile(values, p):
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(p / 100.0 * len(ordered)))], 2)


# --------------------------------------------------------------------- main

def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--duration", type=float, default=60, help="seconds of load (default 60)")
    ap.add_argument("--max-ops", type=int, default=200000, help="stop after this many RPCs")
    ap.add_argument("--uploaders", type=int, default=2)
    ap.add_argument("--upload-mb", type=float, default=4)
    ap.add_argument("--downloaders", type=int, default=1)
    ap.add_argument("--unary-workers", type=int, default=2)
    ap.add_argument("--watchers", type=int, default=1)
    ap.add_argument("--fault-rate", type=float, default=0.01)
    ap.add_argument("--max-concurrent-transfers", type=int, default=None,
                    help="service flag (default: uploaders + downloaders + 1)")
    ap.add_argument("--max-rss-slope-mb-min", type=float, default=1.0)
    ap.add_argument("--rss-slack-mb", type=float, default=32,
                    help="allowed rise of the last half's RSS peak over the first half's")
    ap.add_argument("--fd-slack", type=int, default=8)
    ap.add_argument("--thread-slack", type=int, default=8)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", help="write the summary as JSON here")
    ap.add_argument("--keep-logs", help="copy emulator/service logs to this directory")
    return ap.parse_args()


def start_processes(workdir, transfers_limit):
    emu_exe = BUILD / "emulator" / "anaplan-emulator"
    svc_exe = BUILD / "service" / "anaplan-grpc-server"
    for exe in (emu_exe, svc_exe):
        if not os.access(exe, os.X_OK):
            sys.exit("soak: %s missing; build it first (bash scripts/build.sh)" % exe)
    emulator = Process("anaplan-emulator", [
        str(emu_exe), "--host", "127.0.0.1", "--port", "0",
        "--port_file", str(workdir / "emulator.port")],
        workdir / "emulator.log", workdir / "emulator.port",
        r"anaplan-emulator listening on http://127\.0\.0\.1:(\d+)")
    url = "http://127.0.0.1:%d" % emulator.port
    service = Process("anaplan-grpc-server", [
        str(svc_exe), "--listen", "127.0.0.1:0",
        "--port_file", str(workdir / "service.port"),
        "--auth_url", url, "--api_url", url + "/2/0",
        "--user_email", "demo@example.com", "--password", "demo-password",
        "--poll_delay_seconds", "0.05", "--backoff_seconds", "0.05", "--retry_count", "3",
        "--max_concurrent_transfers", str(transfers_limit)],
        workdir / "service.log", workdir / "service.port",
        r"anaplan-grpc-server listening on [\d.]+:(\d+)")
    return emulator, service, Emulator(url)


def setup_files(client, n, payload):
    """Creates n files for uploads and one for downloads; returns their ids."""
    ids = []
    for i in range(n + 1):
        resp = client.upload_file(114000000100 + i, payload, chunk_size=MIB,
                                  allow_file_creation=True)
        ids.append(resp.file_id)
    return ids[:n], ids[n]


def main():
    args = parse_args()
    rng = random.Random(args.seed)
    transfers_limit = args.max_concurrent_transfers or (args.uploaders + args.downloaders + 1)
    payload = b"".join(deterministic_csv(int(args.upload_mb * MIB)))
    digest = hashlib.sha256(payload).hexdigest()
    stats = Stats()
    with tempfile.TemporaryDirectory(prefix="anaplan-soak-") as tmp:
        workdir = Path(tmp)
        emulator, service, emu = start_processes(workdir, transfers_limit)
        try:
            return run(args, rng, transfers_limit, payload, digest, stats, emulator,
                       service, emu, workdir)
        finally:
            service.stop()
            emulator.stop()
            if args.keep_logs:
                dest = Path(args.keep_logs)
                dest.mkdir(parents=True, exist_ok=True)
                for name in ("emulator.log", "service.log"):
                    (dest / name).write_bytes((workdir / name).read_bytes())


def run(args, rng, transfers_limit, payload, digest, stats, emulator, service, emu, workdir):
    target = "127.0.0.1:%d" % service.port
    emu.settings(task_polls_in_progress=1, export_chunk_size=MIB)
    client = Client(target, DEMO_WS, DEMO_MODEL, timeout=120)
    grpc.channel_ready_future(client.channel).result(timeout=30)
    upload_ids, download_id = setup_files(client, args.uploaders, payload)

    t0 = time.monotonic()
    samples, stop_sampling = [], threading.Event()
    sampling = threading.Thread(target=sampler, args=(service.pid, t0, samples, stop_sampling))
    sampling.start()
    budget = Budget(args.duration, args.max_ops, stats)
    # Each kind of load on its own channel, as separate applications would.
    clients = [Client(target, DEMO_WS, DEMO_MODEL, timeout=120) for _ in range(4)]
    threads = [threading.Thread(target=uploader, args=(clients[0], fid, payload, digest,
                                                       budget, stats))
               for fid in upload_ids]
    threads += [threading.Thread(target=downloader, args=(clients[1], download_id, digest,
                                                          budget, stats))
                for _ in range(args.downloaders)]
    threads += [threading.Thread(target=unary_worker, args=(clients[2], budget, stats,
                                                            args.seed + i))
                for i in range(args.unary_workers)]
    threads += [threading.Thread(target=watcher, args=(clients[3], budget, stats))
                for _ in range(args.watchers)]
    threads.append(threading.Thread(target=health_prober, args=(client.channel, budget, stats)))
    threads.append(threading.Thread(target=transfer_burst, args=(
        target, download_id, len(payload), transfers_limit, budget, stats)))
    if args.fault_rate > 0:
        threads.append(threading.Thread(target=fault_injector, args=(
            emu, args.fault_rate, budget, random.Random(args.seed))))
    for t in threads:
        t.daemon = True
        t.start()
    hard_stop = args.duration + 120
    for t in threads:
        t.join(timeout=max(1.0, t0 + hard_stop - time.monotonic()))
    hung = [t.name for t in threads if t.is_alive()]
    load_seconds = time.monotonic() - t0
    stop_sampling.set()
    sampling.join()
    faults = emu.faults()
    # Anaplan API requests the service made (the log holds only those and
    # /token calls), to state the injected fault rate.
    summary_requests = len(emu.requests(r"^/2/0/"))
    for c in clients + [client]:
        c.close()
    return report(args, stats, samples, faults, summary_requests, hung, load_seconds,
                  transfers_limit)


def report(args, stats, samples, faults, api_requests, hung, load_seconds, transfers_limit):
    if len(samples) < 4:
        print("soak: too few samples (%d)" % len(samples))
        return 1
    summary = {
        "duration_s": round(load_seconds, 1), "samples": len(samples),
        "config": {k: v for k, v in vars(args).items() if k not in ("out", "keep_logs")},
        "max_concurrent_transfers": transfers_limit,
        "rss_mb": summarize(samples, "rss_mb"),
        "fds": summarize(samples, "fds"),
        "threads": summarize(samples, "threads"),
        "ops": dict(stats.ops),
        "failures": {"%s %s" % k: v for k, v in stats.failures.items()},
        "failure_reasons": {"%s %s" % k: v for k, v in stats.reasons.items()},
        "failure_examples": stats.examples,
        "faults_injected": sum(f.get("fired", 0) for f in faults),
        "anaplan_api_requests": api_requests,
        "health_ms": {"n": len(stats.health_ms), "p50": percentile(stats.health_ms, 50),
                      "p99": percentile(stats.health_ms, 99),
                      "max": percentile(stats.health_ms, 100)},
        "checksum_mismatches": stats.mismatches,
    }
    problems = []
    rss, fds, thr = summary["rss_mb"], summary["fds"], summary["threads"]
    # Growth must be shown beyond noise: the slope minus two standard errors
    # (short runs have wide errors; long runs make the bound tight). A leak
    # too fast to hide in noise also shows as a higher last-half peak.
    if rss["last_half_slope_per_min"] - 2 * rss["last_half_slope_stderr"] > \
            args.max_rss_slope_mb_min:
        problems.append("RSS grows %.2f +- %.2f MB/min over the last half (limit %.2f)" % (
            rss["last_half_slope_per_min"], rss["last_half_slope_stderr"],
            args.max_rss_slope_mb_min))
    if rss["last_half_peak"] > rss["first_half_peak"] + args.rss_slack_mb:
        problems.append("RSS peak grew: %.1f -> %.1f MB" % (rss["first_half_peak"],
                                                           rss["last_half_peak"]))
    if fds["last_half_peak"] > fds["first_half_peak"] + args.fd_slack:
        problems.append("fds grew: %d -> %d" % (fds["first_half_peak"], fds["last_half_peak"]))
    if thr["last_half_peak"] > thr["first_half_peak"] + args.thread_slack:
        problems.append("threads grew: %d -> %d" % (thr["first_half_peak"],
                                                    thr["last_half_peak"]))
    bad = {k: v for k, v in stats.failures.items() if k[1] != "RESOURCE_EXHAUSTED"}
    if bad:
        problems.append("unexpected failures: %s" % {"%s %s" % k: v for k, v in bad.items()})
    if stats.mismatches:
        problems.append("checksum mismatches: %d" % len(stats.mismatches))
    if hung:
        problems.append("workers did not stop: %s" % hung)
    summary["problems"] = problems
    text = json.dumps(summary, indent=2, sort_keys=True)
    print(text)
    if args.out:  # the file also keeps the per-second series
        summary["series"] = [[round(x["t"], 1), round(x["rss_mb"], 2), x["fds"], x["threads"]]
                             for x in samples]
        Path(args.out).write_text(json.dumps(summary, indent=1, sort_keys=True) + "\n")
    print("soak: %s" % ("FAIL: " + "; ".join(problems) if problems else "OK"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
