"""Token lifecycle end to end: many concurrent RPCs that all find the token
expired cause exactly one re-authentication (counted in the emulator's
request log), and a shutdown logs the session out."""

import base64
from concurrent.futures import ThreadPoolExecutor

import grpc
import pytest

from anaplan.v1 import bulk_pb2
from auth_e2e_support import (DEMO_EMAIL, DEMO_PASSWORD, Control, bulk_stub,
                              start_emulator, start_service)

PARALLEL = 16


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    work = tmp_path_factory.mktemp("auth-lifecycle")
    emu, url = start_emulator(work)
    (work / "pw").write_text(DEMO_PASSWORD)
    yield work, url, Control(url)
    emu.stop()


def test_parallel_calls_after_expiry_share_one_reauthentication(env):
    work, url, control = env
    svc = start_service(work, url, ["--user_email", DEMO_EMAIL,
                                    "--password_file", str(work / "pw")], name="svc-par")
    try:
        ch, stub = bulk_stub("127.0.0.1:%d" % svc.port)
        with ch:
            stub.GetWorkspaces(bulk_pb2.GetWorkspacesRequest(), timeout=30)
            control.expire_tokens()
            control.clear_requests()
            with ThreadPoolExecutor(PARALLEL) as pool:
                futures = [pool.submit(stub.GetWorkspaces, bulk_pb2.GetWorkspacesRequest(),
                                       timeout=60) for _ in range(PARALLEL)]
                results = [f.result() for f in futures]
        assert all(r.workspaces for r in results)
        token_calls = control.requests("^/token/")
        assert [(r["method"], r["path"], r["status"]) for r in token_calls] == [
            ("POST", "/token/authenticate", 201)], token_calls
        expired = [r for r in control.requests("^/2/0/workspaces") if r["status"] == 401]
        assert 1 <= len(expired) <= PARALLEL
    finally:
        svc.stop()


def test_shutdown_logs_the_session_out(env):
    work, url, control = env
    svc = start_service(work, url, ["--user_email", DEMO_EMAIL,
                                    "--password_file", str(work / "pw")], name="svc-logout")
    ch, stub = bulk_stub("127.0.0.1:%d" % svc.port)
    with ch:
        stub.GetWorkspaces(bulk_pb2.GetWorkspacesRequest(), timeout=30)
    control.clear_requests()
    svc.stop()
    assert svc.proc.returncode == 0
    logouts = control.requests("^/token/logout")
    assert [(r["status"], r["authorization_scheme"]) for r in logouts] == [
        (204, "AnaplanAuthToken")], logouts


def test_static_token_is_not_logged_out(env):
    work, url, control = env
    auth = base64.b64encode(("%s:%s" % (DEMO_EMAIL, DEMO_PASSWORD)).encode()).decode()
    status, body, _ = control.request("POST", "/token/authenticate",
                                      headers={"Authorization": "Basic " + auth})
    token = body["tokenInfo"]["tokenValue"]
    (work / "token").write_text(token)
    svc = start_service(work, url, ["--token_file", str(work / "token")], name="svc-static")
    ch, stub = bulk_stub("127.0.0.1:%d" % svc.port)
    with ch:
        stub.GetWorkspaces(bulk_pb2.GetWorkspacesRequest(), timeout=30)
    control.clear_requests()
    svc.stop()
    assert control.requests("^/token/logout") == []
    # The token still works for whoever issued it.
    status, _, _ = control.request("GET", "/token/validate",
                                   headers={"Authorization": "AnaplanAuthToken " + token})
    assert status == 200
