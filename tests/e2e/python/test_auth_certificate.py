"""Certificate ("CA certificate") authentication end to end: the service
signs v2 (default) or v1 payloads with the operator's key, the emulator
verifies them against the presented certificate; a wrong key, a stale v2
payload and an unknown user are rejected as Anaplan rejects them."""

import time

import grpc
import pytest

from anaplan.v1 import bulk_pb2
from auth_e2e_support import (Control, Pki, bulk_stub, certificate_request,
                              error_reason, service_fails, start_emulator,
                              start_service)
from openapi_schema import check_response

KEY_PASSWORD = "cert-key-pass-7f3a"


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    work = tmp_path_factory.mktemp("auth-cert")
    emu, url = start_emulator(work)
    pki = Pki(work / "pki")
    yield work, url, pki
    emu.stop()


def _service(work, url, pki, name, extra=()):
    cert, key = pki.issue(name, "demo@example.com", key_password=KEY_PASSWORD)
    (work / ("%s.pass" % name)).write_text(KEY_PASSWORD + "\n")
    return start_service(work, url, [
        "--certificate_file", str(cert), "--private_key_file", str(key),
        "--private_key_password_file", str(work / ("%s.pass" % name)), *extra],
        name=name)


@pytest.mark.parametrize("version", ["v2", "v1"])
def test_service_authenticates_with_a_certificate(env, version):
    work, url, pki = env
    control = Control(url)
    control.clear_requests()
    svc = _service(work, url, pki, "svc-" + version,
                   ["--certificate_payload_version", version])
    try:
        ch, stub = bulk_stub("127.0.0.1:%d" % svc.port)
        with ch:
            got = stub.GetWorkspaces(bulk_pb2.GetWorkspacesRequest(), timeout=30)
        assert len(got.workspaces) >= 1
        auths = control.requests("/token/authenticate")
        assert [(r["status"], r["authorization_scheme"]) for r in auths] == [
            (201, "CACertificate")]
    finally:
        svc.stop()


def test_certificate_of_an_unknown_user_is_unauthenticated(env):
    work, url, pki = env
    cert, key = pki.issue("stranger", "nobody@example.com")
    svc = start_service(work, url, ["--certificate_file", str(cert),
                                    "--private_key_file", str(key)], name="svc-stranger")
    try:
        ch, stub = bulk_stub("127.0.0.1:%d" % svc.port)
        with ch, pytest.raises(grpc.RpcError) as err:
            stub.GetWorkspaces(bulk_pb2.GetWorkspacesRequest(), timeout=30)
        assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED
        assert error_reason(err.value) == "ANAPLAN_BAD_CREDENTIALS"
    finally:
        svc.stop()


def test_mismatched_key_or_wrong_password_stops_start_up(env):
    work, url, pki = env
    cert_a, _ = pki.issue("a", "demo@example.com")
    _, key_b = pki.issue("b", "demo@example.com", key_password=KEY_PASSWORD)
    (work / "wrong.pass").write_text("not-the-password")
    code, log = service_fails(work, url, [
        "--certificate_file", str(cert_a), "--private_key_file", str(key_b),
        "--private_key_password_file", str(work / "wrong.pass")], "bad-pass")
    assert code != 0 and "--certificate_file/--private_key_file" in log, log
    assert "not-the-password" not in log
    (work / "right.pass").write_text(KEY_PASSWORD)
    code, log = service_fails(work, url, [
        "--certificate_file", str(cert_a), "--private_key_file", str(key_b),
        "--private_key_password_file", str(work / "right.pass")], "mismatch")
    assert code != 0 and "does not match the certificate" in log, log


def test_emulator_rejects_wrong_key_and_stale_payloads(env):
    work, url, pki = env
    control = Control(url)
    cert, key = pki.issue("raw", "demo@example.com")
    _, other_key = pki.issue("other", "demo@example.com")
    pem = cert.read_bytes()

    headers, body = certificate_request(pem, key, work)
    status, reply, _ = control.request("POST", "/token/authenticate", headers=headers, raw=body)
    assert status == 201, reply
    check_response("authentication", "POST", "/token/authenticate", status, reply)

    headers, body = certificate_request(pem, key, work, version="v1")
    status, _, _ = control.request("POST", "/token/authenticate", headers=headers, raw=body)
    assert status == 201

    headers, body = certificate_request(pem, other_key, work)
    status, reply, _ = control.request("POST", "/token/authenticate", headers=headers, raw=body)
    assert (status, reply["status"]) == (401, "FAILURE_BAD_CREDENTIAL"), reply
    check_response("authentication", "POST", "/token/authenticate", status, reply)

    stale = int(time.time()) - 3600
    headers, body = certificate_request(pem, key, work, timestamp=stale)
    status, reply, _ = control.request("POST", "/token/authenticate", headers=headers, raw=body)
    assert (status, reply["status"]) == (401, "FAILURE_BAD_CREDENTIAL"), reply
    assert "window" in reply["statusMessage"]

    headers, body = certificate_request(pem, key, work, random_bytes=40, version="v1")
    status, reply, _ = control.request("POST", "/token/authenticate", headers=headers, raw=body)
    assert status == 401, reply

    headers = {"Authorization": "CACertificate !!notbase64", "Content-Type": "application/json"}
    status, reply, _ = control.request("POST", "/token/authenticate", headers=headers, raw=body)
    assert (status, reply["status"]) == (400, "FAILURE_BAD_HEADER"), reply
