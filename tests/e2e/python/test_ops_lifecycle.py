"""Issue 7 lifecycle: readiness waits for verified credentials; SIGTERM
drains in-flight uploads within the grace, refuses new calls, logs the
token out and exits 0; past a tiny grace the upload is cancelled and never
completed in Anaplan."""

import signal
import threading
import time

import grpc
import pytest

from e2e_support import (DEMO_MODEL, DEMO_WS, SALES_FILE, Emulator, deterministic_csv,
                         sha256_hex, start_emulator, start_service, wait_until)
from test_ops_metrics import SERVICE_FLAGS, log_events, metrics_port, scrape, wait_ready

CHUNK_PUT = r"/files/\d+/chunks/\d+$"
SERVING, NOT_SERVING = 1, 2


def health(target, service=""):
    """grpc.health.v1.Health/Check by hand (no extra package): returns the
    status enum (1 SERVING, 2 NOT_SERVING)."""
    name = service.encode()
    request = (b"\x0a" + bytes([len(name)]) + name) if name else b""
    with grpc.insecure_channel(target) as ch:
        check = ch.unary_unary("/grpc.health.v1.Health/Check",
                               request_serializer=lambda b: b,
                               response_deserializer=lambda b: b)
        reply = check(request, timeout=10)
    return reply[1] if len(reply) >= 2 and reply[0] == 0x08 else 0


@pytest.fixture
def emulator(tmp_path):
    proc = start_emulator(tmp_path, "emu", "--token_ttl_seconds", "3600")
    yield proc, Emulator("http://127.0.0.1:%d" % proc.port)
    proc.stop()


def _service(tmp_path, emu_proc, *extra):
    return start_service(tmp_path, "svc", "http://127.0.0.1:%d" % emu_proc.port,
                         *SERVICE_FLAGS, *extra)


def _events(svc, name):
    return [e for e in log_events(svc) if e["event"] == name]


def _upload_in_thread(target, content, chunk_size):
    from anaplan_grpc import Client
    outcome = {}

    def run():
        try:
            with Client(target, DEMO_WS, DEMO_MODEL, timeout=120) as c:
                outcome["response"] = c.upload_file(SALES_FILE, content, chunk_size=chunk_size)
        except Exception as e:  # noqa: BLE001 - the test inspects it
            outcome["error"] = e

    t = threading.Thread(target=run)
    t.start()
    return t, outcome


def _upload_in_flight(port, emu):
    """True once the service streams an upload and its first chunk PUT is
    stalled in the emulator."""
    m = scrape(port)
    return (m.get("anaplan_grpc_streams_in_flight", grpc_service="anaplan.v1.BulkService",
                  grpc_method="UploadFile") == 1 and
            any(f.get("seen", 0) >= 1 for f in emu.faults()))


def test_readiness_waits_for_verified_credentials(tmp_path, emulator):
    emu_proc, emu = emulator
    # The token service fails until the fault is cleared.
    emu.add_fault(method="POST", path="/token/authenticate", count=-1, status=503,
                  action="status")
    svc = _service(tmp_path, emu_proc)
    try:
        target = "127.0.0.1:%d" % svc.port
        port = metrics_port(svc)
        wait_until(lambda: _events(svc, "credentials_check_failed"), timeout=30,
                   what="a failed credential check")
        assert health(target, "readiness") == NOT_SERVING
        assert health(target, "anaplan.v1.BulkService") == NOT_SERVING
        assert health(target) == SERVING  # liveness
        assert scrape(port).get("anaplan_grpc_ready") == 0
        emu.clear_faults()
        wait_until(lambda: health(target, "readiness") == SERVING, timeout=60,
                   interval=0.2, what="readiness after the token service recovered")
        assert health(target, "anaplan.v1.BulkService") == SERVING
        assert scrape(port).get("anaplan_grpc_ready") == 1
        (ready,) = _events(svc, "ready")
        assert ready["credentials"] == "verified" and ready["attempts"] >= 2
    finally:
        svc.stop()


def test_wrong_password_is_tried_once_and_never_ready(tmp_path, emulator):
    emu_proc, emu = emulator
    svc = _service(tmp_path, emu_proc, "--password", "wrong-password")
    try:
        target = "127.0.0.1:%d" % svc.port
        wait_until(lambda: _events(svc, "credentials_rejected"), timeout=30,
                   what="credentials_rejected")
        assert health(target, "readiness") == NOT_SERVING
        assert health(target) == SERVING
        time.sleep(1.5)  # room for a (wrong) retry
        assert len(emu.requests(r"^/token/authenticate$")) == 1
        assert "wrong-password" not in svc.log_path.read_text()
    finally:
        svc.proc.send_signal(signal.SIGTERM)
        assert svc.proc.wait(timeout=30) == 0
        svc.stop()
    assert emu.requests(r"^/token/logout$") == []  # no token was obtained
    assert _events(svc, "token_logout") == []


def test_sigterm_drains_an_inflight_upload_then_exits_zero(tmp_path, emulator):
    emu_proc, emu = emulator
    svc = _service(tmp_path, emu_proc, "--shutdown_grace_seconds", "60")
    target = "127.0.0.1:%d" % svc.port
    port = metrics_port(svc)
    wait_ready(port)
    content = b"".join(deterministic_csv(300 * 1024))
    # The first chunk PUT stalls 2 s, so SIGTERM lands mid-upload.
    emu.add_fault(method="PUT", path=CHUNK_PUT, count=1, action="stall", delay_ms=2000)
    thread, outcome = _upload_in_thread(target, content, 100 * 1024)
    wait_until(lambda: _upload_in_flight(port, emu), timeout=30, what="upload in flight")

    svc.proc.send_signal(signal.SIGTERM)
    wait_until(lambda: _events(svc, "shutdown_started"), what="shutdown_started")
    # Draining: not ready, and new calls are refused.
    assert scrape(port).get("anaplan_grpc_ready") == 0
    from anaplan.v1 import bulk_pb2, bulk_pb2_grpc
    with grpc.insecure_channel(target) as ch:
        with pytest.raises(grpc.RpcError) as refused:
            bulk_pb2_grpc.BulkServiceStub(ch).GetWorkspaces(
                bulk_pb2.GetWorkspacesRequest(), timeout=10)
    assert refused.value.code() == grpc.StatusCode.UNAVAILABLE

    thread.join(timeout=60)
    assert not thread.is_alive()
    assert "error" not in outcome, outcome.get("error")
    assert outcome["response"].sha256 == sha256_hex(content)
    assert svc.proc.wait(timeout=60) == 0
    info = emu.file_info(SALES_FILE)
    assert info["complete_calls"] == 1 and info["sha256"] == sha256_hex(content)
    logouts = emu.requests(r"^/token/logout$")
    assert len(logouts) == 1 and logouts[0]["status"] == 204
    names = [e["event"] for e in log_events(svc)]
    assert names.index("shutdown_started") < names.index("token_logout") < \
        names.index("shutdown_complete")
    (logout,) = _events(svc, "token_logout")
    assert logout["code"] == "OK"
    uploads = [e for e in _events(svc, "rpc") if e["method"] == "UploadFile"]
    assert [e["code"] for e in uploads] == ["OK"]
    svc.stop()


def test_sigterm_past_a_tiny_grace_cancels_the_upload(tmp_path, emulator):
    emu_proc, emu = emulator
    svc = _service(tmp_path, emu_proc, "--shutdown_grace_seconds", "0.3")
    target = "127.0.0.1:%d" % svc.port
    port = metrics_port(svc)
    wait_ready(port)
    content = b"".join(deterministic_csv(300 * 1024))
    # Every chunk PUT stalls 30 s: only cancellation ends the upload early.
    emu.add_fault(method="PUT", path=CHUNK_PUT, count=-1, action="stall", delay_ms=30000)
    thread, outcome = _upload_in_thread(target, content, 100 * 1024)
    wait_until(lambda: _upload_in_flight(port, emu), timeout=30, what="upload in flight")

    started = time.monotonic()
    svc.proc.send_signal(signal.SIGTERM)
    assert svc.proc.wait(timeout=25) == 0
    # Well before the 30 s stall: the chunk's HTTP call was aborted.
    assert time.monotonic() - started < 20
    thread.join(timeout=30)
    assert "error" in outcome
    # anaplan_grpc errors carry the gRPC code as an attribute.
    assert outcome["error"].code in (grpc.StatusCode.CANCELLED,
                                     grpc.StatusCode.UNAVAILABLE)
    emu.clear_faults()
    assert emu.requests(r"/complete$") == []
    assert emu.file_info(SALES_FILE)["complete_calls"] == 0
    uploads = [e for e in _events(svc, "rpc") if e["method"] == "UploadFile"]
    assert [e["code"] for e in uploads] == ["CANCELLED"]
    assert len(emu.requests(r"^/token/logout$")) == 1
    svc.stop()
