"""Per-call credentials end to end: a caller's own `authorization`
metadata (AnaplanAuthToken or Basic) wins over the server's profile, is
exchanged once and then cached, and never shows up in errors or logs."""

import base64

import grpc
import pytest

from anaplan.v1 import bulk_pb2
from auth_e2e_support import (DEMO_EMAIL, DEMO_PASSWORD, Control, bulk_stub,
                              error_reason, start_emulator, start_service)

WRONG_PASSWORD = "wrong-pass-9c1e"


def basic(email, password):
    return "Basic " + base64.b64encode(("%s:%s" % (email, password)).encode()).decode()


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    work = tmp_path_factory.mktemp("auth-per-call")
    emu, url = start_emulator(work)
    (work / "pw").write_text(DEMO_PASSWORD)
    bare = start_service(work, url, [], name="svc-bare")
    profiled = start_service(work, url, ["--user_email", DEMO_EMAIL,
                                         "--password_file", str(work / "pw")],
                             name="svc-profiled")
    yield work, url, Control(url), bare, profiled
    bare.stop()
    profiled.stop()
    emu.stop()


def _call(port, metadata=None):
    ch, stub = bulk_stub("127.0.0.1:%d" % port)
    with ch:
        return stub.GetWorkspaces(bulk_pb2.GetWorkspacesRequest(), timeout=30,
                                  metadata=metadata)


def test_without_any_credentials_is_unauthenticated(env):
    _, _, _, bare, _ = env
    with pytest.raises(grpc.RpcError) as err:
        _call(bare.port)
    assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED
    assert error_reason(err.value) == "ANAPLAN_NO_CREDENTIALS"
    assert "authorization" in err.value.details()


def test_basic_metadata_is_exchanged_once(env):
    _, _, control, bare, _ = env
    control.clear_requests()
    md = (("authorization", basic(DEMO_EMAIL, DEMO_PASSWORD)),)
    for _ in range(5):
        assert _call(bare.port, md).workspaces
    auths = control.requests("^/token/authenticate")
    assert [(r["status"], r["authorization_scheme"]) for r in auths] == [(201, "Basic")]


def test_token_metadata_is_forwarded(env):
    _, _, control, bare, _ = env
    status, body, _ = control.request("POST", "/token/authenticate",
                                      headers={"Authorization": basic(DEMO_EMAIL, DEMO_PASSWORD)})
    token = body["tokenInfo"]["tokenValue"]
    control.clear_requests()
    assert _call(bare.port, (("authorization", "AnaplanAuthToken " + token),)).workspaces
    assert control.requests("^/token/") == []
    # An expired caller token is final: UNAUTHENTICATED, no re-authentication.
    control.expire_tokens()
    with pytest.raises(grpc.RpcError) as err:
        _call(bare.port, (("authorization", "AnaplanAuthToken " + token),))
    assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED
    assert token not in err.value.details()


def test_caller_credentials_win_over_the_profile(env):
    work, _, control, _, profiled = env
    assert _call(profiled.port).workspaces
    with pytest.raises(grpc.RpcError) as err:
        _call(profiled.port, (("authorization", basic(DEMO_EMAIL, WRONG_PASSWORD)),))
    assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED
    assert error_reason(err.value) == "ANAPLAN_BAD_CREDENTIALS"
    assert WRONG_PASSWORD not in err.value.details()
    assert WRONG_PASSWORD not in (work / "svc-profiled.log").read_text()


def test_malformed_metadata_is_unauthenticated(env):
    _, _, _, bare, _ = env
    for value in ("Basic !!!", "Digest abc", "AnaplanAuthToken"):
        with pytest.raises(grpc.RpcError) as err:
            _call(bare.port, (("authorization", value),))
        assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED, value
        assert "malformed" in err.value.details()


def _family_calls():
    """One unary RPC of every servicer besides Bulk: (name, call(channel, metadata))."""
    from anaplan.v1 import (alm_pb2, alm_pb2_grpc, audit_pb2, audit_pb2_grpc, cloud_works_pb2,
                            cloud_works_pb2_grpc, scim_pb2, scim_pb2_grpc, transactional_pb2,
                            transactional_pb2_grpc)
    from e2e_support import DEMO_MODEL, DEMO_WS
    return [
        ("Transactional", lambda ch, md: transactional_pb2_grpc.TransactionalServiceStub(ch)
         .GetModelDetails(transactional_pb2.ModelScope(workspace_id=DEMO_WS, model_id=DEMO_MODEL),
                          timeout=30, metadata=md)),
        ("Alm", lambda ch, md: alm_pb2_grpc.AlmServiceStub(ch).GetRevisions(
            alm_pb2.GetRevisionsRequest(model_id=DEMO_MODEL), timeout=30, metadata=md)),
        ("Audit", lambda ch, md: audit_pb2_grpc.AuditServiceStub(ch).GetUsers(
            audit_pb2.GetUsersRequest(), timeout=30, metadata=md)),
        ("CloudWorks", lambda ch, md: cloud_works_pb2_grpc.CloudWorksServiceStub(ch)
         .GetConnections(cloud_works_pb2.GetConnectionsRequest(), timeout=30, metadata=md)),
        ("Scim", lambda ch, md: scim_pb2_grpc.ScimServiceStub(ch).GetServiceProviderConfig(
            scim_pb2.GetServiceProviderConfigRequest(), timeout=30, metadata=md)),
    ]


def test_every_servicer_checks_the_callers_metadata(env):
    """Malformed `authorization` metadata is refused by every servicer, even
    where the server's own profile could have served the call: it must not
    be silently replaced by the server's credentials."""
    _, _, _, _, profiled = env
    with grpc.insecure_channel("127.0.0.1:%d" % profiled.port) as ch:
        for name, call in _family_calls():
            call(ch, None)  # the profile serves a call without metadata
            for value in ("Basic !!!", "Digest abc"):
                with pytest.raises(grpc.RpcError) as err:
                    call(ch, (("authorization", value),))
                assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED, (name, value)
                assert "malformed" in err.value.details(), (name, err.value.details())


def test_every_servicer_uses_the_callers_credentials(env):
    """A caller's wrong password wins over the profile on every servicer."""
    work, _, _, _, profiled = env
    md = (("authorization", basic(DEMO_EMAIL, WRONG_PASSWORD)),)
    with grpc.insecure_channel("127.0.0.1:%d" % profiled.port) as ch:
        for name, call in _family_calls():
            with pytest.raises(grpc.RpcError) as err:
                call(ch, md)
            assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED, name
            assert error_reason(err.value) == "ANAPLAN_BAD_CREDENTIALS", name
    assert WRONG_PASSWORD not in (work / "svc-profiled.log").read_text()


def test_shutdown_logs_out_tokens_exchanged_for_callers(env):
    """Tokens the service obtained for callers' Basic metadata end with it;
    a caller's own AnaplanAuthToken is not the service's to revoke."""
    work, url, control, _, _ = env
    status, body, _ = control.request("POST", "/token/authenticate",
                                      headers={"Authorization": basic(DEMO_EMAIL, DEMO_PASSWORD)})
    callers_token = body["tokenInfo"]["tokenValue"]
    svc = start_service(work, url, [], name="svc-per-call-logout")
    try:
        _call(svc.port, (("authorization", basic(DEMO_EMAIL, DEMO_PASSWORD)),))
        _call(svc.port, (("authorization", "AnaplanAuthToken " + callers_token),))
        control.clear_requests()
    finally:
        svc.stop()
    assert svc.proc.returncode == 0
    logouts = control.requests("^/token/logout")
    assert [(r["status"], r["authorization_scheme"]) for r in logouts] == [
        (204, "AnaplanAuthToken")], logouts
    status, _, _ = control.request("GET", "/token/validate",
                                   headers={"Authorization": "AnaplanAuthToken " + callers_token})
    assert status == 200, "the caller's own token must survive the shutdown"
