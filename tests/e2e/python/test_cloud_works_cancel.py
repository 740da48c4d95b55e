"""CloudWorks run cancel end to end: the emulator keeps runs running
(setting cloudworks_run_polls_in_progress), CancelIntegration goes client ->
real gRPC -> anaplan-grpc-server -> real HTTP -> POST
/integrations/{id}/cancel, and the run ends as Anaplan records a cancelled
run (success false, message "Cancelled") with its model action's bulk task
CANCELLED and none of its effects applied. Cancelling a finished run is
Anaplan's 409 "not in running state" (ABORTED)."""

import grpc
import pytest

from anaplan_grpc import AbortedError, InvalidIdentifierError
from e2e_support import DEMO_MODEL, DEMO_WS, employees_csv
from openapi_schema import check_response
from test_cloud_works import (EMP_EXPORT, EMP_FILE, EMP_IMPORT, PROCESS, azure,
                              export_integration, import_integration, put_object, s3)

CW = "/2/0/integrations"


@pytest.fixture
def runs_kept_running(emu):
    """Runs stay running until cancelled (restored afterwards: settings
    survive the per-test reset)."""
    emu.settings(cloudworks_run_polls_in_progress=-1)
    yield emu
    emu.settings(cloudworks_run_polls_in_progress=0)


def _tasks(emu, object_id):
    return [(t["segment"], t["taskState"]) for t in emu.tasks()["tasks"]
            if t["objectId"] == object_id]


def _import_setup(cw, anaplan_http, person):
    conn = cw.create_connection(s3())
    put_object(anaplan_http, conn, "in/employees.csv",
               employees_csv([(person, "E777", "Ops", "10", "true")]))
    return conn, cw.create_integration(import_integration(conn, "in/employees.csv"))


def test_cancel_stops_a_running_import_run(client, runs_kept_running, anaplan_http):
    emu, cw = runs_kept_running, client.cw
    conn, integration_id = _import_setup(cw, anaplan_http, "Zoe Cancelled")
    run_id = cw.run_integration(integration_id)

    status = cw.get_run_status(run_id)
    assert (status.message, status.success, status.end_date) == ("Running", False, "")
    latest = cw.get_integration(integration_id).latest_run
    assert (latest.message, latest.end_date) == ("Running", "")
    # The run's import is in progress in the model.
    assert _tasks(emu, EMP_IMPORT) == [("imports", "IN_PROGRESS")]
    # While it runs, Anaplan refuses a second run, a delete and a flow over it.
    with pytest.raises(AbortedError, match="already running"):
        cw.run_integration(integration_id)
    with pytest.raises(AbortedError, match="already running"):
        cw.delete_integration(integration_id)
    other = cw.create_integration(import_integration(conn, "x.csv", name="other"))
    flow_id = cw.flows.create_flow({"name": "f", "steps": [{"referrer": other},
                                                           {"referrer": integration_id}]})
    with pytest.raises(AbortedError, match="already running"):
        cw.flows.run_flow(flow_id)

    cw.cancel_integration(integration_id)

    history = cw.get_run_history(integration_id)
    assert [(r.id, r.success, r.message) for r in history] == [
        (run_id, False, "Cancelled")]
    assert history[0].end_date and history[0].last_run > 0
    assert not history[0].HasField("execution_error_code")
    status = cw.get_run_status(run_id)
    assert (status.success, status.message) == (False, "Cancelled")
    assert status.end_date >= status.start_date
    assert cw.get_integration(integration_id).latest_run.message == "Cancelled"
    assert cw.get_run_error(run_id) is None
    # The model action was stopped: its task is CANCELLED, nothing imported.
    assert _tasks(emu, EMP_IMPORT) == [("imports", "CANCELLED")]
    assert "Zoe Cancelled" not in emu.list_item_names("Employees")

    # Nothing runs any more: cancelling again is Anaplan's 409.
    with pytest.raises(AbortedError, match="not in running state") as err:
        cw.cancel_integration(integration_id)
    assert err.value.code == grpc.StatusCode.ABORTED
    assert err.value.http_status == 409
    # The integration can run (and be deleted) again.
    second = cw.run_integration(integration_id)
    assert second != run_id
    cw.cancel_integration(integration_id)
    assert [r.message for r in cw.get_run_history(integration_id)] == [
        "Cancelled", "Cancelled"]
    cw.flows.delete_flow(flow_id)
    cw.delete_integration(integration_id)


def test_cancel_stops_a_running_export_run(client, runs_kept_running, anaplan_http):
    emu, cw = runs_kept_running, client.cw
    conn = cw.create_connection(azure())
    integration_id = cw.create_integration(export_integration(conn, "out/e.csv"))
    run_id = cw.run_integration(integration_id)
    assert _tasks(emu, EMP_EXPORT) == [("exports", "IN_PROGRESS")]
    cw.cancel_integration(integration_id)
    assert cw.get_run_status(run_id).message == "Cancelled"
    assert _tasks(emu, EMP_EXPORT) == [("exports", "CANCELLED")]
    status, _, _ = anaplan_http.request(
        "GET", "/__emulator/cloudworks/connections/%s/objects/out/e.csv" % conn, auth="")
    assert status == 404  # the export never wrote its output


def test_cancel_stops_a_running_process_run(client, runs_kept_running, anaplan_http):
    emu, cw = runs_kept_running, client.cw
    conn = cw.create_connection(s3())
    put_object(anaplan_http, conn, "emp.csv",
               employees_csv([("Proc Cancelled", "E779", "Ops", "5", "true")]))
    integration_id = cw.create_integration({
        "name": "Process load", "version": "2.0", "workspaceId": DEMO_WS,
        "modelId": DEMO_MODEL, "processId": PROCESS,
        "jobs": [{"type": "AmazonS3ToAnaplan",
                  "sources": [{"type": "AmazonS3", "connectionId": conn, "file": "emp.csv"}],
                  "targets": [{"type": "Anaplan", "actionId": EMP_IMPORT,
                               "fileId": EMP_FILE}]}]})
    run_id = cw.run_integration(integration_id)
    assert _tasks(emu, PROCESS) == [("processes", "IN_PROGRESS")]
    cw.cancel_integration(integration_id)
    assert cw.get_run_status(run_id).message == "Cancelled"
    assert _tasks(emu, PROCESS) == [("processes", "CANCELLED")]
    assert _tasks(emu, EMP_IMPORT) == []
    assert "Proc Cancelled" not in emu.list_item_names("Employees")


def test_run_kept_for_some_polls_completes_then_cannot_be_cancelled(client, emu,
                                                                  anaplan_http):
    cw = client.cw
    emu.settings(cloudworks_run_polls_in_progress=2)
    try:
        _, integration_id = _import_setup(cw, anaplan_http, "Zoe Finished")
        run_id = cw.run_integration(integration_id)
        assert cw.get_run_status(run_id).message == "Running"
        assert cw.get_run_status(run_id).message == "Running"
        assert "Zoe Finished" not in emu.list_item_names("Employees")
        status = cw.get_run_status(run_id)  # the third poll: the run executes
        assert (status.success, status.message) == (True, "Success")
        assert status.end_date
        # One bulk task: the one the running run had started.
        assert _tasks(emu, EMP_IMPORT) == [("imports", "COMPLETE")]
        assert "Zoe Finished" in emu.list_item_names("Employees")
        with pytest.raises(AbortedError, match="not in running state"):
            cw.cancel_integration(integration_id)
        assert cw.get_run_status(run_id).message == "Success"
    finally:
        emu.settings(cloudworks_run_polls_in_progress=0)


def test_cancel_of_unknown_integration_is_not_found(client):
    with pytest.raises(InvalidIdentifierError) as err:
        client.cw.cancel_integration("0" * 32)
    assert err.value.code == grpc.StatusCode.NOT_FOUND


def test_running_and_cancelled_runs_match_the_spec(runs_kept_running, anaplan_http):
    def call(method, path, body=None, expect=200):
        status, reply, _ = anaplan_http.request(method, path, body=body)
        assert status == expect, (method, path, status, reply)
        check_response("cloudworks", method, path, status, reply)
        return reply

    conn = call("POST", CW + "/connections", s3())["connectionId"]
    put_object(anaplan_http, conn, "in/employees.csv",
               employees_csv([("Spec Person", "E778", "Ops", "1", "true")]))
    body = import_integration(conn, "in/employees.csv")
    assert (body["workspaceId"], body["modelId"]) == (DEMO_WS, DEMO_MODEL)
    integration_id = call("POST", CW, body)["integration"]["integrationId"]
    run_id = call("POST", CW + "/%s/run" % integration_id)["run"]["id"]
    running = call("GET", CW + "/run/%s" % run_id)["run"]
    assert running["message"] == "Running" and "endDate" not in running
    history = call("GET", CW + "/runs/%s" % integration_id)["history_of_runs"]
    assert "endDate" not in history["runs"][0] and "lastRun" not in history["runs"][0]
    listed = call("GET", CW + "/%s" % integration_id)["integration"]["latestRun"]
    assert "endDate" not in listed
    call("POST", CW + "/%s/run" % integration_id, expect=409)

    assert call("POST", CW + "/%s/cancel" % integration_id) == {
        "status": {"code": 200, "message": "Success"}}

    done = call("GET", CW + "/run/%s" % run_id)["run"]
    assert (done["success"], done["message"], done["executionErrorCode"]) == (
        False, "Cancelled", None)
    assert done["endDate"] and done["modificationDate"] == done["endDate"]
    record = call("GET", CW + "/runs/%s" % integration_id)["history_of_runs"]["runs"][0]
    assert record["message"] == "Cancelled" and record["lastRun"] > 0
    reply = call("POST", CW + "/%s/cancel" % integration_id, expect=409)
    assert "not in running state" in reply["status"]["message"]
