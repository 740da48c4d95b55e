"""The emulator's token service and OAuth answers validate against the
live-tested authentication and oauth specs, success and failure alike; the
coverage tables list every operation of both specs."""

import base64
import csv
from pathlib import Path

import pytest

from auth_e2e_support import (CLIENT_SECRET, DEMO_EMAIL, DEMO_PASSWORD, DEVICE_CLIENT,
                              ROTATING_CLIENT, Control)
from openapi_schema import check_response, operations, response_schema

COVERAGE = Path(__file__).resolve().parents[2] / "schemas" / "coverage"


@pytest.fixture
def control(emulator_url):
    return Control(emulator_url)


def _basic(password=DEMO_PASSWORD):
    return {"Authorization": "Basic " + base64.b64encode(
        ("%s:%s" % (DEMO_EMAIL, password)).encode()).decode()}


def _checked(control, family, method, path, **kw):
    status, body, _ = control.request(method, path, **kw)
    if body is not None:
        check_response(family, method, path.split("?")[0], status, body)
    return status, body


def test_token_service_matches_spec(control):
    status, body = _checked(control, "authentication", "POST", "/token/authenticate",
                            headers=_basic())
    assert status == 201
    token = {"Authorization": "AnaplanAuthToken " + body["tokenInfo"]["tokenValue"]}
    assert _checked(control, "authentication", "POST", "/token/authenticate",
                    headers=_basic("nope"))[0] == 401
    assert _checked(control, "authentication", "POST", "/token/refresh", headers=token)[0] == 200
    assert _checked(control, "authentication", "POST", "/token/refresh",
                    headers={"Authorization": "Bearer x"})[0] == 400
    assert _checked(control, "authentication", "GET", "/token/validate", headers=token)[0] == 200
    assert _checked(control, "authentication", "GET", "/token/validate",
                    headers={"Authorization": "Bearer x"})[0] == 400
    assert _checked(control, "authentication", "POST", "/token/logout", headers=token)[0] == 204
    for method, path in (("POST", "/token/refresh"), ("GET", "/token/validate"),
                         ("POST", "/token/logout")):
        assert _checked(control, "authentication", method, path, headers=token)[0] == 401


def test_oauth_matches_spec(control):
    refresh = control.mint_refresh_token(ROTATING_CLIENT)
    status, body = _checked(control, "oauth", "POST", "/oauth/token", body={
        "grant_type": "refresh_token", "client_id": ROTATING_CLIENT,
        "client_secret": CLIENT_SECRET, "refresh_token": refresh})
    assert status == 200 and body["refresh_token"] != refresh
    status, body = _checked(control, "oauth", "POST", "/oauth/token",
                            body={"client_id": ROTATING_CLIENT})
    assert (status, body["error"]) == (400, "invalid_request")
    status, body = _checked(control, "oauth", "POST", "/oauth/device/code",
                            body={"client_id": DEVICE_CLIENT})
    assert status == 200 and body["interval"] >= 1
    status, body = _checked(control, "oauth", "POST", "/oauth/device/code", body={})
    assert (status, body["error"]) == (400, "invalid_request")
    status, _ = _checked(control, "oauth", "GET",
                         "/auth/authorize?response_type=code&client_id=%s"
                         "&redirect_uri=https%%3A%%2F%%2Fx.example%%2Fcb" % ROTATING_CLIENT,
                         follow=False)
    assert status == 302
    status, body = _checked(control, "oauth", "GET", "/auth/authorize?client_id=x",
                            follow=False)
    assert status == 400


def test_schema_violations_are_caught(control):
    status, body, _ = control.request("POST", "/token/authenticate", headers=_basic())
    body["tokenInfo"]["expiresAt"] = "soon"
    with pytest.raises(AssertionError, match="does not match"):
        check_response("authentication", "POST", "/token/authenticate", status, body)


@pytest.mark.parametrize("family", ["authentication", "oauth"])
def test_coverage_table_lists_every_operation(family):
    with open(COVERAGE / ("%s.tsv" % family), newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    assert rows and set(rows[0]) == {"method", "path", "operation_id", "grpc", "emulator", "status",
                                  "tests"}
    listed = {(r["method"], r["path"]) for r in rows}
    assert listed == {(m, p) for m, p, _ in operations(family)}
    for r in rows:
        assert r["status"] in ("done", "not_yet", "not_applicable"), r
        for test in r["tests"].split(";"):
            assert (COVERAGE.parents[2] / test.strip()).exists(), test
