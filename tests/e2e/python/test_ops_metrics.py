"""Issue 7 observability: scrape /metrics after an end-to-end run and find
the expected series with the right counts; the exposition is parsed
strictly; JSON log lines parse and carry no secret.

Each module runs its own emulator and service (started with
--metrics_listen and --log_format=json), so counts are exact.
"""

import json
import math
import re
import threading
import urllib.request
from collections import Counter
from pathlib import Path

import grpc
import pytest

from e2e_support import (DELETE_ACTION, DEMO_MODEL, DEMO_WS, EMPLOYEES_FILE, SALES_FILE, Emulator,
                         deterministic_csv, sha256_hex, start_emulator, start_service,
                         wait_until)

CHUNK_PUT = r"/files/\d+/chunks/\d+$"
BULK = "anaplan.v1.BulkService"
SERVICE_FLAGS = ("--metrics_listen", "127.0.0.1:0", "--log_format", "json",
                 "--poll_delay_seconds", "0.05", "--backoff_seconds", "0.05",
                 "--retry_count", "3")

# --------------------------------------------------------------- exposition

_NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
_LABEL = r'[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"'
_SAMPLE = re.compile(r"^(%s)(\{%s(?:,%s)*\})? (\S+)$" % (_NAME, _LABEL, _LABEL))
_HELP = re.compile(r"^# HELP (%s) (.*)$" % _NAME)
_TYPE = re.compile(r"^# TYPE (%s) (counter|gauge|histogram)$" % _NAME)
_LABEL_PAIR = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def _unescape(v):
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), v)


def parse_exposition(text):
    """Parses Prometheus text format 0.0.4 strictly. Returns
    {(name, frozenset(labels.items())): value} and {family: type}.
    Fails on any line that is not HELP, TYPE or a sample of the current
    family, a family typed twice, a bad value, non-cumulative histogram
    buckets, or a +Inf bucket that differs from _count."""
    assert text.endswith("\n"), "exposition must end with a newline"
    samples, types = {}, {}
    family = ftype = None
    buckets = {}
    for line in text.split("\n")[:-1]:
        assert line, "empty line in exposition"
        m = _HELP.match(line)
        if m:
            continue
        m = _TYPE.match(line)
        if m:
            assert m.group(1) not in types, "TYPE twice: " + line
            family, ftype = m.group(1), m.group(2)
            types[family] = ftype
            continue
        m = _SAMPLE.match(line)
        assert m, "not a sample line: %r" % line
        assert family is not None, "sample before TYPE: " + line
        name, labels_text, raw = m.group(1), m.group(2) or "", m.group(3)
        value = float(raw)  # accepts +Inf/NaN, rejects garbage
        assert raw in ("+Inf", "-Inf", "NaN") or not math.isinf(value), line
        labels = {k: _unescape(v) for k, v in _LABEL_PAIR.findall(labels_text)}
        if ftype == "histogram":
            assert name in (family + "_bucket", family + "_sum", family + "_count"), line
            series = frozenset((k, v) for k, v in labels.items() if k != "le")
            if name.endswith("_bucket"):
                assert "le" in labels, line
                prev = buckets.get(series)
                assert prev is None or value >= prev[1], "buckets not cumulative: " + line
                assert prev is None or float(labels["le"]) > prev[0], "le not increasing: " + line
                buckets[series] = (float(labels["le"]), value)
            elif name.endswith("_count"):
                assert buckets[series][0] == math.inf, "no +Inf bucket before " + line
                assert buckets[series][1] == value, "+Inf bucket != _count: " + line
        else:
            assert name == family, "sample %s outside family %s" % (name, family)
            if ftype == "counter":
                assert value >= 0, line
        key = (name, frozenset(labels.items()))
        assert key not in samples, "duplicate series: " + line
        samples[key] = value
    return samples, types


class Metrics:
    def __init__(self, samples):
        self.samples = samples

    def get(self, name, **labels):
        """The value of one series (0 when absent)."""
        return self.samples.get((name, frozenset(labels.items())), 0.0)

    def sum(self, name, **labels):
        """Sum over every series of `name` whose labels include `labels`."""
        want = set(labels.items())
        return sum(v for (n, ls), v in self.samples.items() if n == name and want <= ls)

    def series(self, name):
        return {ls: v for (n, ls), v in self.samples.items() if n == name}


def scrape(port):
    with urllib.request.urlopen("http://127.0.0.1:%d/metrics" % port, timeout=10) as r:
        assert r.status == 200
        assert r.headers["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8"
        text = r.read().decode("utf-8")
    samples, _ = parse_exposition(text)
    return Metrics(samples)


# --------------------------------------------------------------------- logs

def log_events(proc):
    """The JSON log events of a service started with --log_format=json; every
    line must be JSON except the 'listening on' line on stdout."""
    events = []
    for line in proc.log_path.read_text("utf-8", "replace").splitlines():
        if line.startswith("anaplan-grpc-server listening on "):
            continue
        if re.match(r"^[EWID]\d{4} ", line):  # gRPC's own logger, if it speaks
            continue
        event = json.loads(line)  # raises: not a JSON line
        for key in ("ts", "level", "event"):
            assert key in event, line
        events.append(event)
    return events


def metrics_port(proc):
    def find():
        for e in log_events(proc):
            if e["event"] == "metrics_listening":
                return int(e["address"].rsplit(":", 1)[1])
        return None
    return wait_until(find, timeout=20, what="metrics_listening log line")


def wait_ready(port):
    wait_until(lambda: scrape(port).get("anaplan_grpc_ready") == 1, timeout=30,
               what="readiness")


# ------------------------------------------------------------------ fixtures

@pytest.fixture(scope="module")
def ops(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("ops-metrics")
    emu_proc = start_emulator(workdir, "emu", "--token_ttl_seconds", "3600")
    url = "http://127.0.0.1:%d" % emu_proc.port
    svc = start_service(workdir, "svc", url, *SERVICE_FLAGS)
    port = metrics_port(svc)
    wait_ready(port)
    from anaplan_grpc import Client
    client = Client("127.0.0.1:%d" % svc.port, DEMO_WS, DEMO_MODEL, timeout=120)
    yield {"emu": Emulator(url), "svc": svc, "port": port, "client": client}
    client.close()
    svc.stop()
    emu_proc.stop()


@pytest.fixture
def env(ops):
    emu = ops["emu"]
    emu.reset()
    emu.clear_faults()
    emu.settings(task_polls_in_progress=1)
    emu.clear_requests()
    return ops


def _delta(before, after, name, **labels):
    return after.get(name, **labels) - before.get(name, **labels)


# --------------------------------------------------------------------- tests

def test_counts_after_an_end_to_end_run_match_the_emulator(env):
    emu, client, port = env["emu"], env["client"], env["port"]
    content = b"".join(deterministic_csv(300 * 1024 + 7))
    uploads = 3
    before = scrape(port)
    emu.clear_requests()

    for _ in range(uploads):
        client.upload_file(SALES_FILE, content, chunk_size=100 * 1024)
    downloaded = client.get_file(SALES_FILE)
    assert downloaded == content
    client.get_workspaces()
    with pytest.raises(Exception):
        client.get_file(999999999)  # NOT_FOUND
    after = scrape(port)
    log = [r for r in emu.requests() if not r["path"].startswith("/__emulator")]

    # RPCs by service/method/code, with their latency histograms.
    assert _delta(before, after, "grpc_server_handled_total", grpc_service=BULK,
                  grpc_method="UploadFile", grpc_code="OK") == uploads
    assert _delta(before, after, "grpc_server_started_total", grpc_service=BULK,
                  grpc_method="UploadFile", grpc_type="client_stream") == uploads
    assert _delta(before, after, "grpc_server_handling_seconds_count", grpc_service=BULK,
                  grpc_method="UploadFile") == uploads
    assert _delta(before, after, "grpc_server_handled_total", grpc_service=BULK,
                  grpc_method="GetFile", grpc_code="OK") == 1
    assert _delta(before, after, "grpc_server_handled_total", grpc_service=BULK,
                  grpc_method="GetFile", grpc_code="NOT_FOUND") == 1
    assert _delta(before, after, "grpc_server_handled_total", grpc_service=BULK,
                  grpc_method="GetWorkspaces", grpc_code="OK") == 1
    # Bytes: raw file bytes both ways; gRPC message bytes at least the data.
    assert _delta(before, after, "anaplan_transfer_bytes_total",
                  direction="upload") == uploads * len(content)
    assert _delta(before, after, "anaplan_transfer_bytes_total",
                  direction="download") == len(content)
    assert _delta(before, after, "anaplan_grpc_message_bytes_total", grpc_service=BULK,
                  grpc_method="UploadFile", direction="received") >= uploads * len(content)
    # Every HTTP attempt the emulator saw, by status, and by family.
    by_status = Counter(str(r["status"]) for r in log)
    seen = {}
    for labels, value in after.series("anaplan_http_requests_total").items():
        d = dict(labels)
        seen[d["status"]] = seen.get(d["status"], 0) + value - before.get(
            "anaplan_http_requests_total", **d)
    assert {k: v for k, v in seen.items() if v} == dict(by_status)
    auth_calls = sum(1 for r in log if r["path"].startswith("/token/"))
    assert after.sum("anaplan_http_requests_total", family="integration") - before.sum(
        "anaplan_http_requests_total", family="integration") == len(log) - auth_calls
    assert after.sum("anaplan_http_request_duration_seconds_count") - before.sum(
        "anaplan_http_request_duration_seconds_count") == len(log)
    # Token exchanges (the reset dropped the service's token: one 401, one
    # re-authentication) match the token service calls one for one.
    token_calls = sum(1 for r in log if r["path"] in ("/token/authenticate", "/token/refresh"))
    assert token_calls >= 1
    assert after.sum("anaplan_token_fetches_total", outcome="ok") - before.sum(
        "anaplan_token_fetches_total", outcome="ok") == token_calls
    assert _delta(before, after, "anaplan_http_retries_total", reason="reauth") == \
        sum(1 for r in log if r["status"] == 401)
    # Nothing left in flight.
    assert sum(after.series("anaplan_grpc_streams_in_flight").values()) == 0
    assert after.get("anaplan_tasks_in_flight") == 0
    assert after.get("anaplan_grpc_rpcs_in_flight", grpc_service=BULK,
                     grpc_method="UploadFile") == 0
    assert after.get("anaplan_grpc_ready") == 1


def test_retries_and_tasks_are_counted(env):
    emu, client, port = env["emu"], env["client"], env["port"]
    content = b"".join(deterministic_csv(250 * 1024))
    before = scrape(port)
    emu.add_fault(method="PUT", path=CHUNK_PUT, count=2, skip=1, status=503,
                  action="status")
    client.upload_file(EMPLOYEES_FILE, content, chunk_size=100 * 1024)
    after = scrape(port)
    assert _delta(before, after, "anaplan_http_retries_total", reason="http_503") == 2
    assert _delta(before, after, "anaplan_http_requests_total", family="integration",
                  method="PUT", status="503") == 2
    assert _delta(before, after, "anaplan_http_requests_total", family="integration",
                  method="PUT", status="204") + _delta(
        before, after, "anaplan_http_requests_total", family="integration",
        method="PUT", status="200") == 3
    assert emu.file_info(EMPLOYEES_FILE)["sha256"] == sha256_hex(content)


def test_exposition_lists_every_family_with_help_and_type(env):
    with urllib.request.urlopen("http://127.0.0.1:%d/metrics" % env["port"]) as r:
        text = r.read().decode()
    _, types = parse_exposition(text)
    expected = {
        "grpc_server_started_total": "counter",
        "grpc_server_handled_total": "counter",
        "grpc_server_handling_seconds": "histogram",
        "anaplan_grpc_message_bytes_total": "counter",
        "anaplan_grpc_streams_in_flight": "gauge",
        "anaplan_grpc_rpcs_in_flight": "gauge",
        "anaplan_http_requests_total": "counter",
        "anaplan_http_request_duration_seconds": "histogram",
        "anaplan_http_retries_total": "counter",
        "anaplan_transfer_bytes_total": "counter",
        "anaplan_tasks_in_flight": "gauge",
        "anaplan_token_fetches_total": "counter",
        "anaplan_grpc_ready": "gauge",
    }
    assert types == expected
    for family in expected:
        assert ("# HELP %s " % family) in text


def test_the_parser_rejects_malformed_expositions():
    good = "# TYPE a_total counter\na_total{x=\"1\"} 2\n"
    parse_exposition(good)
    for bad in ["a_total 1\n",                                   # no TYPE
                "# TYPE a_total counter\na_total{x=1} 2\n",       # unquoted
                "# TYPE a_total counter\na_total 2",              # no newline
                "# TYPE a_total counter\nb_total 2\n",            # other family
                "# TYPE a_total counter\na_total two\n",          # bad value
                "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\n"
                "h_count 1\n"]:                                  # not cumulative
        with pytest.raises((AssertionError, ValueError)):
            parse_exposition(bad)


def test_json_logs_have_one_rpc_line_per_call_and_no_secret(env):
    client, svc = env["client"], env["svc"]
    rid = "ops-test-request-1"
    # A caller's request id is kept and echoed back.
    stub_call = client.stub.GetWorkspaces.with_call
    from anaplan.v1 import bulk_pb2
    _, call = stub_call(bulk_pb2.GetWorkspacesRequest(), metadata=[("x-request-id", rid)],
                        timeout=30)
    assert ("x-request-id", rid) in list(call.initial_metadata())
    events = wait_until(
        lambda: [e for e in log_events(svc) if e.get("request_id") == rid] or None,
        what="the rpc log line")
    (event,) = events
    assert event["event"] == "rpc" and event["level"] == "info"
    assert event["service"] == BULK and event["method"] == "GetWorkspaces"
    assert event["code"] == "OK" and event["duration_ms"] >= 0
    assert isinstance(event["bytes_sent"], int) and event["bytes_sent"] > 0
    text = svc.log_path.read_text()
    assert "demo-password" not in text
    assert "AnaplanAuthToken" not in text and "Basic " not in text
    # Every event line is JSON (log_events raises otherwise), and the
    # startup sequence is there.
    names = [e["event"] for e in log_events(svc)]
    for expected in ("metrics_listening", "listening", "ready", "token_fetch"):
        assert expected in names


def test_failed_rpcs_of_every_servicer_log_json_only(env):
    """A failing RPC of each servicer leaves exactly one JSON `rpc` event
    with its code, and nothing else (no plain-text line) in the log."""
    from anaplan.v1 import (alm_pb2, alm_pb2_grpc, cloud_works_pb2, cloud_works_pb2_grpc,
                            scim_pb2, scim_pb2_grpc, transactional_pb2, transactional_pb2_grpc)
    svc = env["svc"]
    unknown_model = "00000000000000000000000000000000"
    calls = [
        ("anaplan.v1.TransactionalService", "GetModelDetails", grpc.StatusCode.NOT_FOUND,
         lambda ch, md: transactional_pb2_grpc.TransactionalServiceStub(ch).GetModelDetails(
             transactional_pb2.ModelScope(workspace_id=DEMO_WS, model_id=unknown_model),
             timeout=30, metadata=md)),
        ("anaplan.v1.AlmService", "GetRevisions", grpc.StatusCode.INVALID_ARGUMENT,
         lambda ch, md: alm_pb2_grpc.AlmServiceStub(ch).GetRevisions(
             alm_pb2.GetRevisionsRequest(), timeout=30, metadata=md)),
        ("anaplan.v1.CloudWorksService", "GetIntegration", grpc.StatusCode.NOT_FOUND,
         lambda ch, md: cloud_works_pb2_grpc.CloudWorksServiceStub(ch).GetIntegration(
             cloud_works_pb2.GetIntegrationRequest(integration_id="no-such-integration"),
             timeout=30, metadata=md)),
        ("anaplan.v1.ScimService", "GetUser", grpc.StatusCode.NOT_FOUND,
         lambda ch, md: scim_pb2_grpc.ScimServiceStub(ch).GetUser(
             scim_pb2.GetScimUserRequest(id="no-such-user"), timeout=30, metadata=md)),
    ]
    with grpc.insecure_channel("127.0.0.1:%d" % svc.port) as ch:
        for service, method, code, call in calls:
            rid = "ops-failed-%s" % method
            with pytest.raises(grpc.RpcError) as err:
                call(ch, (("x-request-id", rid),))
            assert err.value.code() == code, (method, err.value)
            events = wait_until(
                lambda: [e for e in log_events(svc) if e.get("request_id") == rid] or None,
                what="the rpc log line of %s" % method)
            (event,) = events
            assert event["event"] == "rpc" and event["service"] == service
            assert event["method"] == method and event["code"] == code.name
    assert not [line for line in svc.log_path.read_text().splitlines()
                if "failed:" in line and not line.startswith("{")]


def test_progress_lines_and_tasks_in_flight(env):
    emu, client, port, svc = env["emu"], env["client"], env["port"], env["svc"]
    # A task that stays IN_PROGRESS for 30 polls: counted while it runs.
    emu.settings(task_polls_in_progress=30)
    done = {}
    t = threading.Thread(target=lambda: done.setdefault(
        "task", client.run_action(DELETE_ACTION, poll_interval=0.05)))
    t.start()
    wait_until(lambda: scrape(port).get("anaplan_tasks_in_flight") == 1, timeout=30,
               what="a task in flight")
    t.join(timeout=60)
    assert scrape(port).get("anaplan_tasks_in_flight") == 0
    task_id = done["task"].task_id
    states = [e["state"] for e in log_events(svc)
              if e["event"] == "task_progress" and e["task_id"] == task_id]
    assert states[0] == "IN_PROGRESS" and states[-1] == "COMPLETE"

    # An upload longer than the 5 s progress interval logs its progress:
    # 4 chunks, one at a time, each PUT held 2 s by the emulator.
    content = b"".join(deterministic_csv(400 * 1024))
    emu.add_fault(method="PUT", path=CHUNK_PUT, count=-1, action="stall", delay_ms=2000)
    client.upload_file(SALES_FILE, content, chunk_size=100 * 1024, parallelism=1)
    progress = [e for e in log_events(svc)
                if e["event"] == "transfer_progress" and e["direction"] == "upload"]
    assert progress, "no transfer_progress line for an 8 s upload"
    assert all(0 < e["bytes"] < len(content) + 1 for e in progress)
