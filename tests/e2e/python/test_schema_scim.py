"""Every SCIM response the emulator gives validates against the live-tested
SCIM spec, for every operation."""

import urllib.parse

from openapi_schema import check_response

SCIM = "/scim/1/0/v2"


def req(anaplan_http, method, path, body=None, expect=200, auth=None):
    status, resp, _ = anaplan_http.request(method, SCIM + path, body=body, auth=auth)
    assert status == expect, (method, path, status, resp)
    return resp


def test_users_match_spec(anaplan_http):
    body = req(anaplan_http, "GET", "/Users?startIndex=1&count=1")
    check_response("scim", "GET", SCIM + "/Users", 200, body)
    assert body["totalResults"] == 2 and len(body["Resources"]) == 1
    new = {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
           "userName": "new.user@example.com", "externalId": "E1",
           "name": {"familyName": "User", "givenName": "New"},
           "entitlements": [{"value": "8a868cd985f53e7701860542f59e276e", "type": "WORKSPACE"}]}
    created = req(anaplan_http, "POST", "/Users", new, 201)
    check_response("scim", "POST", SCIM + "/Users", 201, created)
    assert {e["type"] for e in created["entitlements"]} == {"WORKSPACE", "WORKSPACE_IDS", "WORKSPACE_NAMES"}
    uid = created["id"]
    got = req(anaplan_http, "GET", "/Users/" + uid)
    check_response("scim", "GET", SCIM + "/Users/" + uid, 200, got)
    new["name"]["givenName"] = "Renamed"
    new["active"] = False
    replaced = req(anaplan_http, "PUT", "/Users/" + uid, new)
    check_response("scim", "PUT", SCIM + "/Users/" + uid, 200, replaced)
    assert replaced["displayName"] == "Renamed User" and replaced["active"] is False
    patch = {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
             "Operations": [{"op": "replace", "path": "active", "value": True},
                            {"op": "remove", "path": "entitlements"}]}
    patched = req(anaplan_http, "PATCH", "/Users/" + uid, patch)
    check_response("scim", "PATCH", SCIM + "/Users/" + uid, 200, patched)
    assert patched["active"] is True and patched["entitlements"] == []
    filt = urllib.parse.quote('externalId eq "e1" and active eq true')
    found = req(anaplan_http, "GET", "/Users?filter=" + filt)
    assert [u["id"] for u in found["Resources"]] == [uid]


def test_discovery_matches_spec(anaplan_http):
    for path in ["/ServiceProviderConfig", "/ResourceTypes"]:
        body = req(anaplan_http, "GET", path, auth="")  # no credential needed
        check_response("scim", "GET", SCIM + path, 200, body)
    body = req(anaplan_http, "GET", "/Schemas", auth="")
    # The spec's ListResponse types Resources as Users (a spec defect: the
    # live response, captured in the scim README, holds Schema resources).
    # The envelope is checked against the spec, the resources by shape.
    resources = body.pop("Resources")
    check_response("scim", "GET", SCIM + "/Schemas", 200, body)
    assert resources[0]["id"] == "urn:ietf:params:scim:schemas:core:2.0:User"
    assert {a["name"] for a in resources[0]["attributes"]} >= {"id", "userName", "name", "entitlements"}


def test_scim_errors(anaplan_http):
    for bad in ['userName co "x"', 'userName sw "x"', 'displayName eq "x"', 'not (active eq true)',
                'userName eq "unterminated']:
        body = req(anaplan_http, "GET", "/Users?filter=" + urllib.parse.quote(bad), expect=400)
        assert body["scimType"] == "invalidValue"
    req(anaplan_http, "GET", "/Users?count=101", expect=400)
    req(anaplan_http, "GET", "/Users/ffffffffffffffffffffffffffffffff", expect=404)
    req(anaplan_http, "DELETE", "/Users/8a868cd97b120fc7017b36d7331d0001", expect=501)
