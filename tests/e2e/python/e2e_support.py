"""Helpers for the end-to-end tests: the emulator's control API, processes,
deterministic data and the seeded ids."""

from __future__ import annotations

import atexit
import csv
import hashlib
import io
import json
import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Iterator, List, Optional

REPO_ROOT = Path(__file__).resolve().parents[3]

DEMO_WS = "8a868cd985f53e7701860542f59e276e"
SANDBOX_WS = "8a868cd985f53e7701860542f59e2770"
DEMO_MODEL = "75A40874E6B64FA3AE0743278996850F"
ARCHIVE_MODEL = "F0E1D2C3B4A5968778695A4B3C2D1E0F"
SANDBOX_MODEL = "0123456789ABCDEF0123456789ABCDEF"
EMPLOYEES_FILE = 113000000000
SALES_FILE = 113000000001
EMPLOYEES_IMPORT = 112000000000
SALES_IMPORT = 112000000001
EMPLOYEES_EXPORT = 116000000000
SALES_EXPORT = 116000000001
DELETE_ACTION = 117000000000
OPTIMIZER_ACTION = 117000000001
LOAD_PROCESS = 118000000000

#: Columns of an Employees hierarchy import (list properties from demo.json).
EMPLOYEE_COLUMNS = ["Name", "Code", "Parent", "Department", "Salary", "Active"]
#: Columns of a Sales module import (dimensions, then line items).
SALES_COLUMNS = ["Region", "Month", "Revenue", "Units"]

MIB = 1 << 20


def build_dir() -> Path:
    return Path(os.environ.get("ANAPLAN_BUILD_DIR", str(REPO_ROOT / "build")))


def employees_csv(rows) -> str:
    """rows: (name, code, department, salary, active) tuples."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(EMPLOYEE_COLUMNS)
    for name, code, dept, salary, active in rows:
        w.writerow([name, code, "All Employees", dept, salary, active])
    return out.getvalue()


def deterministic_csv(total_bytes: int, block_rows: int = 2000) -> Iterator[bytes]:
    """Exactly total_bytes of CSV text, the same every run, in blocks."""
    yield_bytes = 0
    header = (",".join(EMPLOYEE_COLUMNS) + "\n").encode()
    pending = header
    i = 0
    while yield_bytes < total_bytes:
        lines = [pending] if pending else []
        pending = b""
        for _ in range(block_rows):
            lines.append(b"Employee %09d,C%09d,All Employees,Dept %03d,%d,%s\n" % (
                i, i, i % 97, 30000 + (i * 7919) % 90000, b"true" if i % 3 else b"false"))
            i += 1
        block = b"".join(lines)
        room = total_bytes - yield_bytes
        if len(block) > room:
            block = block[:room]
        yield_bytes += len(block)
        yield block


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def parse_csv(data: bytes) -> List[List[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"))))


class ControlError(AssertionError):
    pass


class Emulator:
    """The emulator's /__emulator/ control endpoints."""

    def __init__(self, base_url: str):
        self.base_url = base_url.rstrip("/")

    def _call(self, method: str, path: str, body=None, query: Optional[dict] = None):
        url = self.base_url + path
        if query:
            url += "?" + urllib.parse.urlencode(query)
        data = None
        headers = {}
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        req = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                raw = resp.read()
        except urllib.error.HTTPError as e:
            raise ControlError("%s %s -> HTTP %d: %s" % (
                method, path, e.code, e.read()[:500].decode("utf-8", "replace")))
        if not raw:
            return None
        try:
            return json.loads(raw)
        except ValueError:
            return raw

    # faults
    def add_fault(self, **rule):
        return self._call("POST", "/__emulator/faults", rule)

    def faults(self) -> list:
        r = self._call("GET", "/__emulator/faults")
        return r.get("faults", r) if isinstance(r, dict) else r

    def clear_faults(self):
        self._call("DELETE", "/__emulator/faults")

    # request log
    def requests(self, path_regex: Optional[str] = None) -> list:
        r = self._call("GET", "/__emulator/requests",
                       query={"path": path_regex} if path_regex else None)
        return r.get("requests", r) if isinstance(r, dict) else r

    def clear_requests(self):
        self._call("DELETE", "/__emulator/requests")

    # state
    def reset(self):
        self._call("POST", "/__emulator/reset")

    def expire_tokens(self):
        self._call("POST", "/__emulator/tokens/expire")

    def file_info(self, file_id, ws=DEMO_WS, model=DEMO_MODEL) -> dict:
        return self._call("GET", "/__emulator/files/%s/%s/%s" % (ws, model, file_id))

    def tasks(self):
        return self._call("GET", "/__emulator/tasks")

    def list_data(self, name: str, model=DEMO_MODEL) -> dict:
        return self._call("GET", "/__emulator/model/%s/lists/%s" % (
            model, urllib.parse.quote(name)))

    def list_item_names(self, name: str, model=DEMO_MODEL) -> List[str]:
        data = self.list_data(name, model)
        items = data.get("items", data) if isinstance(data, dict) else data
        return [i["name"] for i in items]

    def module_data(self, name: str, model=DEMO_MODEL) -> dict:
        return self._call("GET", "/__emulator/model/%s/modules/%s" % (
            model, urllib.parse.quote(name)))

    def settings(self, **kw):
        return self._call("PUT", "/__emulator/settings", kw)


class Process:
    """A child process with its output in a log file and its port in a file."""

    def __init__(self, name: str, argv: List[str], log_path: Path, port_file: Path,
                 listen_regex: str, env: Optional[dict] = None):
        self.name = name
        self.argv = argv
        self.log_path = log_path
        self.port_file = port_file
        self.listen_regex = re.compile(listen_regex)
        self._log = open(log_path, "wb")
        self.proc = subprocess.Popen(argv, stdout=self._log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True,
                                     env=dict(os.environ, **env) if env else None)
        atexit.register(self.stop)  # also when pytest dies before teardown
        self.port = self._wait_for_port()

    @property
    def pid(self) -> int:
        return self.proc.pid

    def log_tail(self, n: int = 4000) -> str:
        try:
            return self.log_path.read_bytes()[-n:].decode("utf-8", "replace")
        except OSError:
            return ""

    def _port_from_file(self) -> Optional[int]:
        # Read twice: a port file caught mid-write must not yield half a number.
        try:
            first = self.port_file.read_text()
            time.sleep(0.02)
            second = self.port_file.read_text()
        except OSError:
            return None
        if not first.strip() or first != second:
            return None
        try:
            return int(first.split()[0].rsplit(":", 1)[-1])
        except ValueError:
            return None

    def _wait_for_port(self, timeout: float = 30.0) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("%s exited with %s before listening:\n%s\n%s" % (
                    self.name, self.proc.returncode, " ".join(self.argv), self.log_tail()))
            m = self.listen_regex.search(self.log_tail(100000))
            if m:
                return int(m.group(1))
            port = self._port_from_file()
            if port:
                return port
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("%s did not report a port within %ss:\n%s" % (
            self.name, timeout, self.log_tail()))

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        if not self._log.closed:
            self._log.close()

    def peak_rss_kib(self) -> Optional[int]:
        try:
            for line in open("/proc/%d/status" % self.pid):
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        except OSError:
            return None
        return None


def wait_until(pred, timeout: float = 20.0, interval: float = 0.02, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        v = pred()
        if v:
            return v
        time.sleep(interval)
    raise AssertionError("timed out after %ss waiting for %s" % (timeout, what))


# ------------------------------------------------------- fault matrix helpers

def seeded_bytes(seed: int, n: int) -> bytes:
    """n pseudo-random bytes, the same for a seed (incompressible: a 1 MiB
    chunk stays ~1 MiB after gzip, so mid-body faults land inside it)."""
    import random
    return random.Random(seed).randbytes(n)


def proc_threads_fds(pid: int):
    """(threads, open fds) of a process, from /proc."""
    threads = len(os.listdir("/proc/%d/task" % pid))
    fds = len(os.listdir("/proc/%d/fd" % pid))
    return threads, fds


def wait_for_baseline(pid: int, baseline, slack: int = 3, timeout: float = 5.0):
    """Waits until threads and fds of pid are within baseline + slack; returns
    the last (threads, fds) seen either way."""
    deadline = time.monotonic() + timeout
    seen = proc_threads_fds(pid)
    while time.monotonic() < deadline:
        seen = proc_threads_fds(pid)
        if seen[0] <= baseline[0] + slack and seen[1] <= baseline[1] + slack:
            break
        time.sleep(0.05)
    return seen


def start_emulator(workdir: Path, name: str, *extra: str) -> "Process":
    exe = build_dir() / "emulator/anaplan-emulator"
    return Process(name, [str(exe), "--host", "127.0.0.1", "--port", "0",
                          "--port_file", str(workdir / (name + ".port")), *extra],
                   workdir / (name + ".log"), workdir / (name + ".port"),
                   r"anaplan-emulator listening on http://127\.0\.0\.1:(\d+)")


def start_service(workdir: Path, name: str, emulator_url: str, *extra: str) -> "Process":
    """A service pointed at emulator_url; `extra` flags override defaults."""
    exe = build_dir() / "service/anaplan-grpc-server"
    return Process(name, [str(exe), "--listen", "127.0.0.1:0",
                          "--port_file", str(workdir / (name + ".port")),
                          "--auth_url", emulator_url, "--api_url", emulator_url + "/2/0",
                          "--audit_url", emulator_url + "/audit/api/1",
                          "--scim_url", emulator_url + "/scim/1/0/v2",
                          "--cloudworks_url", emulator_url + "/2/0",
                          "--user_email", "demo@example.com",
                          "--password", "demo-password", *extra],
                   workdir / (name + ".log"), workdir / (name + ".port"),
                   r"anaplan-grpc-server listening on [\d.]+:(\d+)")
