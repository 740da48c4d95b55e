"""TLS end to end: the emulator serves HTTPS with a certificate made at test
time and the service reaches it with --ca_bundle; the gRPC port serves TLS
and mTLS, and picks up rotated certificate files without a restart."""

import base64
import shutil

import grpc
import pytest

from anaplan.v1 import bulk_pb2
from auth_e2e_support import (DEMO_EMAIL, DEMO_PASSWORD, DEVICE_CLIENT, Control, Pki,
                              bulk_stub, server_pki, start_emulator, start_service,
                              workspaces)
from e2e_support import wait_until


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    work = tmp_path_factory.mktemp("auth-tls")
    pki, cert, key = server_pki(work / "pki")
    emu, url = start_emulator(work, tls=(cert, key))
    assert url.startswith("https://")
    (work / "pw").write_text(DEMO_PASSWORD)
    yield work, url, pki
    emu.stop()


def _creds(pki, client=None):
    root = pki.ca_cert.read_bytes()
    if client is None:
        return grpc.ssl_channel_credentials(root_certificates=root)
    cert, key = client
    return grpc.ssl_channel_credentials(root_certificates=root,
                                        private_key=key.read_bytes(),
                                        certificate_chain=cert.read_bytes())


def test_emulator_https_and_ca_bundle(env):
    work, url, pki = env
    control = Control(url, cafile=pki.ca_cert)
    status, _, _ = control.request("GET", "/__emulator/health")
    assert status == 200
    svc = start_service(work, url, ["--user_email", DEMO_EMAIL,
                                    "--password_file", str(work / "pw"),
                                    "--ca_bundle", str(pki.ca_cert)], name="svc-https")
    try:
        ch, stub = bulk_stub("127.0.0.1:%d" % svc.port)
        with ch:
            assert stub.GetWorkspaces(bulk_pb2.GetWorkspacesRequest(), timeout=30).workspaces
    finally:
        svc.stop()
    # Without the bundle the emulator's certificate is untrusted.
    svc = start_service(work, url, ["--user_email", DEMO_EMAIL,
                                    "--password_file", str(work / "pw"),
                                    "--retry_count", "1"], name="svc-untrusted")
    try:
        ch, stub = bulk_stub("127.0.0.1:%d" % svc.port)
        with ch, pytest.raises(grpc.RpcError) as err:
            stub.GetWorkspaces(bulk_pb2.GetWorkspacesRequest(), timeout=30)
        # Not retried: a certificate problem does not heal by waiting.
        assert err.value.code() == grpc.StatusCode.FAILED_PRECONDITION
        assert "certificate" in err.value.details()
    finally:
        svc.stop()


def test_grpc_tls_and_mtls(env):
    work, url, pki = env
    grpc_pki, cert, key = server_pki(work / "grpc-pki", "grpc")
    client = grpc_pki.issue("client", "ops-client")
    base = ["--user_email", DEMO_EMAIL, "--password_file", str(work / "pw"),
            "--ca_bundle", str(pki.ca_cert),
            "--tls_cert_file", str(cert), "--tls_key_file", str(key)]
    svc = start_service(work, url, base, name="svc-tls", ready=False)
    try:
        assert workspaces(svc.port, _creds(grpc_pki)).workspaces
        ch, stub = bulk_stub("127.0.0.1:%d" % svc.port)  # plaintext to a TLS port
        with ch, pytest.raises(grpc.RpcError) as err:
            stub.GetWorkspaces(bulk_pb2.GetWorkspacesRequest(), timeout=5)
        assert err.value.code() == grpc.StatusCode.UNAVAILABLE
    finally:
        svc.stop()

    svc = start_service(work, url, base + ["--tls_client_ca_file", str(grpc_pki.ca_cert)],
                        name="svc-mtls", ready=False)
    try:
        assert workspaces(svc.port, _creds(grpc_pki, client)).workspaces
        with pytest.raises(grpc.RpcError) as err:
            workspaces(svc.port, _creds(grpc_pki), timeout=5)
        assert err.value.code() == grpc.StatusCode.UNAVAILABLE
        stranger = Pki(work / "stranger-pki", "stranger").issue("intruder", "ops-client")
        with pytest.raises(grpc.RpcError) as err:
            workspaces(svc.port, _creds(grpc_pki, stranger), timeout=5)
        assert err.value.code() == grpc.StatusCode.UNAVAILABLE
    finally:
        svc.stop()


def test_rotated_certificate_is_served_without_restart(env):
    work, url, pki = env
    old_pki, old_cert, old_key = server_pki(work / "rot-old", "old")
    new_pki, new_cert, new_key = server_pki(work / "rot-new", "new")
    live_cert, live_key = work / "live.pem", work / "live.key"
    shutil.copy(old_cert, live_cert)
    shutil.copy(old_key, live_key)
    svc = start_service(work, url, [
        "--user_email", DEMO_EMAIL, "--password_file", str(work / "pw"),
        "--ca_bundle", str(pki.ca_cert), "--tls_cert_file", str(live_cert),
        "--tls_key_file", str(live_key), "--tls_reload_seconds", "1"],
        name="svc-rotate", ready=False)
    try:
        assert workspaces(svc.port, _creds(old_pki)).workspaces
        # Kubernetes swaps both files; write the key first, then the cert.
        shutil.copy(new_key, work / "live.key.new")
        shutil.copy(new_cert, work / "live.pem.new")
        (work / "live.key.new").rename(live_key)
        (work / "live.pem.new").rename(live_cert)

        def new_cert_served():
            try:
                return bool(workspaces(svc.port, _creds(new_pki), timeout=3).workspaces)
            except grpc.RpcError:
                return False
        wait_until(new_cert_served, timeout=30, interval=0.5,
                   what="the rotated certificate to be served")
        assert svc.proc.poll() is None  # same process
    finally:
        svc.stop()


def test_urls_the_https_emulator_hands_out_are_https(env):
    """Links in replies (device verification URI, SCIM locations, paging)
    use the scheme the client connected with."""
    work, url, pki = env
    control = Control(url, cafile=pki.ca_cert)
    status, body, _ = control.request(
        "POST", "/oauth/device/code", raw=("client_id=%s" % DEVICE_CLIENT).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200, body
    assert body["verification_uri"] == url + "/activate"
    assert body["verification_uri_complete"].startswith("https://")
    auth = base64.b64encode(("%s:%s" % (DEMO_EMAIL, DEMO_PASSWORD)).encode()).decode()
    status, body, _ = control.request("POST", "/token/authenticate",
                                      headers={"Authorization": "Basic " + auth})
    token = body["tokenInfo"]["tokenValue"]
    status, body, _ = control.request("GET", "/scim/1/0/v2/Users?count=1",
                                      headers={"Authorization": "AnaplanAuthToken " + token})
    assert status == 200, body
    assert body["Resources"][0]["meta"]["location"].startswith(url + "/scim/1/0/v2/Users/")
