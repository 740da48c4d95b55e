"""CloudWorks end to end: anaplan_grpc's client.cw / client.cw.flows -> real
gRPC -> anaplan-grpc-server -> real HTTP -> the emulator, whose integration
runs execute the model's imports, exports and processes for real."""

import grpc
import pytest

from anaplan.v1 import cloud_works_pb2 as cw_pb2

from anaplan_grpc import (AbortedError, InvalidArgumentError, InvalidIdentifierError)
from e2e_support import DEMO_MODEL, DEMO_WS, employees_csv

DEMO_USER_GUID = "8a868cd97b120fc7017b36d7331d0001"
EMP_IMPORT, EMP_FILE, EMP_EXPORT = "112000000000", "113000000000", "116000000000"
SALES_IMPORT, SALES_FILE = "112000000001", "113000000001"
PROCESS = "118000000000"


def s3(name="s3 conn", **extra):
    body = {"name": name, "accessKeyId": "AKIA1", "secretAccessKey": "secret",
            "bucketName": "bucket-1"}
    body.update(extra)
    return {"type": "AmazonS3", "body": body}


def put_object(anaplan_http, connection_id, path, text):
    status, body, _ = anaplan_http.request(
        "PUT", "/__emulator/cloudworks/connections/%s/objects/%s" % (connection_id, path),
        raw_body=text.encode(), auth="",
        headers={"Content-Type": "text/csv"})
    assert status == 200, body


def get_object(anaplan_http, connection_id, path):
    status, body, _ = anaplan_http.request(
        "GET", "/__emulator/cloudworks/connections/%s/objects/%s" % (connection_id, path),
        auth="")
    assert status == 200, body
    return body.decode()


def import_integration(conn_id, path, name="S3 to Employees"):
    return {"name": name, "version": "2.0", "workspaceId": DEMO_WS, "modelId": DEMO_MODEL,
            "jobs": [{"type": "AmazonS3ToAnaplan",
                      "sources": [{"type": "AmazonS3", "connectionId": conn_id, "file": path}],
                      "targets": [{"type": "Anaplan", "actionId": EMP_IMPORT,
                                   "fileId": EMP_FILE}]}]}


def export_integration(conn_id, path, name="Employees to Azure", job_type="AnaplanToAzureBlob",
                       target_type="AzureBlob"):
    return {"name": name, "version": "2.0", "workspaceId": DEMO_WS, "modelId": DEMO_MODEL,
            "jobs": [{"type": job_type,
                      "sources": [{"type": "Anaplan", "actionId": EMP_EXPORT}],
                      "targets": [{"type": target_type, "connectionId": conn_id,
                                   "file": path}]}]}


def azure(name="azure conn"):
    return {"type": "AzureBlob", "body": {"name": name, "storageAccountName": "acct",
                                          "containerName": "box", "sasToken": "sv=1"}}


def test_connections_of_every_type(client):
    cw = client.cw
    s3_id = cw.create_connection(s3())
    az_id = cw.create_connection(azure())
    bq_id = cw.create_connection({"type": "GoogleBigQuery", "body": {
        "name": "bq conn", "dataset": "ds", "serviceAccountKey": {"type": "service_account"}}})
    listed = {c.connection_id: c for c in cw.get_connections()}
    assert set(listed) == {s3_id, az_id, bq_id}
    assert listed[s3_id].connection_type == "AmazonS3"
    assert listed[s3_id].bucket_name == "bucket-1"
    assert listed[az_id].auth_method == "SAS-based"
    assert listed[bq_id].dataset == "ds"
    assert listed[s3_id].versioned.created_by == "Demo Admin"

    cw.update_connection(s3_id, s3(name="renamed", bucketName="bucket-2"))
    cw.patch_connection(az_id, {"name": "patched"})  # bare body, as the SDK
    listed = {c.connection_id: c for c in cw.get_connections()}
    assert (listed[s3_id].name, listed[s3_id].bucket_name) == ("renamed", "bucket-2")
    assert listed[az_id].name == "patched"
    assert listed[az_id].container_name == "box"  # untouched by the patch

    cw.delete_connection(bq_id)
    assert bq_id not in {c.connection_id for c in cw.get_connections()}
    with pytest.raises(InvalidIdentifierError):
        cw.delete_connection(bq_id)
    with pytest.raises(InvalidIdentifierError):
        cw.patch_connection(bq_id, {"name": "gone"})


def test_connection_bad_input(client):
    cw = client.cw
    with pytest.raises(InvalidArgumentError) as err:
        cw.create_connection({"type": "AmazonS3", "body": {"name": "x", "accessKeyId": "a",
                                                           "secretAccessKey": "s"}})
    assert err.value.code == grpc.StatusCode.INVALID_ARGUMENT
    assert "connection.bucket_name" in err.value.details
    with pytest.raises(InvalidArgumentError, match="service_account_key_json"):
        cw.create_connection({"type": "GoogleBigQuery", "body": {
            "name": "bq", "dataset": "d", "serviceAccountKey": "not json"}})
    # Anaplan checks the credentials: its 400 arrives as INVALID_ARGUMENT.
    with pytest.raises(InvalidArgumentError, match="Credentials are invalid") as err:
        cw.create_connection(s3(secretAccessKey="invalid-secret"))
    assert err.value.http_status == 400
    cw.create_connection(s3())
    with pytest.raises(InvalidArgumentError, match="Duplicate"):
        cw.create_connection(s3())


def test_import_integration_run_changes_model(client, emu, anaplan_http):
    cw = client.cw
    conn = cw.create_connection(s3())
    put_object(anaplan_http, conn, "in/employees.csv",
               employees_csv([("Zoe Cloud", "E900", "Ops", "123", "true")]))
    integration_id = cw.create_integration(import_integration(conn, "in/employees.csv"))
    assert "Zoe Cloud" not in emu.list_item_names("Employees")

    run_id = cw.run_integration(integration_id)

    history = cw.get_run_history(integration_id)
    assert [r.id for r in history] == [run_id]
    assert history[0].success and history[0].message == "Success"
    assert history[0].last_run > 0
    assert "Zoe Cloud" in emu.list_item_names("Employees")
    status = cw.get_run_status(run_id)
    assert (status.integration_id, status.success) == (integration_id, True)
    assert not status.HasField("execution_error_code")
    assert cw.get_run_error(run_id) is None
    with pytest.raises(InvalidIdentifierError, match="no errors"):
        cw.get_import_error_dump(run_id)
    detail = cw.get_integration(integration_id)
    assert detail.integration_type == "Import"
    assert detail.latest_run.success
    assert detail.jobs[0].sources[0].connection_name == "s3 conn"
    assert detail.jobs[0].targets[0].action_id == EMP_IMPORT
    # The run started a real bulk import task in the model.
    tasks = [t for t in emu.tasks()["tasks"] if t["objectId"] == EMP_IMPORT]
    assert [(t["segment"], t["taskState"]) for t in tasks] == [("imports", "COMPLETE")]
    assert status.start_date and status.end_date


def test_failed_import_records_errors_and_dump(client, anaplan_http):
    cw = client.cw
    conn = cw.create_connection(s3())
    put_object(anaplan_http, conn, "bad.csv",
               employees_csv([("Good Row", "E901", "Ops", "1", "true"),
                              ("Bad Row", "E902", "Ops", "not-a-number", "true")]))
    integration_id = cw.create_integration(import_integration(conn, "bad.csv"))
    run_id = cw.run_integration(integration_id)
    status = cw.get_run_status(run_id)
    assert not status.success
    assert status.execution_error_code == 12
    error = cw.get_run_error(run_id)
    assert error is not None
    assert error.error_messages[0].action_id == EMP_IMPORT
    assert error.error_messages[0].failure_dump_generated
    dump = cw.get_import_error_dump(run_id).decode()
    assert "Bad Row" in dump and "Good Row" not in dump


def test_missing_source_object_fails_the_run(client):
    cw = client.cw
    conn = cw.create_connection(s3())
    integration_id = cw.create_integration(import_integration(conn, "absent.csv"))
    run_id = cw.run_integration(integration_id)
    status = cw.get_run_status(run_id)
    assert not status.success
    assert "absent.csv" in status.message


def test_export_integration_writes_to_cloud_storage(client, anaplan_http):
    cw = client.cw
    conn = cw.create_connection(azure())
    integration_id = cw.create_integration(export_integration(conn, "out/employees.csv"))
    run_id = cw.run_integration(integration_id)
    assert cw.get_run_status(run_id).success
    content = get_object(anaplan_http, conn, "out/employees.csv")
    assert content.splitlines()[0].startswith("Employees")
    assert "David Brown" in content
    assert cw.get_integration(integration_id).integration_type == "Export"


def test_process_integration_runs_the_process(client, emu, anaplan_http):
    cw = client.cw
    conn = cw.create_connection(s3())
    put_object(anaplan_http, conn, "emp.csv",
               employees_csv([("Proc Person", "E950", "Ops", "5", "true")]))
    put_object(anaplan_http, conn, "sales.csv",
               "Region,Month,Revenue,Units\nNorth,Jan 24,999,1\nNowhere,Jan 24,1,1\n")
    body = {"name": "Process load", "version": "2.0", "workspaceId": DEMO_WS,
            "modelId": DEMO_MODEL, "processId": PROCESS,
            "jobs": [{"type": "AmazonS3ToAnaplan",
                      "sources": [{"type": "AmazonS3", "connectionId": conn, "file": f}],
                      "targets": [{"type": "Anaplan", "actionId": a, "fileId": fid}]}
                     for f, a, fid in (("emp.csv", EMP_IMPORT, EMP_FILE),
                                       ("sales.csv", SALES_IMPORT, SALES_FILE))]}
    integration_id = cw.create_integration(body)
    assert cw.get_integration(integration_id).integration_type == "Process"
    run_id = cw.run_integration(integration_id)
    assert "Proc Person" in emu.list_item_names("Employees")
    # The unknown region failed one row of the sales import inside the process.
    status = cw.get_run_status(run_id)
    assert not status.success
    dump = cw.get_process_error_dump(run_id, SALES_IMPORT).decode()
    assert "Nowhere" in dump
    with pytest.raises(InvalidIdentifierError):
        cw.get_process_error_dump(run_id, EMP_IMPORT)


def test_integration_listing_update_delete(client):
    cw = client.cw
    conn = cw.create_connection(s3())
    b = cw.create_integration(import_integration(conn, "b.csv", name="b integration"))
    a = cw.create_integration(import_integration(conn, "a.csv", name="a integration"))
    assert [i.integration_id for i in cw.get_integrations(sort_by="name")] == [a, b]
    assert [i.integration_id for i in cw.get_integrations(sort_by="name",
                                                          descending=True)] == [b, a]
    assert len(cw.get_integrations(current_user_only=True)) == 2
    with pytest.raises(InvalidArgumentError, match="sort_by"):
        cw.get_integrations(sort_by="id")
    cw.update_integration(a, import_integration(conn, "a2.csv", name="a renamed"))
    detail = cw.get_integration(a)
    assert (detail.name, detail.jobs[0].sources[0].file) == ("a renamed", "a2.csv")
    # A connection in use cannot go: Anaplan's 409 is ABORTED.
    with pytest.raises(AbortedError) as err:
        cw.delete_connection(conn)
    assert err.value.http_status == 409
    cw.delete_integration(a)
    with pytest.raises(InvalidIdentifierError):
        cw.get_integration(a)
    # Idle integrations cannot be cancelled (live behaviour): ABORTED.
    with pytest.raises(AbortedError, match="not in running state"):
        cw.cancel_integration(b)


def test_integration_bad_input(client):
    cw = client.cw
    conn = cw.create_connection(s3())
    bad = import_integration(conn, "x.csv")
    bad["jobs"][0]["targets"][0]["actionId"] = "imp"
    with pytest.raises(InvalidArgumentError, match=r"integration.jobs\[0\].targets\[0\].action_id"):
        cw.create_integration(bad)
    bad = import_integration(conn, "x.csv")
    bad["jobs"][0]["type"] = "AnaplanToAmazonS3"
    with pytest.raises(InvalidArgumentError, match="type"):
        cw.create_integration(bad)
    unknown = import_integration("0" * 32, "x.csv")
    with pytest.raises(InvalidArgumentError, match="Invalid connectionId"):
        cw.create_integration(unknown)
    with pytest.raises(InvalidArgumentError, match="integration.jobs"):
        cw.create_integration({"name": "n", "workspaceId": DEMO_WS, "modelId": DEMO_MODEL})


def test_schedule_lifecycle(client):
    cw = client.cw
    integration_id = cw.create_integration(
        import_integration(cw.create_connection(s3()), "x.csv"))
    schedule = {"name": "nightly", "type": "weekly", "timezone": "Europe/Paris",
                "time": "02:30", "daysOfWeek": [1, 3], "startDate": "2030-01-01",
                "endDate": "2030-12-31"}
    cw.create_schedule(integration_id, schedule)
    got = cw.get_integration(integration_id).schedule
    assert (got.name, got.status, list(got.days_of_week)) == ("nightly", "Active", [1, 3])
    cw.set_schedule_status(integration_id, "disabled")
    assert cw.get_integration(integration_id).schedule.status == "Inactive"
    cw.update_schedule(integration_id, dict(schedule, time="04:00"))
    got = cw.get_integration(integration_id).schedule
    assert (got.time, got.status) == ("04:00", "Inactive")
    cw.delete_schedule(integration_id)
    assert not cw.get_integration(integration_id).HasField("schedule")
    with pytest.raises(InvalidIdentifierError):
        cw.delete_schedule(integration_id)
    with pytest.raises(InvalidArgumentError, match="schedule.time"):
        cw.create_schedule(integration_id, dict(schedule, time="25:00"))
    with pytest.raises(InvalidArgumentError, match="status"):
        cw.set_schedule_status(integration_id, "paused")


def test_notification_lifecycle(client):
    cw = client.cw
    integration_id = cw.create_integration(
        import_integration(cw.create_connection(s3()), "x.csv"))
    # Creating an integration creates its notification configuration.
    auto = cw.get_notification_config(integration_id=integration_id)
    assert list(auto.integration_ids) == [integration_id]
    config = {"integrationIds": [integration_id], "channels": ["email"],
              "notifications": {"config": [{"type": "full_failure",
                                            "users": [DEMO_USER_GUID]}]}}
    with pytest.raises(InvalidArgumentError, match="Duplicate"):
        cw.create_notification_config(config)
    cw.delete_notification_config(integration_id=integration_id)
    notification_id = cw.create_notification_config(config)
    got = cw.get_notification_config(notification_id=notification_id)
    assert list(got.channels) == ["email"]
    assert got.config[0].user_details[0].first_name == "Demo"
    cw.update_notification_config(notification_id, dict(config, channels=["email", "in_app"]))
    assert list(cw.get_notification_config(integration_id=integration_id).channels) == [
        "email", "in_app"]
    cw.delete_notification_config(notification_id=notification_id)
    with pytest.raises(InvalidIdentifierError):
        cw.get_notification_config(notification_id=notification_id)
    with pytest.raises(InvalidArgumentError, match=r"config.config\[0\].users"):
        cw.create_notification_config(dict(config, notifications={"config": [
            {"type": "success", "users": []}]}))


def two_step_flow(cw, anaplan_http):
    """Step 1 imports an employee from S3, step 2 exports Employees to Azure."""
    s3_conn = cw.create_connection(s3())
    az_conn = cw.create_connection(azure())
    put_object(anaplan_http, s3_conn, "flow.csv",
               employees_csv([("Flow Person", "E990", "Ops", "7", "true")]))
    first = cw.create_integration(import_integration(s3_conn, "flow.csv", name="step one"))
    second = cw.create_integration(export_integration(az_conn, "flow-out.csv",
                                                      name="step two"))
    return s3_conn, az_conn, first, second


def test_flow_runs_steps_in_order(client, anaplan_http):
    cw = client.cw
    _, az_conn, first, second = two_step_flow(cw, anaplan_http)
    flow_id = cw.flows.create_flow({"name": "load then export", "version": "2.0",
                                    "type": "IntegrationFlow",
                                    "steps": [{"type": "Integration", "referrer": first},
                                              {"type": "Integration", "referrer": second,
                                               "dependsOn": [first]}]})
    flow = cw.flows.get_flow(flow_id)
    assert [s.referrer for s in flow.steps] == [first, second]
    assert [s.type for s in flow.steps] == ["Import", "Export"]
    assert flow.steps[0].exception_behavior[0].strategy == "stop"
    assert [f.id for f in cw.flows.get_flows()] == [flow_id]
    assert cw.flows.get_flows()[0].step_count == 2

    run_id = cw.flows.run_flow(flow_id)

    # Step 2's export already holds what step 1 imported: they ran in order.
    assert "Flow Person" in get_object(anaplan_http, az_conn, "flow-out.csv")
    step_runs = [cw.get_run_history(i)[0] for i in (first, second)]
    assert all(r.success for r in step_runs)
    assert [cw.get_run_status(r.id).flow_group_id for r in step_runs] == [run_id, run_id]
    assert cw.flows.get_flow(flow_id).latest_run.success

    # only_steps runs a subset.
    cw.flows.run_flow(flow_id, only_steps=[second])
    assert len(cw.get_run_history(first)) == 1
    assert len(cw.get_run_history(second)) == 2


def test_failing_flow_step_stops_unless_continue(client, anaplan_http):
    cw = client.cw
    s3_conn, _, _, second = two_step_flow(cw, anaplan_http)
    failing = cw.create_integration(import_integration(s3_conn, "missing.csv", name="fails"))
    steps = [{"type": "Integration", "referrer": failing},
             {"type": "Integration", "referrer": second, "dependsOn": [failing]}]
    flow = {"name": "stops", "version": "2.0", "type": "IntegrationFlow", "steps": steps}
    flow_id = cw.flows.create_flow(flow)
    cw.flows.run_flow(flow_id)
    assert not cw.get_run_history(failing)[0].success
    assert cw.get_run_history(second) == []
    assert not cw.flows.get_flow(flow_id).latest_run.success

    steps[0]["exceptionBehavior"] = [{"type": "failure", "strategy": "continue"}]
    cw.flows.update_flow(flow_id, dict(flow, steps=steps))
    cw.flows.run_flow(flow_id)
    assert len(cw.get_run_history(second)) == 1
    cw.flows.delete_flow(flow_id)
    with pytest.raises(InvalidIdentifierError):
        cw.flows.get_flow(flow_id)
    # The integrations stay.
    assert cw.get_integration(second).integration_id == second


def test_flow_bad_input(client, anaplan_http):
    cw = client.cw
    _, _, first, second = two_step_flow(cw, anaplan_http)
    with pytest.raises(InvalidArgumentError, match="flow.steps"):
        cw.flows.create_flow({"name": "one step", "steps": [{"referrer": first}]})
    with pytest.raises(InvalidArgumentError, match="strategy"):
        cw.flows.create_flow({"name": "bad", "steps": [
            {"referrer": first, "exceptionBehavior": [{"type": "failure", "strategy": "retry"}]},
            {"referrer": second}]})
    with pytest.raises(InvalidArgumentError, match="Invalid step referrer"):
        cw.flows.create_flow({"name": "unknown", "steps": [{"referrer": first},
                                                           {"referrer": "f" * 32}]})
    flow_id = cw.flows.create_flow({"name": "ok", "steps": [{"referrer": first},
                                                            {"referrer": second}]})
    with pytest.raises(InvalidArgumentError, match="stepsToRun"):
        cw.flows.run_flow(flow_id, only_steps=["0" * 32])


@pytest.mark.parametrize("call", [
    lambda cw: cw.get_integration("0" * 32),
    lambda cw: cw.run_integration("0" * 32),
    lambda cw: cw.get_run_history("0" * 32),
    lambda cw: cw.get_run_status("0" * 32),
    lambda cw: cw.get_run_error("0" * 32),
    lambda cw: cw.get_import_error_dump("0" * 32),
    lambda cw: cw.delete_integration("0" * 32),
    lambda cw: cw.update_connection("0" * 32, s3()),
    lambda cw: cw.get_notification_config(notification_id="0" * 32),
    lambda cw: cw.flows.get_flow("0" * 32),
    lambda cw: cw.flows.run_flow("0" * 32),
    lambda cw: cw.flows.delete_flow("0" * 32),
])
def test_unknown_ids_are_not_found(client, call):
    with pytest.raises(InvalidIdentifierError) as err:
        call(client.cw)
    assert err.value.code == grpc.StatusCode.NOT_FOUND


def test_empty_ids_are_invalid_argument(client):
    with pytest.raises(InvalidArgumentError, match="integration_id"):
        client.cw.run_integration("")
    with pytest.raises(InvalidArgumentError, match="flow_id"):
        client.cw.flows.get_flow("")
    # A connection without a type-specific payload.
    with pytest.raises(InvalidArgumentError, match="amazon_s3"):
        client.cw.create_connection(cw_pb2.ConnectionPayload())
