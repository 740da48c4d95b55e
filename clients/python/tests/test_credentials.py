"""Anaplan credentials travel as call metadata; TLS and mutual TLS to the service."""

import asyncio
import base64
import shutil
import subprocess
from concurrent import futures

import grpc
import pytest

from anaplan.v1 import bulk_pb2_grpc
from anaplan_grpc import AsyncClient, Client, Credentials, UnavailableError
from anaplan_grpc.credentials import channel_credentials

from fake_bulk import MODEL, WS, FakeBulk

CERT = b"-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n"
KEY = b"-----BEGIN PRIVATE KEY-----\nMIIEfake\n-----END PRIVATE KEY-----\n"


def _auth_of_last_call(fake):
    return fake.metadata[-1][1]


def test_token_basic_and_certificate_metadata_reach_the_server(fake_server, fake, tmp_path):
    _, target = fake_server
    with Client(target, WS, MODEL, token="tok-1") as c:
        c.get_files()
        assert _auth_of_last_call(fake)["authorization"] == "AnaplanAuthToken tok-1"
        c.with_credentials(user_email="a@b.com", password="pw:1").get_files()
        basic = _auth_of_last_call(fake)["authorization"]
        assert basic == "Basic " + base64.b64encode(b"a@b.com:pw:1").decode()
        # A clone's credentials never leak back into the original client.
        c.get_files()
        assert _auth_of_last_call(fake)["authorization"] == "AnaplanAuthToken tok-1"
        (tmp_path / "cert.pem").write_bytes(CERT)
        (tmp_path / "key.pem").write_bytes(KEY)
        c.with_credentials(certificate=str(tmp_path / "cert.pem"),
                           private_key=tmp_path / "key.pem",
                           private_key_password="s3cret").get_files()
        md = _auth_of_last_call(fake)
        assert "authorization" not in md
        assert base64.b64decode(md["x-anaplan-certificate"]) == CERT
        assert base64.b64decode(md["x-anaplan-private-key"]) == KEY
        assert md["x-anaplan-private-key-password"] == "s3cret"


def test_token_function_is_called_per_call_and_metadata_merges(fake_server, fake):
    _, target = fake_server
    tokens = iter(["t1", "t2"])
    with Client(target, WS, MODEL, token=lambda: next(tokens),
                metadata=[("x-trace", "abc")]) as c:
        c.get_files()
        c.get_actions()
    assert [md["authorization"] for _, md in fake.metadata] == [
        "AnaplanAuthToken t1", "AnaplanAuthToken t2"]
    assert all(md["x-trace"] == "abc" for _, md in fake.metadata)


def test_async_client_sends_credentials_on_every_kind_of_call(fake_server, fake):
    _, target = fake_server

    async def main():
        async with AsyncClient(target, WS, MODEL, user_email="u@x", password="p") as c:
            await c.get_files()
            await c.upload_file(1, b"abc")
            await c.get_file(1)
    asyncio.run(main())
    want = "Basic " + base64.b64encode(b"u@x:p").decode()
    assert [(n, md["authorization"]) for n, md in fake.metadata] == [
        ("GetFiles", want), ("UploadFile", want), ("GetFile", want)]


@pytest.mark.parametrize("kwargs", [
    dict(token="t", user_email="u", password="p"),
    dict(user_email="u"),
    dict(password="p"),
    dict(certificate=CERT),
    dict(private_key_password="x"),
    dict(token="t", private_key_password="x"),
    dict(token="bad\ntoken"),
])
def test_invalid_credential_combinations_are_rejected(kwargs):
    with pytest.raises(ValueError):
        Credentials.create(**kwargs)


def test_unreadable_pem_path_names_the_argument(tmp_path):
    with pytest.raises(ValueError, match="certificate"):
        Credentials.create(certificate=tmp_path / "missing.pem", private_key=KEY)
    with pytest.raises(ValueError, match="client_certificate and client_key"):
        channel_credentials(client_certificate=CERT)
    assert channel_credentials() is None


# ------------------------------------------------------------------ TLS

def _openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    """A CA, a server certificate for 127.0.0.1/localhost and a client certificate."""
    if shutil.which("openssl") is None:
        pytest.fail("the TLS tests need the openssl command-line tool", pytrace=False)
    d = tmp_path_factory.mktemp("pki")
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=test-ca",
             "-keyout", "ca.key", "-out", "ca.pem", cwd=d)
    (d / "san.ext").write_text("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
    for name in ("server", "client"):
        _openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + name,
                 "-keyout", name + ".key", "-out", name + ".csr", cwd=d)
        _openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                 "-CAcreateserial", "-days", "2", "-extfile", "san.ext",
                 "-out", name + ".pem", cwd=d)
    return d


def _tls_server(pki, require_client_auth):
    fake = FakeBulk()
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    bulk_pb2_grpc.add_BulkServiceServicer_to_server(fake, server)
    creds = grpc.ssl_server_credentials(
        [((pki / "server.key").read_bytes(), (pki / "server.pem").read_bytes())],
        root_certificates=(pki / "ca.pem").read_bytes(),
        require_client_auth=require_client_auth)
    port = server.add_secure_port("127.0.0.1:0", creds)
    server.start()
    return server, fake, "127.0.0.1:%d" % port


def test_tls_with_root_certificates_path(pki):
    server, fake, target = _tls_server(pki, require_client_auth=False)
    try:
        with Client(target, WS, MODEL, root_certificates=pki / "ca.pem", timeout=10) as c:
            c.get_files()
        assert [n for n, _ in fake.calls] == ["GetFiles"]
        # Plaintext against a TLS port fails as UNAVAILABLE.
        with Client(target, WS, MODEL, timeout=5) as plain:
            with pytest.raises(UnavailableError):
                plain.get_files()
    finally:
        server.stop(None)


def test_mutual_tls_sync_and_async(pki):
    server, fake, target = _tls_server(pki, require_client_auth=True)
    try:
        ca = (pki / "ca.pem").read_bytes()
        with Client(target, WS, MODEL, tls=True, root_certificates=ca,
                    client_certificate=pki / "client.pem", client_key=str(pki / "client.key"),
                    timeout=10) as c:
            c.get_files()
        with Client(target, WS, MODEL, root_certificates=ca, timeout=5) as no_cert:
            with pytest.raises(UnavailableError):
                no_cert.get_files()

        async def main():
            async with AsyncClient(target, WS, MODEL, root_certificates=ca,
                                   client_certificate=pki / "client.pem",
                                   client_key=pki / "client.key", timeout=10) as ac:
                await ac.get_files()
        asyncio.run(main())
        assert [n for n, _ in fake.calls] == ["GetFiles", "GetFiles"]
    finally:
        server.stop(None)
