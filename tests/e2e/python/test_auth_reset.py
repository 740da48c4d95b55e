"""POST /__emulator/reset returns the emulator's auth state to the start,
seen through the real service: a refresh token issued before the reset is
refused afterwards exactly as a revoked one is (403 invalid_grant, which the
service reports as UNAUTHENTICATED / OAUTH_INVALID_GRANT), while fresh
logins (Basic, new OAuth refresh tokens) keep working."""

import pytest

from auth_e2e_support import (CLIENT_SECRET, DEMO_EMAIL, DEMO_PASSWORD, STATIC_CLIENT,
                              assert_refresh_refused, oauth_emulator, oauth_service, start_service,
                              workspaces)
from openapi_schema import check_response


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    work = tmp_path_factory.mktemp("auth-reset")
    with oauth_emulator(work) as (url, control):
        yield work, url, control


def _refresh_grant(control, token):
    status, body, _ = control.request("POST", "/oauth/token", body={
        "grant_type": "refresh_token", "client_id": STATIC_CLIENT,
        "client_secret": CLIENT_SECRET, "refresh_token": token})
    return status, body


def test_refresh_token_from_before_reset_is_refused_as_revoked(env):
    work, url, control = env
    token_file = work / "before-reset.rt"
    before = control.mint_refresh_token(STATIC_CLIENT)
    token_file.write_text(before + "\n")
    revoked = control.mint_refresh_token(STATIC_CLIENT)
    control.call("POST", "/__emulator/oauth/revoke", {"refresh_token": revoked})
    svc = oauth_service(work, url, STATIC_CLIENT, token_file, "svc-before-reset")
    try:
        assert workspaces(svc.port).workspaces

        control.call("POST", "/__emulator/reset")

        # Unknown now, and answered exactly as a revoked token.
        after = _refresh_grant(control, before)
        assert after == _refresh_grant(control, revoked)
        assert (after[0], after[1]["error"]) == (403, "invalid_grant")
        check_response("oauth", "POST", "/oauth/token", *after)
        # The service's access token went with the reset; its refresh grant
        # is refused, which the caller sees as UNAUTHENTICATED.
        assert_refresh_refused(svc.port)
    finally:
        svc.stop()

    # A refresh token issued after the reset works.
    token_file.write_text(control.mint_refresh_token(STATIC_CLIENT) + "\n")
    svc = oauth_service(work, url, STATIC_CLIENT, token_file, "svc-after-reset")
    try:
        assert workspaces(svc.port).workspaces
    finally:
        svc.stop()


def test_basic_login_works_after_reset(env):
    work, url, control = env
    svc = start_service(work, url, ["--user_email", DEMO_EMAIL, "--password", DEMO_PASSWORD],
                        name="svc-basic")
    try:
        assert workspaces(svc.port).workspaces
        control.clear_requests()
        control.call("POST", "/__emulator/reset")
        # The old token is refused (401); the service logs in again and the
        # call succeeds.
        assert workspaces(svc.port).workspaces
        statuses = [(r["path"], r["status"]) for r in control.requests("^/(2/0|token)/")]
        assert ("/2/0/workspaces", 401) in statuses
        assert ("/token/authenticate", 201) in statuses
        assert statuses[-1] == ("/2/0/workspaces", 200)
    finally:
        svc.stop()
