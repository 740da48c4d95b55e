"""Every ALM response the emulator gives validates against the live-tested
ALM spec, for every operation, walking a real revision/sync/report flow."""

import pytest

from e2e_support import ARCHIVE_MODEL, DEMO_MODEL, SANDBOX_MODEL
from openapi_schema import check_response

ALM = "/2/0/models/%s/alm"


def call(anaplan_http, method, path, body=None, expect=200, headers=None):
    status, resp, hdrs = anaplan_http.request(method, path, body=body, headers=headers)
    assert status == expect, (method, path, status, resp)
    if isinstance(resp, (dict, list)) or resp is None:
        check_response("alm", method, path, status, resp)
    return resp, hdrs


def create_revision(anaplan_http, model, name):
    path = ALM % model + "/revisions"
    body, _ = call(anaplan_http, "POST", path, {"name": name, "description": "d"}, 201)
    return body["revisions"][0]["id"]


def poll(anaplan_http, path):
    for _ in range(20):
        body, _ = call(anaplan_http, "GET", path)
        if body["task"]["taskState"] == "COMPLETE":
            return body["task"]
    raise AssertionError("task did not complete: %s" % path)


def test_alm_flow_matches_spec(anaplan_http):
    src = create_revision(anaplan_http, DEMO_MODEL, "Release 1")
    tgt = create_revision(anaplan_http, SANDBOX_MODEL, "Baseline")
    for path in ["/revisions", "/latestRevision", "/syncTasks",
                 "/revisions/%s/appliedToModels" % src]:
        call(anaplan_http, "GET", ALM % DEMO_MODEL + path)
    body, _ = call(anaplan_http, "GET",
                   ALM % SANDBOX_MODEL + "/syncableRevisions?sourceModelId=" + DEMO_MODEL)
    assert [r["id"] for r in body["revisions"]] == [src]

    spec = {"sourceRevisionId": src, "sourceModelId": DEMO_MODEL, "targetRevisionId": tgt}
    for kind in ["comparisonReportTasks", "summaryReportTasks", "syncTasks"]:
        base = ALM % SANDBOX_MODEL + "/" + kind
        body, hdrs = call(anaplan_http, "POST", base, spec, 201)
        assert hdrs.get("Location", "").endswith(body["task"]["taskId"])
        task = poll(anaplan_http, base + "/" + body["task"]["taskId"])
        assert task["result"]["successful"], task
    report, _ = call(anaplan_http, "GET",
                     ALM % SANDBOX_MODEL + "/comparisonReports/%s/%s" % (tgt, src),
                     headers={"Accept": "application/octet-stream"})
    assert b"lists\tlist:Employees\tCreated" in report
    summary, _ = call(anaplan_http, "GET",
                      ALM % SANDBOX_MODEL + "/summaryReports/%s/%s" % (tgt, src))
    assert summary["summaryReport"]["differences"]["lists"]["created"] == 3
    call(anaplan_http, "GET", ALM % SANDBOX_MODEL + "/syncTasks")
    applied, _ = call(anaplan_http, "GET",
                      ALM % DEMO_MODEL + "/revisions/%s/appliedToModels" % src)
    assert {m["modelId"] for m in applied["appliedToModels"]} == {DEMO_MODEL, SANDBOX_MODEL}


@pytest.mark.parametrize("method", ["PUT", "POST"])
def test_online_status_matches_spec(anaplan_http, method):
    path = "/2/0/models/%s/onlineStatus" % DEMO_MODEL
    call(anaplan_http, method, path, {"status": "offline"}, 204)
    status, body, _ = anaplan_http.request("GET", "/2/0/models/" + DEMO_MODEL)
    assert body["model"]["activeState"] == "MAINTENANCE"
    call(anaplan_http, method, path, {"status": "online"}, 204)
    status, body, _ = anaplan_http.request("PUT", path, body={"status": "asleep"})
    assert status == 400
    status, body, _ = anaplan_http.request(
        "PUT", "/2/0/models/%s/onlineStatus" % ARCHIVE_MODEL, body={"status": "online"})
    assert status == 422, body


def test_alm_errors(anaplan_http):
    base = ALM % SANDBOX_MODEL
    status, body, _ = anaplan_http.request("POST", base + "/syncTasks", body={"sourceModelId": DEMO_MODEL})
    assert status == 400 and "mandatory" in body["status"]["message"]
    status, _, _ = anaplan_http.request("GET", base + "/syncTasks/" + "A" * 32)
    assert status == 404
    status, _, _ = anaplan_http.request("POST", base + "/revisions", body={"name": "x" * 61})
    assert status == 400
    create_revision(anaplan_http, SANDBOX_MODEL, "first")
    # No structural change since the last revision.
    status, _, _ = anaplan_http.request("POST", base + "/revisions", body={"name": "again"})
    assert status == 400
