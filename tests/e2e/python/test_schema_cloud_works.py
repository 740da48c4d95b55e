"""Every CloudWorks response the emulator gives validates against the
live-tested CloudWorks OpenAPI spec, for each of its operations.

Raw REST (anaplan_http) so that the emulator's own replies are checked. One
known divergence: the spec gives the 200 of the two error-dump operations a
JSON envelope, while the live API (and anaplan-sdk) return the dump text; the
emulator returns text, so for those only the 404 envelope is schema-checked.
"""

import pytest

from e2e_support import DEMO_MODEL, DEMO_WS, employees_csv
from openapi_schema import check_response, operations

CW = "/2/0/integrations"
FLOWS = "/2/0/integrationflows"
DEMO_USER_GUID = "8a868cd97b120fc7017b36d7331d0001"


class Checked:
    """Sends requests and checks every reply against the spec."""

    def __init__(self, http):
        self.http = http
        self.seen = set()

    def __call__(self, method, path, body=None, expect=200, query=None):
        status, reply, headers = self.http.request(method, path, body=body, query=query)
        assert status == expect, (method, path, status, reply)
        check_response("cloudworks", method, path, status, reply)
        from openapi_schema import find_operation
        self.seen.add(find_operation("cloudworks", method, path)[1]["operationId"])
        return reply


def put_object(http, connection_id, path, text):
    status, body, _ = http.request(
        "PUT", "/__emulator/cloudworks/connections/%s/objects/%s" % (connection_id, path),
        raw_body=text.encode(), auth="",
        headers={"Content-Type": "text/csv"})
    assert status == 200, body


def integration_body(conn_id, name, path):
    return {"name": name, "version": "2.0", "workspaceId": DEMO_WS, "modelId": DEMO_MODEL,
            "jobs": [{"type": "AmazonS3ToAnaplan",
                      "sources": [{"type": "AmazonS3", "connectionId": conn_id, "file": path}],
                      "targets": [{"type": "Anaplan", "actionId": "112000000000",
                                   "fileId": "113000000000"}]}]}


def test_every_cloudworks_operation_matches_spec(anaplan_http):
    call = Checked(anaplan_http)
    s3 = {"type": "AmazonS3", "body": {"name": "s3", "accessKeyId": "A",
                                       "secretAccessKey": "S", "bucketName": "b"}}
    conn = call("POST", CW + "/connections", s3)["connectionId"]
    call("POST", CW + "/connections", {"type": "AzureBlob", "body": {
        "name": "az", "storageAccountName": "a", "containerName": "c", "sasToken": "t",
        "auth_method": "SAS-based"}})
    call("POST", CW + "/connections", {"type": "GoogleBigQuery", "body": {
        "name": "bq", "dataset": "d", "serviceAccountKey": {"type": "service_account"}}})
    listed = call("GET", CW + "/connections", query={"limit": 10})
    assert len(listed["connections"]) == 3
    call("PUT", CW + "/connections/" + conn, s3)
    call("PATCH", CW + "/connections/" + conn, {"body": {"name": "s3 renamed"}})

    put_object(anaplan_http, conn, "good.csv",
               employees_csv([("Schema Person", "E1", "Ops", "1", "true")]))
    put_object(anaplan_http, conn, "bad.csv",
               employees_csv([("Bad Person", "E2", "Ops", "x", "true")]))
    good = call("POST", CW, integration_body(conn, "good", "good.csv"))
    good = good["integration"]["integrationId"]
    bad = call("POST", CW, integration_body(conn, "bad", "bad.csv"))["integration"][
        "integrationId"]
    call("PUT", CW + "/" + good, integration_body(conn, "good v2", "good.csv"))

    schedule = {"name": "s", "type": "daily", "timezone": "Europe/Paris", "time": "12:45",
                "daysOfWeek": [], "startDate": "2030-01-01", "endDate": "2030-02-01"}
    call("POST", CW + "/%s/schedule" % good, {"integrationId": good, "schedule": schedule})
    call("PUT", CW + "/%s/schedule" % good,
         {"integrationId": good, "schedule": dict(schedule, time="13:00")})
    call("POST", CW + "/%s/schedule/status/disabled" % good)

    run = call("POST", CW + "/%s/run" % good)["run"]["id"]
    bad_run = call("POST", CW + "/%s/run" % bad)["run"]["id"]
    call("GET", CW, query={"limit": 10, "sortBy": "-name"})
    call("GET", CW + "/" + good)
    history = call("GET", CW + "/runs/" + good)
    assert history["history_of_runs"]["runs"][0]["success"] is True
    call("GET", CW + "/run/" + run)
    call("GET", CW + "/runerror/" + run)
    errors = call("GET", CW + "/runerror/" + bad_run)
    assert errors["runs"][0]["errorMessages"][0]["failureDumpGenerated"] is True
    call("GET", CW + "/run/%s/dumps" % run, expect=404)
    call("GET", CW + "/run/%s/process/import/112000000000/dumps" % run, expect=404)
    status, dump, _ = anaplan_http.request("GET", CW + "/run/%s/dumps" % bad_run)
    assert status == 200 and b"Bad Person" in dump
    call("POST", CW + "/%s/cancel" % good, expect=409)

    integration = call("GET", CW + "/" + bad)["integration"]
    call("DELETE", CW + "/notification/" + integration["notificationId"])
    note = {"integrationIds": [bad], "channels": ["email"],
            "notifications": {"config": [{"type": "success", "users": [DEMO_USER_GUID]}]}}
    note_id = call("POST", CW + "/notification", note)["notificationId"]
    call("GET", CW + "/notification/" + note_id)
    call("PUT", CW + "/notification/" + note_id, dict(note, channels=["in_app"]))

    steps = [{"type": "Integration", "referrer": good, "isSkipped": False,
              "exceptionBehavior": [{"type": "failure", "strategy": "stop"}]},
             {"type": "Integration", "referrer": bad, "dependsOn": [good],
              "isSkipped": False, "exceptionBehavior": []}]
    flow = {"name": "f", "version": "2.0", "type": "IntegrationFlow", "steps": steps}
    flow_id = call("POST", FLOWS, flow)["integrationFlow"]["integrationFlowId"]
    call("PUT", FLOWS + "/" + flow_id, dict(flow, name="f2"))
    call("POST", FLOWS + "/%s/run" % flow_id)
    call("POST", FLOWS + "/%s/run" % flow_id, {"stepsToRun": [good]})
    call("GET", FLOWS, query={"limit": 10})
    call("GET", FLOWS + "/" + flow_id)
    call("GET", CW + "/" + good)  # with latestRun and schedule

    # Errors use the documented error envelope.
    call("GET", CW + "/" + "0" * 32, expect=404)
    call("POST", CW + "/connections", {"type": "AmazonS3", "body": {}}, expect=400)
    call("DELETE", CW + "/connections/" + conn, expect=409)
    # The deprecated per-model listing is gone live (nginx 404); so here.
    call("GET", CW + "/anaplanModels/" + DEMO_MODEL, expect=404)

    call("DELETE", FLOWS + "/" + flow_id)
    call("DELETE", CW + "/notification/" + note_id)
    call("DELETE", CW + "/%s/schedule" % good)
    call("DELETE", CW + "/" + good)
    call("DELETE", CW + "/" + bad)
    call("DELETE", CW + "/connections/" + conn)

    every = {op["operationId"] for _, _, op in operations("cloudworks")}
    assert every - call.seen == set(), "operations not exercised"


def test_alternative_base_path_is_served(anaplan_http):
    status, body, _ = anaplan_http.request("GET", "/cloudworks/2/0/integrations/connections")
    assert status == 200
    check_response("cloudworks", "GET", "/cloudworks/2/0/integrations/connections", status,
                   body)


@pytest.mark.parametrize("path", [CW, CW + "/connections", FLOWS])
def test_empty_listings_keep_paging(anaplan_http, path):
    status, body, _ = anaplan_http.request("GET", path)
    assert status == 200
    assert body["meta"]["paging"]["totalSize"] == 0
    check_response("cloudworks", "GET", path, status, body)
