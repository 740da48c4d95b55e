"""Every Audit response the emulator gives validates against the live-tested
Audit spec; events come from what happened in the emulator."""

import time

import pytest

from openapi_schema import check_response

EVENTS = "/audit/api/1/events"


def test_events_match_spec(anaplan_http):
    anaplan_http.token(refresh=True)  # a login: USR-8
    status, body, _ = anaplan_http.request("GET", EVENTS, query={"type": "all"})
    assert status == 200, body
    check_response("audit", "GET", EVENTS, status, body)
    assert any(e["eventTypeId"] == "USR-8" for e in body["response"])
    assert body["meta"]["paging"]["offSet"] == 0

    path = EVENTS + "/search"
    now = int(time.time() * 1000)
    status, body, _ = anaplan_http.request("POST", path, query={"type": "user_activity"},
                                           body={"from": now - 3600_000, "to": now + 1000})
    assert status == 200, body
    check_response("audit", "POST", path, status, body)
    assert body["response"] and all(e["eventTypeId"].startswith("USR-") for e in body["response"])


def test_paging_and_window(anaplan_http, emu):
    for i in range(7):
        emu._call("POST", "/__emulator/audit/events", {"eventTypeId": "INT-9", "message": "e%d" % i})
    status, body, _ = anaplan_http.request("GET", EVENTS, query={"type": "int", "limit": 3, "offset": 3})
    assert status == 200
    check_response("audit", "GET", EVENTS, status, body)
    paging = body["meta"]["paging"]
    assert paging["offSet"] == 3 and paging["currentPageSize"] == 3 and paging["totalSize"] == 7
    assert [e["message"] for e in body["response"]] == ["e3", "e4", "e5"]

    status, body, _ = anaplan_http.request("GET", EVENTS, query={"intervalInHours": 721})
    assert status == 400 and body["statusMessage"] == "Date range cannot exceed 30 days"
    check_response("audit", "GET", EVENTS, status, body)
    status, body, _ = anaplan_http.request(
        "GET", EVENTS, auth="Bearer " + anaplan_http.token())
    assert status == 401


def test_old_events_fall_outside_the_window(anaplan_http, emu):
    emu._call("POST", "/__emulator/audit/events", {"eventTypeId": "CMT-1", "ageHours": 24 * 40})
    emu._call("POST", "/__emulator/audit/events", {"eventTypeId": "CMT-1", "ageHours": 2})
    status, body, _ = anaplan_http.request("GET", EVENTS, query={"type": "comment"})
    assert status == 200 and body["meta"]["paging"]["totalSize"] == 1
    status, body, _ = anaplan_http.request("GET", EVENTS, query={"type": "comment", "intervalInHours": 1})
    assert body["meta"]["paging"]["totalSize"] == 0


@pytest.mark.parametrize("path", [
    "/2/0/users", "/2/0/users/me", "/2/0/users/8a868cd97b120fc7017b36d7331d0002"])
def test_users_match_spec(anaplan_http, path):
    status, body, _ = anaplan_http.request("GET", path)
    assert status == 200, (path, status, body)
    check_response("integration", "GET", path, status, body)


def test_unknown_user_is_404(anaplan_http):
    status, body, _ = anaplan_http.request("GET", "/2/0/users/nobody")
    assert status == 404, body
