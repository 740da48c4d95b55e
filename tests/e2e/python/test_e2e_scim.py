"""SCIM end to end: Python client -> gRPC ScimService -> core -> emulator."""

import pytest

from anaplan_grpc import AnaplanError, InvalidArgumentError
from anaplan_grpc.scim import field
from e2e_support import DEMO_WS, SANDBOX_WS

HOSTILE = 'x" or userName pr or userName eq "'


def test_user_lifecycle(client):
    scim = client.scim
    user = scim.add_user("ada@example.com", "Lovelace", "Ada", external_id="E-1",
                         workspace_ids=[DEMO_WS])
    assert user.display_name == "Ada Lovelace" and user.active
    assert [e.value for e in user.entitlements if e.type == "WORKSPACE"] == [DEMO_WS]
    assert scim.get_user(user.id).user_name == "ada@example.com"
    replaced = scim.replace_user(user.id, "ada@example.com", "Byron", "Ada", active=False,
                                 external_id="E-1",
                                 workspace_ids=[DEMO_WS, SANDBOX_WS])
    assert replaced.name.family_name == "Byron" and not replaced.active
    ids = [e.value for e in replaced.entitlements if e.type == "WORKSPACE_IDS"]
    assert ids == [DEMO_WS + "," + SANDBOX_WS]
    patched = scim.update_user(user.id, [
        {"op": "replace", "path": "active", "value": True},
        {"op": "replace", "path": "name.givenName", "value": "Augusta"},
        {"op": "remove", "path": "entitlements", "value": [{"value": SANDBOX_WS}]},
    ])
    assert patched.active and patched.name.given_name == "Augusta"
    assert [e.value for e in patched.entitlements if e.type == "WORKSPACE"] == [DEMO_WS]
    assert patched.meta.last_modified >= patched.meta.created
    found = scim.get_users((field("externalId") == "e-1") & (field("active") == True))
    assert [u.id for u in found] == [user.id]
    either = scim.get_users((field("userName") == "ada@example.com") |
                            (field("userName") == "demo@example.com"))
    assert len(either) == 2


def test_discovery(client):
    config = client.scim.get_service_provider_config()
    assert config["patch"]["supported"] is True
    assert config["filter"]["maxResults"] == 100
    assert client.scim.get_resource_types()[0]["endpoint"] == "/Users"
    assert client.scim.get_resource_schemas()[0]["id"] == "urn:ietf:params:scim:schemas:core:2.0:User"


def test_paging_over_many_pages(client):
    for i in range(120):
        client.scim.add_user("u%03d@example.com" % i, "User", "N%d" % i)
    everyone = client.scim.get_users()
    assert len(everyone) == 122 and len({u.id for u in everyone}) == 122
    streamed = list(client.scim.stream_users((field("userName") > "u") & (field("userName") < "v"),
                                     page_size=25))
    assert [u.user_name for u in streamed] == ["u%03d@example.com" % i for i in range(120)]


def test_hostile_filter_values_stay_values(client):
    assert client.scim.get_users(field("userName") == HOSTILE) == []
    odd = client.scim.add_user(HOSTILE, "Quote", "Back\\slash")
    found = client.scim.get_users(field("userName") == HOSTILE)
    assert [u.id for u in found] == [odd.id]
    found = client.scim.get_users(field("name.givenName") == "Back\\slash")
    assert [u.id for u in found] == [odd.id]


def test_scim_bad_input(client):
    scim = client.scim
    with pytest.raises(InvalidArgumentError, match="co, sw and ew"):
        scim.get_users(field("userName")._cmp("co", "a"))
    with pytest.raises(InvalidArgumentError, match="displayName"):
        scim.get_users(field("displayName") == "x")
    with pytest.raises(InvalidArgumentError, match="page_size"):
        scim.get_users(page_size=101)
    with pytest.raises(AnaplanError) as err:
        scim.get_user("ffffffffffffffffffffffffffffffff")
    assert err.value.code.name == "NOT_FOUND"
    with pytest.raises(InvalidArgumentError, match="user_name"):
        scim.add_user("", "A", "B")
    with pytest.raises(InvalidArgumentError, match="op"):
        scim.update_user("8a868cd97b120fc7017b36d7331d0001", [{"op": "move", "path": "active"}])
    with pytest.raises(AnaplanError) as err:
        scim.add_user("demo@example.com", "Dup", "Licate")
    assert err.value.code.name == "ABORTED"  # 409 uniqueness
    with pytest.raises(InvalidArgumentError):
        scim.add_user("x@example.com", "A", "B", workspace_ids=["0" * 32])
