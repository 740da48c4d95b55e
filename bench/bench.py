"""Runs the benchmarks of bench/README.md against a fresh emulator + service
on loopback and prints ratio-vs-target with PASS/SHORT. Started by run.sh.

  bench.py smoke|quick|full BUILD_DIR VENV_PYTHON SDK_PYTHON

ANAPLAN_BENCH_STEPS=download,unary (comma-separated, any of upload, memory,
download, unary, concurrency) runs only those steps; default: all.
ANAPLAN_BENCH_SERVER=PATH runs that service binary instead of the build's
(to compare two builds back to back on the same machine state).
"""
import hashlib
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
WS = "8a868cd985f53e7701860542f59e276e"
MODEL = "75A40874E6B64FA3AE0743278996850F"
UP_FILE = 113000000000    # Employees.csv: upload target.
DOWN_FILE = 113000000001  # Sales.csv: holds the download benchmark's file.
MiB = 1 << 20

# Sizes and repetitions per mode. smoke only catches pathologies (e.g. a 1 s
# Expect stall per chunk); its numbers mean little.
MODES = {
    "smoke": dict(upload=48 * MiB, mem_small=24 * MiB, mem_big=96 * MiB, reps=1, unary=300,
                  conc_size=16 * MiB, conc_n=4, download=48 * MiB, conc_reps=1),
    "quick": dict(upload=256 * MiB, mem_small=200 * MiB, mem_big=1024 * MiB, reps=3, unary=3000,
                  conc_size=100 * MiB, conc_n=8, download=256 * MiB, conc_reps=2),
    "full": dict(upload=1024 * MiB, mem_small=200 * MiB, mem_big=2048 * MiB, reps=3, unary=9000,
                 conc_size=200 * 1000 * 1000, conc_n=8, download=1024 * MiB, conc_reps=3),
}


def log(*a):
    print(*a, file=sys.stderr, flush=True)


class Stack:
    """The emulator (count-only sink) and the service, on ephemeral ports."""

    def __init__(self, build, workdir):
        self.build, self.workdir = build, workdir
        self.emulator = self._start("emulator", [
            os.path.join(build, "emulator/anaplan-emulator"), "--port", "0",
            "--port_file", os.path.join(workdir, "emulator.port"), "--sink_mode=count"])
        self.emu_port = self._port("emulator")
        self.emu_url = "http://127.0.0.1:%d" % self.emu_port
        self.service = self._start("service", [
            os.environ.get("ANAPLAN_BENCH_SERVER") or os.path.join(build, "service/anaplan-grpc-server"),
            "--listen", "127.0.0.1:0",
            "--port_file", os.path.join(workdir, "service.port"), "--auth_url", self.emu_url,
            "--api_url", self.emu_url + "/2/0", "--user_email", "demo@example.com",
            "--password", "demo-password", "--reflection=false"])
        self.target = "127.0.0.1:%d" % self._port("service")

    def _start(self, name, cmd):
        out = open(os.path.join(self.workdir, name + ".log"), "w")
        return subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)

    def _port(self, name):
        path = os.path.join(self.workdir, name + ".port")
        for _ in range(300):
            if os.path.exists(path):
                return int(open(path).read())
            time.sleep(0.05)
        raise SystemExit("%s did not start; see %s" % (name, self.workdir))

    def stop(self):
        for p in (self.service, self.emulator):
            p.send_signal(signal.SIGTERM)
            try:
                p.wait(15)
            except subprocess.TimeoutExpired:
                p.kill()

    def ctl(self, method, path, body=None):
        req = urllib.request.Request(self.emu_url + "/__emulator" + path, method=method,
                                     data=None if body is None else json.dumps(body).encode())
        with urllib.request.urlopen(req) as r:
            text = r.read()
        return json.loads(text) if text else None

    def file_info(self, file_id):
        return self.ctl("GET", "/files/%s/%s/%d" % (WS, MODEL, file_id))

    def take_put_bytes(self):
        """Compressed bytes of chunk PUTs since the last call (request log)."""
        entries = self.ctl("GET", "/requests?path=/chunks/")
        self.ctl("DELETE", "/requests")
        return sum(e["body_size"] for e in entries if e["method"] == "PUT" and e["status"] == 204)


def proc_status(pid, key):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def reset_hwm(pid):
    # Writing 5 to clear_refs resets VmHWM to the current RSS (Linux >= 4.0).
    with open("/proc/%d/clear_refs" % pid, "w") as f:
        f.write("5")


def cpu_ticks(pid=None):
    if pid is None:
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        return sum(v) - v[3] - v[4], sum(v)  # busy, total
    with open("/proc/%d/stat" % pid) as f:
        v = f.read().rsplit(")", 1)[1].split()
    return int(v[11]) + int(v[12])  # utime + stime


def run_json(cmd, env=None):
    out = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if out.returncode != 0:
        raise SystemExit("failed: %s\n%s%s" % (" ".join(cmd), out.stdout, out.stderr))
    return json.loads(out.stdout.strip().splitlines()[-1])


class Bench:
    def __init__(self, mode, build, venv_py, sdk_py):
        self.mode, self.cfg, self.build = mode, MODES[mode], build
        self.venv_py, self.sdk_py = venv_py, sdk_py
        self.driver = os.path.join(HERE, "drivers/grpc_driver.py")
        self.sdk_driver = os.path.join(HERE, "drivers/sdk_driver.py")
        self.data = os.path.join(build, "bench-data")
        os.makedirs(self.data, exist_ok=True)
        self.workdir = tempfile.mkdtemp(prefix="anaplan-bench-")
        self.stack = Stack(build, self.workdir)
        self.results = {}
        self.rows = []

    # ---- inputs -----------------------------------------------------------
    def csv(self, size):
        path = os.path.join(self.data, "dense-%d.csv" % size)
        if not os.path.exists(path) or os.path.getsize(path) != size:
            log("generating %s" % path)
            subprocess.run([os.path.join(self.build, "bench/bench_gen_csv"), str(size), path],
                           check=True)
        sha_path = path + ".sha256"
        if not os.path.exists(sha_path) or os.path.getmtime(sha_path) < os.path.getmtime(path):
            h = hashlib.sha256()
            with open(path, "rb") as f:
                for block in iter(lambda: f.read(8 * MiB), b""):
                    h.update(block)
            open(sha_path, "w").write(h.hexdigest())
        return path, open(sha_path).read().strip()

    def verify(self, file_id, size, sha):
        info = self.stack.file_info(file_id)
        if info["size"] != size or info["sha256"] != sha:
            raise SystemExit("emulator holds wrong bytes for %d: %s" % (file_id, info))

    # ---- one measured run per side ------------------------------------------
    def ours_upload(self, path, size, sha, profile=False):
        svc = self.stack.service.pid
        self.stack.take_put_bytes()
        reset_hwm(svc)
        pids = {"service": svc, "emulator": self.stack.emulator.pid}
        before = {k: cpu_ticks(p) for k, p in pids.items()}
        sys_before = cpu_ticks()
        children = os.times()
        r = run_json([self.venv_py, self.driver, "upload", self.stack.target, path, str(UP_FILE)])
        hz = os.sysconf("SC_CLK_TCK")
        busy, total = (a - b for a, b in zip(cpu_ticks(), sys_before))
        r["cpu"] = {k: (cpu_ticks(p) - before[k]) / hz for k, p in pids.items()}
        now = os.times()
        r["cpu"]["python_client"] = (now.children_user - children.children_user +
                                     now.children_system - children.children_system)
        r["cpu"]["machine_busy_cores"] = busy / total * os.cpu_count() if total else 0
        r["service_vm_hwm_kb"] = proc_status(svc, "VmHWM")
        r["bytes_sent"] = self.stack.take_put_bytes()
        self.verify(UP_FILE, size, sha)
        r["mb_per_s"] = size / r["seconds"] / 1e6
        return r

    def sdk_upload(self, path, size, sha):
        self.stack.take_put_bytes()
        r = run_json([self.sdk_py, self.sdk_driver, "upload", str(self.stack.emu_port), path,
                      str(UP_FILE)])
        r["bytes_sent"] = self.stack.take_put_bytes()
        self.verify(UP_FILE, size, sha)
        r["mb_per_s"] = size / r["seconds"] / 1e6
        return r

    def native_upload(self, path, size, sha, level):
        self.stack.take_put_bytes()
        r = run_json([os.path.join(self.build, "bench/bench_native_upload"),
                      "--url=" + self.stack.emu_url, "--file=" + path, "--level=%d" % level,
                      "--threads=2", "--file_id=%d" % UP_FILE])
        r["bytes_sent_log"] = self.stack.take_put_bytes()
        self.verify(UP_FILE, size, sha)
        r["mb_per_s"] = size / r["seconds"] / 1e6
        return r

    # ---- reporting ----------------------------------------------------------------
    def row(self, bid, what, value, target, ok, unit="x"):
        self.rows.append(dict(id=bid, what=what, value=value, target=target,
                              verdict="PASS" if ok else "SHORT", unit=unit))

    @staticmethod
    def summary(values):
        return {"median": statistics.median(values), "min": min(values), "max": max(values),
                "n": len(values)}

    def save(self, name, data):
        out = os.path.join(HERE, "results", self.mode)
        os.makedirs(out, exist_ok=True)
        with open(os.path.join(out, name + ".json"), "w") as f:
            json.dump(data, f, indent=1, sort_keys=True)
        self.results[name] = data

    # ---- benchmarks ---------------------------------------------------------------------
    def upload(self):
        size = self.cfg["upload"]
        path, sha = self.csv(size)
        level = 1  # Our default (--gzip_level); native uses the same level.
        runs = {"ours": [], "sdk": [], "native": []}
        sides = ["ours", "sdk", "native"]
        for rep in range(self.cfg["reps"]):
            for side in sides[rep % 3:] + sides[:rep % 3]:  # Rotate to cancel drift.
                log("upload %s rep %d" % (side, rep))
                if side == "ours":
                    runs[side].append(self.ours_upload(path, size, sha))
                elif side == "sdk":
                    runs[side].append(self.sdk_upload(path, size, sha))
                else:
                    runs[side].append(self.native_upload(path, size, sha, level))
        tp = {k: [r["mb_per_s"] for r in v] for k, v in runs.items()}
        vs_sdk = [o / s for o, s in zip(tp["ours"], tp["sdk"])]
        vs_native = [o / n for o, n in zip(tp["ours"], tp["native"])]
        sent = statistics.median(r["bytes_sent"] for r in runs["ours"]) / statistics.median(
            r["bytes_sent"] for r in runs["sdk"])
        mem = statistics.median(r["service_vm_hwm_kb"] for r in runs["ours"]) / statistics.median(
            r["vm_hwm_kb"] for r in runs["sdk"])
        data = dict(size=size, level=level, runs=runs, throughput={k: self.summary(v) for k, v in tp.items()},
                    ratio_vs_sdk=self.summary(vs_sdk), ratio_vs_native=self.summary(vs_native),
                    bytes_sent_ratio_vs_sdk=sent, service_hwm_vs_sdk_hwm=mem)
        self.save("upload", data)
        mb = "%d MiB" % (size // MiB)
        self.row("U1", "upload %s throughput vs anaplan-sdk" % mb, statistics.median(vs_sdk), ">= 5", statistics.median(vs_sdk) >= 5)
        self.row("U2", "upload compressed bytes vs anaplan-sdk's", sent, "<= 1.25", sent <= 1.25)
        self.row("U3", "upload throughput vs native libdeflate+libcurl", statistics.median(vs_native), ">= 0.85", statistics.median(vs_native) >= 0.85)
        self.row("M2", "service peak RSS (%s upload) vs anaplan-sdk's" % mb, mem, "<= 0.15", mem <= 0.15)

    def memory(self):
        hwm = {}
        for label in ("mem_small", "mem_big"):
            size = self.cfg[label]
            path, sha = self.csv(size)
            log("memory upload %d MiB" % (size // MiB))
            r = self.ours_upload(path, size, sha)
            hwm[label] = dict(size=size, service_vm_hwm_kb=r["service_vm_hwm_kb"], mb_per_s=r["mb_per_s"],
                              service_rss_after_kb=proc_status(self.stack.service.pid, "VmRSS"))
        ratio = hwm["mem_big"]["service_vm_hwm_kb"] / hwm["mem_small"]["service_vm_hwm_kb"]
        self.save("memory", dict(hwm=hwm, ratio=ratio))
        self.row("M1", "service peak RSS %d MiB vs %d MiB upload" % (self.cfg["mem_big"] // MiB, self.cfg["mem_small"] // MiB),
                 ratio, "<= 1.1", ratio <= 1.1)

    def download(self):
        size = self.cfg["download"]
        path, sha = self.csv(size)
        # The download source must keep its bytes: store mode for this file only.
        self.stack.ctl("PUT", "/settings", {"sink_mode": "store"})
        run_json([os.path.join(self.build, "bench/bench_native_upload"), "--url=" + self.stack.emu_url,
                  "--file=" + path, "--level=1", "--chunk=10485760", "--file_id=%d" % DOWN_FILE])
        self.stack.ctl("PUT", "/settings", {"sink_mode": "count"})
        self.verify(DOWN_FILE, size, sha)
        token = json.loads(subprocess.run(
            ["curl", "-s", "-X", "POST", "-u", "demo@example.com:demo-password",
             self.stack.emu_url + "/token/authenticate"], capture_output=True, text=True,
            check=True).stdout)["tokenInfo"]["tokenValue"]
        chunks = self.stack.file_info(DOWN_FILE)["chunks_present"]
        base = "%s/2/0/workspaces/%s/models/%s/files/%d/chunks/" % (self.stack.emu_url, WS, MODEL, DOWN_FILE)

        def curl(compressed):
            # Every chunk in turn on one connection, as the service fetches them
            # (it accepts gzip, so the emulator compresses: --compressed is the same exchange).
            cmd = ["curl", "-sf", "-H", "Authorization: AnaplanAuthToken " + token]
            cmd += ["--compressed"] if compressed else []
            for i in chunks:
                cmd += ["-o", "/dev/null", base + str(i)]
            t = time.perf_counter()
            subprocess.run(cmd, check=True)
            return {"seconds": time.perf_counter() - t, "bytes": size}

        runs = {"ours": [], "sdk": [], "curl": [], "curl_identity": []}
        sides = ["ours", "sdk", "curl"]
        svc = self.stack.service.pid
        for rep in range(self.cfg["reps"]):
            for side in sides[rep % 3:] + sides[:rep % 3]:
                log("download %s rep %d" % (side, rep))
                if side == "ours":
                    reset_hwm(svc)
                    ticks = cpu_ticks(svc)
                    r = run_json([self.venv_py, self.driver, "download", self.stack.target, str(DOWN_FILE)])
                    r["service_vm_hwm_kb"] = proc_status(svc, "VmHWM")
                    r["service_cpu_s"] = (cpu_ticks(svc) - ticks) / os.sysconf("SC_CLK_TCK")
                elif side == "sdk":
                    r = run_json([self.sdk_py, self.sdk_driver, "download", str(self.stack.emu_port), str(DOWN_FILE)])
                else:
                    r = curl(True)
                if r["bytes"] != size:
                    raise SystemExit("download %s got %d bytes, want %d" % (side, r["bytes"], size))
                r["mb_per_s"] = size / r["seconds"] / 1e6
                runs[side].append(r)
        r = curl(False)
        r["mb_per_s"] = size / r["seconds"] / 1e6
        runs["curl_identity"].append(r)
        self.stack.ctl("PUT", "/settings", {"sink_mode": "count"})
        tp = {k: [r["mb_per_s"] for r in v] for k, v in runs.items()}
        vs_sdk = [o / s for o, s in zip(tp["ours"], tp["sdk"])]
        vs_curl = [o / c for o, c in zip(tp["ours"], tp["curl"])]
        self.save("download", dict(size=size, chunks=len(chunks), runs=runs,
                                   throughput={k: self.summary(v) for k, v in tp.items()},
                                   ratio_vs_sdk=self.summary(vs_sdk), ratio_vs_curl=self.summary(vs_curl)))
        self.row("D1", "GetFile %d MiB vs anaplan-sdk get_file_stream" % (size // MiB), statistics.median(vs_sdk), ">= 2", statistics.median(vs_sdk) >= 2)
        self.row("D2", "GetFile vs curl, same chunks, one connection", statistics.median(vs_curl), ">= 0.8", statistics.median(vs_curl) >= 0.8)

    def unary(self):
        n, reps = self.cfg["unary"], self.cfg["reps"]
        per = max(100, n // reps)
        runs = {"grpc": [], "rest_curl_enc": [], "rest_identity": []}
        for rep in range(reps):
            for side in (["grpc", "rest_curl_enc"] if rep % 2 == 0 else ["rest_curl_enc", "grpc"]):
                log("unary %s rep %d" % (side, rep))
                if side == "grpc":
                    runs[side].append(run_json([self.venv_py, self.driver, "unary", self.stack.target, str(per)]))
                else:
                    runs[side].append(run_json([self.venv_py, self.driver, "rest_unary", str(self.stack.emu_port), str(per), "curl_encodings"]))
        runs["rest_identity"].append(run_json([self.venv_py, self.driver, "rest_unary", str(self.stack.emu_port), str(per)]))
        med = lambda side, q: statistics.median(r[q] for r in runs[side])
        d50 = med("grpc", "p50_ms") - med("rest_curl_enc", "p50_ms")
        d99 = med("grpc", "p99_ms") - med("rest_curl_enc", "p99_ms")
        self.save("unary", dict(calls_per_run=per, runs=runs, p50_overhead_ms=d50, p99_overhead_ms=d99))
        self.row("L1", "GetFiles p50 overhead vs same REST call (ms)", d50, "<= +0.5", d50 <= 0.5, "ms")
        self.row("L2", "GetFiles p99 overhead vs same REST call (ms)", d99, "<= +2", d99 <= 2, "ms")

    def concurrency(self):
        size, n = self.cfg["conc_size"], self.cfg["conc_n"]
        path, sha = self.csv(size)
        single, multi, health = [], [], []
        for rep in range(self.cfg["conc_reps"]):
            log("concurrency rep %d: single" % rep)
            single.append(self.ours_upload(path, size, sha)["mb_per_s"])
            log("concurrency rep %d: %d at once" % (rep, n))
            probe = subprocess.Popen([self.venv_py, self.driver, "health", self.stack.target, "600"],
                                     stdout=subprocess.PIPE, text=True)
            time.sleep(0.5)
            r = run_json([self.venv_py, self.driver, "concurrent", self.stack.target, path, "0", str(n)])
            probe.send_signal(signal.SIGINT)
            out = probe.communicate()[0]
            if r["errors"]:
                raise SystemExit("concurrent uploads failed: %s" % r["errors"])
            for i in range(n):
                info = self.stack.ctl("GET", "/files/%s/%s/bench-%d" % (WS, MODEL, i))
                if info["size"] != size or info["sha256"] != sha:
                    raise SystemExit("concurrent upload %d stored wrong bytes: %s" % (i, info))
            multi.append(n * size / r["seconds"] / 1e6)
            health.append(json.loads(out.strip().splitlines()[-1]) if out.strip() else {"n": 0})
        ratios = [m / s for m, s in zip(multi, single)]
        p99 = max(h.get("p99_ms", float("inf")) for h in health)
        fails = sum(h.get("failures", 0) for h in health)
        self.save("concurrency", dict(size=size, n=n, single_mb_per_s=single, aggregate_mb_per_s=multi,
                                      ratio=self.summary(ratios), health=health))
        self.row("C1", "%d concurrent %d MB uploads, aggregate vs single" % (n, size // 1000000), statistics.median(ratios), ">= 0.9", statistics.median(ratios) >= 0.9)
        self.row("C2", "health Check p99 during them (ms)", p99, "< 100", p99 < 100 and fails == 0, "ms")

    # ---- driver ------------------------------------------------------------------------------
    def run(self):
        facts = dict(mode=self.mode, nproc=os.cpu_count(), cpu=cpu_model(), kernel=platform.release(),
                     loadavg_start=os.getloadavg(), started=time.strftime("%Y-%m-%d %H:%M:%S %Z"))
        try:
            steps = (self.upload, self.memory, self.download, self.unary, self.concurrency)
            wanted = os.environ.get("ANAPLAN_BENCH_STEPS", "")
            names = [n for n in wanted.split(",") if n] or [s.__name__ for s in steps]
            unknown = set(names) - {s.__name__ for s in steps}
            if unknown:
                raise SystemExit("ANAPLAN_BENCH_STEPS: unknown step(s) %s" % ", ".join(sorted(unknown)))
            facts["steps"] = names
            for step in steps:
                if step.__name__ in names:
                    step()
        finally:
            self.stack.stop()
        facts["loadavg_end"] = os.getloadavg()
        self.save("summary", dict(facts=facts, rows=self.rows))
        print_table(facts, self.rows)
        return 0


def cpu_model():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor()


def print_table(facts, rows):
    print("\nmode %s | nproc %d | %s | load %s -> %s" % (
        facts["mode"], facts["nproc"], facts["cpu"],
        "/".join("%.2f" % x for x in facts["loadavg_start"]),
        "/".join("%.2f" % x for x in facts["loadavg_end"])))
    print("| id | measure | result | target | verdict |")
    print("|---|---|---|---|---|")
    for r in rows:
        print("| %s | %s | %.3g%s | %s | %s |" % (r["id"], r["what"], r["value"],
                                                  "" if r["unit"] == "x" else " " + r["unit"],
                                                  r["target"], r["verdict"]))


if __name__ == "__main__":
    if len(sys.argv) != 5 or sys.argv[1] not in MODES:
        raise SystemExit(__doc__)
    sys.exit(Bench(*sys.argv[1:]).run())
