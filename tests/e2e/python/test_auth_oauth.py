"""OAuth end to end: the refresh-token grant (rotating: the new token is
written back to the file; non-rotating: the file is kept), a revoked refresh
token, the device-authorization grant (approved, denied, polled too fast)
and the authorization-code bootstrap, plus the spec shapes of the emulator's
OAuth answers."""

import re
import time
import urllib.parse

import pytest

from auth_e2e_support import (CLIENT_SECRET, DEVICE_CLIENT, ROTATING_CLIENT, STATIC_CLIENT,
                              assert_refresh_refused, oauth_emulator, oauth_service, service_fails,
                              workspaces)
from e2e_support import wait_until
from openapi_schema import check_response


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    work = tmp_path_factory.mktemp("auth-oauth")
    with oauth_emulator(work) as (url, control):
        yield work, url, control


def test_rotating_refresh_token_is_persisted(env):
    work, url, control = env
    token_file = work / "rotating.rt"
    first = control.mint_refresh_token(ROTATING_CLIENT)
    token_file.write_text(first + "\n")
    svc = oauth_service(work, url, ROTATING_CLIENT, token_file, "svc-rotating")
    try:
        assert workspaces(svc.port).workspaces
        second = token_file.read_text().strip()
        assert second and second != first
        # Expired access token: one more refresh grant, one more rotation.
        control.clear_requests()
        control.expire_tokens()
        assert workspaces(svc.port).workspaces
        third = token_file.read_text().strip()
        assert third not in ("", first, second)
        grants = control.requests("/oauth/token")
        assert [r["status"] for r in grants] == [200]
        # The spent token is invalid_grant now, as Anaplan's rotation says.
        status, body, _ = control.request("POST", "/oauth/token", body={
            "grant_type": "refresh_token", "client_id": ROTATING_CLIENT,
            "client_secret": CLIENT_SECRET, "refresh_token": first})
        assert (status, body["error"]) == (403, "invalid_grant")
        check_response("oauth", "POST", "/oauth/token", status, body)
    finally:
        svc.stop()
    assert not (work / "rotating.rt.tmp").exists()


def test_non_rotating_refresh_token_stays(env):
    work, url, control = env
    token_file = work / "static.rt"
    token = control.mint_refresh_token(STATIC_CLIENT)
    token_file.write_text(token)
    svc = oauth_service(work, url, STATIC_CLIENT, token_file, "svc-static")
    try:
        assert workspaces(svc.port).workspaces
        control.expire_tokens()
        assert workspaces(svc.port).workspaces
        assert token_file.read_text().strip() == token
    finally:
        svc.stop()


def test_revoked_refresh_token_is_unauthenticated(env):
    work, url, control = env
    token_file = work / "revoked.rt"
    token_file.write_text(control.mint_refresh_token(STATIC_CLIENT))
    svc = oauth_service(work, url, STATIC_CLIENT, token_file, "svc-revoked")
    try:
        assert workspaces(svc.port).workspaces
        control.call("POST", "/__emulator/oauth/revoke", {"client_id": STATIC_CLIENT})
        control.expire_tokens()
        assert_refresh_refused(svc.port)
    finally:
        svc.stop()


def _user_code(log_path):
    try:
        text = log_path.read_text()
    except OSError:  # not created yet
        return None
    m = re.search(r"enter the code ([A-Z]{4}-[A-Z]{4})", text)
    return m.group(1) if m else None


def test_device_grant_bootstraps_a_refresh_token(env):
    work, url, control = env
    token_file = work / "device.rt"
    token_file.write_text("")
    import threading
    holder = {}

    def run():
        holder["svc"] = oauth_service(work, url, DEVICE_CLIENT, token_file, "svc-device",
                                       ["--oauth_device_grant"])
    t = threading.Thread(target=run)
    t.start()
    code = wait_until(lambda: _user_code(work / "svc-device.log"), timeout=30,
                      what="the device user code on stderr")
    time.sleep(1.5)  # at least one authorization_pending poll
    control.call("POST", "/__emulator/oauth/device/approve", {"user_code": code})
    t.join(60)
    svc = holder["svc"]
    try:
        assert token_file.read_text().strip()
        assert workspaces(svc.port).workspaces
        polls = [r["status"] for r in control.requests("/oauth/token")]
        assert 400 in polls  # authorization_pending before the approval
    finally:
        svc.stop()


def test_denied_device_grant_stops_start_up(env):
    work, url, control = env
    token_file = work / "denied.rt"
    import subprocess
    from e2e_support import build_dir
    log = work / "svc-denied.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([
            str(build_dir() / "service" / "anaplan-grpc-server"), "--listen", "127.0.0.1:0",
            "--auth_url", url, "--api_url", url + "/2/0", "--oauth_url", url,
            "--oauth_client_id", DEVICE_CLIENT, "--oauth_refresh_token_file", str(token_file),
            "--oauth_device_grant"], stdout=out, stderr=subprocess.STDOUT)
    try:
        code = wait_until(lambda: _user_code(log), timeout=30, what="user code")
        control.call("POST", "/__emulator/oauth/device/deny", {"user_code": code})
        assert proc.wait(timeout=30) != 0
    finally:
        if proc.poll() is None:
            proc.kill()
    text = log.read_text()
    assert "PERMISSION_DENIED" in text and "access_denied" in text, text
    assert not token_file.exists()


def test_device_polling_too_fast_is_slow_down(env):
    work, url, control = env
    status, start, _ = control.request("POST", "/oauth/device/code",
                                       body={"client_id": DEVICE_CLIENT, "scope": "openid"})
    assert status == 200
    check_response("oauth", "POST", "/oauth/device/code", status, start)
    poll = {"grant_type": "urn:ietf:params:oauth:grant-type:device_code",
            "device_code": start["device_code"], "client_id": DEVICE_CLIENT}
    status, body, _ = control.request("POST", "/oauth/token", body=poll)
    assert (status, body["error"]) == (400, "authorization_pending")
    check_response("oauth", "POST", "/oauth/token", status, body)
    status, body, _ = control.request("POST", "/oauth/token", body=poll)
    assert (status, body["error"]) == (400, "slow_down")
    check_response("oauth", "POST", "/oauth/token", status, body)
    # Not a device client: unauthorized_client.
    status, body, _ = control.request("POST", "/oauth/device/code",
                                      body={"client_id": ROTATING_CLIENT})
    assert (status, body["error"]) == (403, "unauthorized_client")
    check_response("oauth", "POST", "/oauth/device/code", status, body)


def test_device_code_expires(env):
    work, url, control = env
    client = "e1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4"
    control.call("POST", "/__emulator/oauth/clients",
                 {"client_id": client, "device": True, "interval": 1, "expires_in": 1})
    _, start, _ = control.request("POST", "/oauth/device/code", body={"client_id": client})
    time.sleep(1.2)
    status, body, _ = control.request("POST", "/oauth/token", body={
        "grant_type": "urn:ietf:params:oauth:grant-type:device_code",
        "device_code": start["device_code"], "client_id": client})
    assert body["error"] == "expired_token", body
    check_response("oauth", "POST", "/oauth/token", status, body)


def test_authorization_code_bootstrap(env):
    work, url, control = env
    redirect = "https://operator.example.com/callback"
    query = urllib.parse.urlencode({
        "response_type": "code", "client_id": ROTATING_CLIENT, "redirect_uri": redirect,
        "scope": "openid profile email offline_access", "state": "xyz"})
    status, _, headers = control.request("GET", "/auth/authorize?" + query, follow=False)
    assert status == 302
    location = urllib.parse.urlparse(headers["Location"])
    params = urllib.parse.parse_qs(location.query)
    assert params["state"] == ["xyz"]
    code = params["code"][0]
    token_file = work / "code.rt"
    svc = oauth_service(work, url, ROTATING_CLIENT, token_file, "svc-code",
                         ["--oauth_authorization_code", code,
                          "--oauth_redirect_uri", redirect])
    try:
        assert token_file.read_text().strip()
        assert workspaces(svc.port).workspaces
    finally:
        svc.stop()
    # A code works once.
    status, body, _ = control.request("POST", "/oauth/token", body={
        "grant_type": "authorization_code", "client_id": ROTATING_CLIENT,
        "client_secret": CLIENT_SECRET, "code": code, "redirect_uri": redirect})
    assert (status, body["error"]) == (403, "invalid_grant")


def test_token_responses_match_the_spec(env):
    work, url, control = env
    token = control.mint_refresh_token(ROTATING_CLIENT)
    status, body, _ = control.request("POST", "/oauth/token", body={
        "grant_type": "refresh_token", "client_id": ROTATING_CLIENT,
        "client_secret": CLIENT_SECRET, "refresh_token": token})
    assert status == 200 and body["token_type"] == "Bearer"
    check_response("oauth", "POST", "/oauth/token", status, body)
    status, body, _ = control.request("POST", "/oauth/token", body={
        "grant_type": "refresh_token", "client_id": ROTATING_CLIENT,
        "client_secret": "wrong", "refresh_token": token})
    assert (status, body["error"]) == (401, "unauthorized_client")
    check_response("oauth", "POST", "/oauth/token", status, body)
    # The SDK's form encoding works too.
    fresh = control.mint_refresh_token(ROTATING_CLIENT)
    status, body, _ = control.request(
        "POST", "/oauth/token",
        raw=urllib.parse.urlencode({"grant_type": "refresh_token", "client_id": ROTATING_CLIENT,
                                    "client_secret": CLIENT_SECRET,
                                    "refresh_token": fresh}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and body["access_token"], body


def test_missing_refresh_token_names_the_flags(env):
    work, url, control = env
    (work / "empty.rt").write_text("")
    code, log = service_fails(work, url, [
        "--oauth_client_id", ROTATING_CLIENT,
        "--oauth_refresh_token_file", str(work / "empty.rt")], "svc-empty")
    assert code != 0 and "--oauth_device_grant" in log, log
