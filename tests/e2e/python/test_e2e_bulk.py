"""BulkService listings, metadata, tasks and error codes, end to end."""

import grpc
import pytest

import anaplan_grpc as ag
from e2e_support import (ARCHIVE_MODEL, DELETE_ACTION, DEMO_MODEL, DEMO_WS, EMPLOYEES_EXPORT,
                         EMPLOYEES_FILE, EMPLOYEES_IMPORT, LOAD_PROCESS, OPTIMIZER_ACTION,
                         SALES_EXPORT, SALES_FILE, SALES_IMPORT, SANDBOX_MODEL, SANDBOX_WS,
                         wait_until)


def test_get_workspaces_sort_and_search(client):
    by_id = {w.id: w for w in client.get_workspaces()}
    assert by_id[DEMO_WS].name == "Demo Workspace"
    assert by_id[SANDBOX_WS].name == "Sandbox Workspace"
    assert by_id[DEMO_WS].size_allowance == 1073741824
    assert by_id[DEMO_WS].current_size == 52428800
    names = [w.name for w in client.get_workspaces(sort_by="name", descending=True)]
    assert names == sorted(names, reverse=True) and len(names) >= 2
    names = [w.name for w in client.get_workspaces(sort_by="name")]
    assert names == sorted(names)
    assert [w.id for w in client.get_workspaces(search_pattern="sandbox")] == [SANDBOX_WS]
    assert client.get_workspaces(search_pattern="no such workspace") == []


def test_get_workspace(client):
    ws = client.get_workspace()
    assert (ws.id, ws.name, ws.active) == (DEMO_WS, "Demo Workspace", True)
    assert client.get_workspace(SANDBOX_WS).name == "Sandbox Workspace"


def test_get_models_scope_sort_search(client):
    all_models = {m.id: m for m in client.get_models()}
    assert {DEMO_MODEL, ARCHIVE_MODEL, SANDBOX_MODEL} <= set(all_models)
    assert all_models[ARCHIVE_MODEL].active_state == "ARCHIVED"
    assert all_models[DEMO_MODEL].current_workspace_id == DEMO_WS
    in_demo = [m.id for m in client.get_models(only_in_workspace=True)]
    assert sorted(in_demo) == sorted([DEMO_MODEL, ARCHIVE_MODEL])
    assert [m.id for m in client.get_models(only_in_workspace=SANDBOX_WS)] == [SANDBOX_MODEL]
    names = [m.name for m in client.get_models(sort_by="name", descending=True)]
    assert names == sorted(names, reverse=True)
    assert [m.id for m in client.get_models(search_pattern="archive")] == [ARCHIVE_MODEL]


def test_get_model(client):
    m = client.get_model()
    assert (m.id, m.name, m.active_state) == (DEMO_MODEL, "Demo Model", "UNLOCKED")
    assert m.current_workspace_id == DEMO_WS
    assert m.last_saved_serial_number == 2000187
    assert client.get_model(SANDBOX_MODEL).name == "Sandbox Model"


def test_delete_models(client):
    resp = client.delete_models([ARCHIVE_MODEL])
    assert resp.models_deleted == 1 and list(resp.failures) == []
    assert ARCHIVE_MODEL not in {m.id for m in client.get_models(only_in_workspace=True)}
    # The Demo Model is open: Anaplan refuses to delete it and reports why.
    resp = client.delete_models([DEMO_MODEL])
    assert resp.models_deleted == 0
    assert [f.model_id for f in resp.failures] == [DEMO_MODEL]
    assert DEMO_MODEL in {m.id for m in client.get_models(only_in_workspace=True)}


def test_model_object_listings(client):
    files = {f.id: f for f in client.get_files()}
    assert files[EMPLOYEES_FILE].name == "Employees.csv"
    assert files[SALES_FILE].name == "Sales.csv"
    assert files[EMPLOYEES_FILE].separator == ","
    assert files[EMPLOYEES_FILE].encoding == "UTF-8"
    ids = [f.id for f in client.get_files()]
    assert ids == sorted(ids)
    names = [f.name for f in client.get_files(sort_by="name", descending=True)]
    assert names == sorted(names, reverse=True)

    actions = client.get_actions()
    assert [(a.id, a.name, a.action_type) for a in actions] == [
        (DELETE_ACTION, "Delete Inactive Employees", "DELETE_BY_SELECTION"),
        (OPTIMIZER_ACTION, "Optimize Plan", "OPTIMIZER")]
    assert [a.id for a in client.get_actions(descending=True)] == [
        OPTIMIZER_ACTION, DELETE_ACTION]
    assert [(p.id, p.name) for p in client.get_processes()] == [
        (LOAD_PROCESS, "Load Employees and Sales")]
    imports = client.get_imports()
    assert [(i.id, i.name, i.import_type, i.import_data_source_id) for i in imports] == [
        (EMPLOYEES_IMPORT, "Employees from Employees.csv", "HIERARCHY_DATA", EMPLOYEES_FILE),
        (SALES_IMPORT, "Sales from Sales.csv", "MODULE_DATA", SALES_FILE)]
    exports = client.get_exports(sort_by="name")
    assert [(e.id, e.name) for e in exports] == [
        (EMPLOYEES_EXPORT, "Employees.csv"), (SALES_EXPORT, "Sales.csv")]
    assert all(e.export_format == "text/csv" for e in exports)


def test_paging_is_transparent(client, emu):
    # With a page size of 1 the service must still return complete lists.
    emu.settings(max_page_size=1)
    assert len(client.get_imports()) == 2
    assert len(client.get_files()) >= 2
    assert len(client.get_models()) >= 3


def test_metadata_by_id_and_by_name(client):
    by_id = client.get_import_metadata(EMPLOYEES_IMPORT)
    by_name = client.get_import_metadata("Employees from Employees.csv")
    assert by_id == by_name
    assert by_id.type == "FILE"
    assert by_id.column_separator == ","
    exp = client.get_export_metadata("Employees.csv")
    assert exp == client.get_export_metadata(EMPLOYEES_EXPORT)
    assert exp.export_format == "text/csv"
    assert exp.column_count == len(exp.header_names) > 0
    proc = client.get_process_metadata("Load Employees and Sales")
    assert [a.id for a in proc.actions] == [EMPLOYEES_IMPORT, SALES_IMPORT]
    proc = client.get_process_metadata(LOAD_PROCESS, show_import_data_source=True)
    assert [a.import_data_source_id for a in proc.actions] == [EMPLOYEES_FILE, SALES_FILE]


def test_run_action_by_name_changes_the_model(client, emu):
    before = emu.list_item_names("Employees")
    assert "David Brown" in before  # Active=false in the fixture
    task = client.run_action("Delete Inactive Employees")
    assert task.task_state == "COMPLETE" and task.successful
    after = emu.list_item_names("Employees")
    assert "David Brown" not in after
    assert set(after) < set(before)


def test_task_lifecycle_watch_summaries_status_optimizer_log(client, emu):
    emu.settings(task_polls_in_progress=3)
    started = client.run_action(OPTIMIZER_ACTION, wait_for_completion=False)
    assert started.task_id and not started.done
    states = list(client.watch_task(OPTIMIZER_ACTION, started.task_id, poll_interval=0.02))
    assert states, "WatchTask streamed nothing"
    assert states[-1].task_state == "COMPLETE" and states[-1].successful
    assert all(s.task_id == started.task_id for s in states)
    # One message per change: no two consecutive messages are equal.
    assert all(a.proto != b.proto for a, b in zip(states, states[1:]))
    status = client.get_task_status("Optimize Plan", started.task_id)
    assert status.task_state == "COMPLETE" and status.successful
    assert started.task_id in [t.task_id for t in client.get_task_summaries(OPTIMIZER_ACTION)]
    log = client.get_optimizer_log(OPTIMIZER_ACTION, started.task_id)
    assert isinstance(log, bytes) and len(log) > 0


def test_cancel_task(client, emu):
    emu.settings(task_polls_in_progress=100000)
    started = client.run_action(DELETE_ACTION, wait_for_completion=False)
    cancelled = client.cancel_task(DELETE_ACTION, started.task_id)
    assert cancelled.task_state in ("CANCELLING", "CANCELLED")
    final = wait_until(
        lambda: (lambda s: s if s.task_state == "CANCELLED" else None)(
            client.get_task_status(DELETE_ACTION, started.task_id)),
        what="task CANCELLED")
    assert not final.successful
    assert "David Brown" in emu.list_item_names("Employees")


def test_unknown_ids_are_not_found(client, target):
    with pytest.raises(ag.InvalidIdentifierError) as ei:
        client.get_file(113000009999)
    assert ei.value.code == grpc.StatusCode.NOT_FOUND
    with pytest.raises(ag.InvalidIdentifierError):
        client.run_action(117000009999)
    with pytest.raises(ag.InvalidIdentifierError):
        client.run_action("No Such Action")
    with pytest.raises(ag.InvalidIdentifierError):
        client.get_import_metadata("No Such Import")
    with pytest.raises(ag.InvalidIdentifierError) as ei:
        client.with_model("00000000000000000000000000000000").get_files()
    assert ei.value.http_status in (None, 404)
    with pytest.raises(ag.InvalidIdentifierError):
        client.get_workspace("00000000000000000000000000000000")
    with pytest.raises(ag.InvalidIdentifierError):
        client.get_task_status(DELETE_ACTION, "0" * 32)


def test_validation_errors_are_invalid_argument(stub):
    from anaplan.v1 import bulk_pb2
    with pytest.raises(grpc.RpcError) as ei:
        stub.GetFiles(bulk_pb2.GetFilesRequest(workspace_id=DEMO_WS, model_id=""))
    assert ei.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    err = ag.from_rpc_error(ei.value)
    assert isinstance(err, ag.InvalidArgumentError)


def test_descending_without_sort_field_is_invalid_argument(stub):
    from anaplan.v1 import bulk_pb2
    with pytest.raises(grpc.RpcError) as ei:
        stub.GetWorkspaces(bulk_pb2.GetWorkspacesRequest(descending=True))
    err = ag.from_rpc_error(ei.value)
    assert isinstance(err, ag.InvalidArgumentError)
    assert "sort_by" in err.details
