"""Every Bulk (Integration API) response the emulator gives validates against
the live-tested OpenAPI spec for that operation."""

import pytest

from e2e_support import DEMO_MODEL, DEMO_WS
from openapi_schema import check_response, find_operation

WS_MODEL = "/2/0/workspaces/%s/models/%s" % (DEMO_WS, DEMO_MODEL)

GET_PATHS = [
    "/2/0/workspaces",
    "/2/0/workspaces/%s" % DEMO_WS,
    "/2/0/workspaces/%s/models" % DEMO_WS,
    "/2/0/models",
    "/2/0/models/%s" % DEMO_MODEL,
    "/2/0/users",
    "/2/0/users/me",
    "/2/0/workspaces/%s/admins" % DEMO_WS,
    "/2/0/workspaces/%s/visitors" % DEMO_WS,
    WS_MODEL + "/files",
    WS_MODEL + "/imports",
    WS_MODEL + "/imports/112000000000",
    WS_MODEL + "/exports",
    WS_MODEL + "/exports/116000000000",
    WS_MODEL + "/actions",
    WS_MODEL + "/processes",
    WS_MODEL + "/processes/118000000000",
    WS_MODEL + "/imports/112000000000/tasks",
    WS_MODEL + "/exports/116000000000/tasks",
]


@pytest.mark.parametrize("path", GET_PATHS)
def test_bulk_get_matches_spec(anaplan_http, path):
    status, body, _ = anaplan_http.request("GET", path)
    assert status == 200, (path, status, body)
    check_response("integration", "GET", path, status, body)


def test_task_lifecycle_matches_spec(anaplan_http):
    start = WS_MODEL + "/exports/116000000000/tasks"
    status, body, _ = anaplan_http.request("POST", start, body={"localeName": "en_US"})
    check_response("integration", "POST", start, status, body)
    task_id = body["task"]["taskId"]
    status, body, _ = anaplan_http.request("GET", "%s/%s" % (start, task_id))
    assert status == 200
    check_response("integration", "GET", "%s/%s" % (start, task_id), status, body)


def test_unknown_path_is_reported():
    with pytest.raises(AssertionError, match="no operation"):
        find_operation("integration", "GET", "/2/0/nothing/here")


def test_schema_violation_is_reported(anaplan_http):
    status, body, _ = anaplan_http.request("GET", "/2/0/workspaces")
    body["workspaces"][0]["active"] = "yes"  # a string where the spec has a boolean
    with pytest.raises(AssertionError, match="does not match"):
        check_response("integration", "GET", "/2/0/workspaces", status, body)
