"""Secret hygiene: a session that uses every kind of secret (password,
private key and its password, OAuth client secret, refresh tokens, Anaplan
tokens, caller keys, per-call credentials), with gRPC debug logging on,
then a grep of every log line of the service and the emulator, the
emulator's request log and every error the callers saw: no secret may
appear anywhere."""

import base64
import hashlib
import json

import grpc
import pytest

from anaplan.v1 import bulk_pb2
from auth_e2e_support import (CLIENT_SECRET, DEMO_EMAIL, DEMO_PASSWORD,
                              ROTATING_CLIENT, Control, Pki, bulk_stub,
                              start_emulator, start_service)
from secret_scan import leak_in

DEBUG_ENV = {"GRPC_VERBOSITY": "DEBUG"}
KEY_PASSWORD = "hygiene-key-pass-41c7"
CALLER_KEY = "hygiene-caller-key-8e21"
WRONG_PASSWORD = "hygiene-wrong-pass-77"


def b64(text):
    return base64.b64encode(text.encode()).decode()


def test_no_secret_reaches_any_log(tmp_path):
    work = tmp_path
    secrets = {DEMO_PASSWORD, KEY_PASSWORD, CALLER_KEY, WRONG_PASSWORD, CLIENT_SECRET}
    errors = []
    emu, url = start_emulator(work, env=DEBUG_ENV)
    control = Control(url)
    services = []
    try:
        (work / "pw").write_text(DEMO_PASSWORD)
        (work / "secret").write_text(CLIENT_SECRET)
        (work / "callers.json").write_text(json.dumps({"callers": [
            {"name": "app", "key_sha256": hashlib.sha256(CALLER_KEY.encode()).hexdigest(),
             "allow": ["anaplan.v1.BulkService/GetWorkspaces"]}]}))
        basic = start_service(work, url, [
            "--user_email", DEMO_EMAIL, "--password_file", str(work / "pw"),
            "--caller_auth_file", str(work / "callers.json")], name="svc-basic", env=DEBUG_ENV)
        services.append(basic)

        pki = Pki(work / "pki")
        cert, key = pki.issue("svc", DEMO_EMAIL, key_password=KEY_PASSWORD)
        secrets.add(key.read_text().strip())
        (work / "keypass").write_text(KEY_PASSWORD)
        certsvc = start_service(work, url, [
            "--certificate_file", str(cert), "--private_key_file", str(key),
            "--private_key_password_file", str(work / "keypass")],
            name="svc-cert", env=DEBUG_ENV)
        services.append(certsvc)

        refresh_file = work / "rt"
        refresh_file.write_text(control.mint_refresh_token(ROTATING_CLIENT))
        oauth = start_service(work, url, [
            "--oauth_client_id", ROTATING_CLIENT,
            "--oauth_client_secret_file", str(work / "secret"),
            "--oauth_refresh_token_file", str(refresh_file)], name="svc-oauth", env=DEBUG_ENV)
        services.append(oauth)

        def call(svc, md=()):
            secrets.add(refresh_file.read_text().strip())
            ch, stub = bulk_stub("127.0.0.1:%d" % svc.port)
            with ch:
                try:
                    stub.GetWorkspaces(bulk_pb2.GetWorkspacesRequest(), timeout=30, metadata=md)
                except grpc.RpcError as e:
                    errors.append("%s %s" % (e.code(), e.details()))
            secrets.add(refresh_file.read_text().strip())

        status, body, _ = control.request(
            "POST", "/token/authenticate",
            headers={"Authorization": "Basic " + b64("%s:%s" % (DEMO_EMAIL, DEMO_PASSWORD))})
        caller_token = body["tokenInfo"]["tokenValue"]
        secrets.add(caller_token)

        key_md = ("x-anaplan-grpc-key", CALLER_KEY)
        for _ in range(2):
            call(basic, (key_md,))
            wrong = "Basic " + b64("%s:%s" % (DEMO_EMAIL, WRONG_PASSWORD))
            call(basic, (key_md, ("authorization", wrong)))
            call(basic, (key_md, ("authorization", "AnaplanAuthToken " + caller_token)))
            call(basic, (key_md, ("authorization", "Basic !" + WRONG_PASSWORD)))
            call(basic, (("x-anaplan-grpc-key", WRONG_PASSWORD),))
            call(certsvc)
            call(oauth)
            control.expire_tokens()
        call(basic, (key_md, ("authorization", "AnaplanAuthToken " + caller_token)))
        assert len(errors) >= 6, errors  # the failures above did happen
        requests = json.dumps(control.requests())
    finally:
        for svc in services:
            svc.stop()
        emu.stop()

    corpus = {"request log": requests, "errors": "\n".join(errors)}
    for path in sorted(work.glob("*.log")):
        corpus[path.name] = path.read_text(errors="replace")
    debug_lines = [line for line in corpus["svc-basic.log"].splitlines() if line.startswith("D")]
    assert debug_lines, "gRPC debug logging was not on"
    secrets.discard("")
    # The scanner itself must catch what it looks for.
    assert leak_in("x " + CALLER_KEY, secrets) and leak_in("AnaplanAuthToken " + caller_token,
                                                          secrets)
    assert leak_in(b64("%s:%s" % (DEMO_EMAIL, DEMO_PASSWORD)), secrets)
    for name, text in corpus.items():
        for line_no, line in enumerate(text.splitlines(), 1):
            leak = leak_in(line, secrets)
            assert not leak, "%s in %s line %d" % (leak, name, line_no)
