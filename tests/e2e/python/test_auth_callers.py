"""Caller authentication end to end: bearer keys (stored as SHA-256 hashes)
and mTLS identities from --caller_auth_file, each with an allow-list;
UNAUTHENTICATED without a known identity, PERMISSION_DENIED outside the
allow-list; loopback-only without caller authentication."""

import hashlib
import json

import grpc
import pytest

from anaplan.v1 import bulk_pb2
from auth_e2e_support import (DEMO_EMAIL, DEMO_PASSWORD, bulk_stub, server_pki,
                              service_fails, start_emulator, start_service)
from e2e_support import DEMO_WS

EXPORTER_KEY = "exporter-key-5d2b61"
ADMIN_KEY = "admin-key-0a9e44"


def sha(key):
    return hashlib.sha256(key.encode()).hexdigest()


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    work = tmp_path_factory.mktemp("auth-callers")
    emu, url = start_emulator(work)
    (work / "pw").write_text(DEMO_PASSWORD)
    grpc_pki, cert, key = server_pki(work / "pki", "grpc")
    client = grpc_pki.issue("ops", "ops-client")
    (work / "callers.json").write_text(json.dumps({"callers": [
        {"name": "exporter", "key_sha256": sha(EXPORTER_KEY),
         "allow": ["anaplan.v1.BulkService/GetExports",
                   "anaplan.v1.BulkService/ExportAndDownload"]},
        {"name": "admin", "key_sha256": sha(ADMIN_KEY), "allow": ["*"]},
        {"name": "ops", "mtls_identity": "ops-client",
         "allow": ["anaplan.v1.BulkService/*"]}]}))
    creds = ["--user_email", DEMO_EMAIL, "--password_file", str(work / "pw")]
    keyed = start_service(work, url, creds + ["--caller_auth_file", str(work / "callers.json")],
                          name="svc-keys")
    mtls = start_service(work, url, creds + [
        "--caller_auth_file", str(work / "callers.json"),
        "--tls_cert_file", str(cert), "--tls_key_file", str(key),
        "--tls_client_ca_file", str(grpc_pki.ca_cert)], name="svc-mtls", ready=False,
        listen="0.0.0.0:0")
    yield work, url, keyed, mtls, grpc_pki, client
    keyed.stop()
    mtls.stop()
    emu.stop()


def _get_exports(stub, metadata=None):
    return stub.GetExports(bulk_pb2.GetExportsRequest(
        workspace_id=DEMO_WS, model_id="75A40874E6B64FA3AE0743278996850F"),
        timeout=30, metadata=metadata)


def test_keys_and_allow_lists(env):
    _, _, keyed, _, _, _ = env
    ch, stub = bulk_stub("127.0.0.1:%d" % keyed.port)
    with ch:
        assert _get_exports(stub, (("x-anaplan-grpc-key", EXPORTER_KEY),)).exports
        with pytest.raises(grpc.RpcError) as err:
            stub.GetWorkspaces(bulk_pb2.GetWorkspacesRequest(), timeout=30,
                               metadata=(("x-anaplan-grpc-key", EXPORTER_KEY),))
        assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED
        assert "exporter" in err.value.details()
        assert EXPORTER_KEY not in err.value.details()
        # authorization: Bearer works as well.
        assert stub.GetWorkspaces(bulk_pb2.GetWorkspacesRequest(), timeout=30,
                                  metadata=(("authorization", "Bearer " + ADMIN_KEY),)).workspaces
        for md in ((), (("x-anaplan-grpc-key", "not-a-key"),)):
            with pytest.raises(grpc.RpcError) as err:
                stub.GetWorkspaces(bulk_pb2.GetWorkspacesRequest(), timeout=30, metadata=md)
            assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED, md
            assert "not-a-key" not in err.value.details()


def test_health_is_open(env):
    _, _, keyed, _, _, _ = env
    # grpc.health.v1.Health/Check, spoken raw: an empty request; the reply
    # is field 1 (status) = 1 (SERVING).
    with grpc.insecure_channel("127.0.0.1:%d" % keyed.port) as ch:
        check = ch.unary_unary("/grpc.health.v1.Health/Check")
        assert check(b"", timeout=10) == b"\x08\x01"


def test_mtls_identity(env):
    _, _, _, mtls, grpc_pki, client = env
    cert, key = client
    creds = grpc.ssl_channel_credentials(root_certificates=grpc_pki.ca_cert.read_bytes(),
                                         private_key=key.read_bytes(),
                                         certificate_chain=cert.read_bytes())
    ch, stub = bulk_stub("localhost:%d" % mtls.port, creds)
    with ch:
        assert stub.GetWorkspaces(bulk_pb2.GetWorkspacesRequest(), timeout=30).workspaces
    # Known certificate, another CA-signed identity: UNAUTHENTICATED.
    other = grpc_pki.issue("other", "someone-else")
    creds = grpc.ssl_channel_credentials(root_certificates=grpc_pki.ca_cert.read_bytes(),
                                         private_key=other[1].read_bytes(),
                                         certificate_chain=other[0].read_bytes())
    ch, stub = bulk_stub("localhost:%d" % mtls.port, creds)
    with ch, pytest.raises(grpc.RpcError) as err:
        stub.GetWorkspaces(bulk_pb2.GetWorkspacesRequest(), timeout=30)
    assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED


def test_non_loopback_needs_caller_auth(env):
    work, url, _, _, _, _ = env
    code, log = service_fails(work, url, ["--user_email", DEMO_EMAIL,
                                          "--password_file", str(work / "pw")],
                              "svc-open", listen="0.0.0.0:0")
    assert code != 0
    assert "--caller_auth_file" in log and "--allow_insecure_non_loopback" in log, log
    # Caller keys in clear text over a network are refused too.
    code, log = service_fails(work, url, [
        "--user_email", DEMO_EMAIL, "--password_file", str(work / "pw"),
        "--caller_auth_file", str(work / "callers.json")], "svc-clear", listen="0.0.0.0:0")
    assert code != 0 and "--tls_cert_file" in log, log
