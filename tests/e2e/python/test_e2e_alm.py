"""ALM end to end: Python client -> gRPC AlmService -> core -> emulator."""

import pytest
from google.protobuf import duration_pb2

from anaplan.v1 import alm_pb2, alm_pb2_grpc
from anaplan_grpc import AnaplanActionError, InvalidArgumentError, AnaplanError
from e2e_support import DEMO_MODEL, SANDBOX_MODEL, ARCHIVE_MODEL


def test_revision_sync_and_reports(client, emu):
    src_alm = client.alm
    tgt_alm = client.with_model(SANDBOX_MODEL).alm
    assert src_alm.get_latest_revision() is None
    src = src_alm.create_revision("Release 1", "first release")
    assert len(src.id) == 32 and src.name == "Release 1" and src.applied_by
    tgt = tgt_alm.create_revision("Baseline")
    assert [r.id for r in src_alm.get_revisions()] == [src.id]
    assert src_alm.get_latest_revision().id == src.id
    assert [r.id for r in tgt_alm.get_syncable_revisions(DEMO_MODEL)] == [src.id]

    # Reports compare the two revisions' structures.
    emu.settings(task_polls_in_progress=2)
    task = tgt_alm.create_comparison_report(src.id, DEMO_MODEL, tgt.id, poll_interval=0.01)
    assert task.task_state == "COMPLETE" and task.result.successful
    assert tgt_alm.get_comparison_report_task(task.task_id).result.report_file_url
    report = tgt_alm.get_comparison_report(task)
    assert b"lists\tlist:Employees\tCreated" in report
    assert b"modules\tmodule:Sales\tCreated" in report
    summary = tgt_alm.create_comparison_summary(src.id, DEMO_MODEL, tgt.id, poll_interval=0.01)
    assert summary.lists.created == 3 and summary.modules.created == 1
    assert summary.totals.created == summary.lists.created + summary.modules.created + summary.line_items.created
    pending = tgt_alm.create_comparison_summary(src.id, DEMO_MODEL, tgt.id,
                                                wait_for_completion=False)
    assert pending.task_state == "IN_PROGRESS"
    assert tgt_alm.get_comparison_summary_task(pending.task_id).task_id == pending.task_id

    # The sync starts, is watched over polls, and copies the structure.
    started = tgt_alm.sync_models(src.id, DEMO_MODEL, tgt.id, wait_for_completion=False)
    assert started.task_state == "IN_PROGRESS"
    states = [t.task_state for t in tgt_alm.watch_sync_task(started.task_id, poll_interval=0.01)]
    assert states[0] == "IN_PROGRESS" and states[-1] == "COMPLETE"
    done = tgt_alm.get_sync_task(started.task_id)
    assert done.result.successful and done.result.source_revision_id == src.id
    assert [t.task_id for t in tgt_alm.get_sync_tasks()] == [started.task_id]
    assert tgt_alm.get_latest_revision().id == src.id
    # The structure (not the data) arrived in the target model.
    copied = emu.list_data("Employees", model=SANDBOX_MODEL)
    assert copied["properties"] == emu.list_data("Employees")["properties"]
    assert copied["items"] == []
    sales = emu.module_data("Sales", model=SANDBOX_MODEL)
    assert sales["lineItems"] == emu.module_data("Sales")["lineItems"]
    assert sales["dimensions"] == emu.module_data("Sales")["dimensions"]
    models = {m.model_id for m in src_alm.get_models_for_revision(src.id)}
    assert models == {DEMO_MODEL, SANDBOX_MODEL}
    # Nothing left to sync; the same structure cannot be tagged again.
    assert tgt_alm.get_syncable_revisions(DEMO_MODEL) == []
    with pytest.raises(InvalidArgumentError):
        src_alm.create_revision("Release 1 again")


def test_change_model_status(client, anaplan_http):
    client.alm.change_model_status("offline")
    _, body, _ = anaplan_http.request("GET", "/2/0/models/" + DEMO_MODEL)
    assert body["model"]["activeState"] == "MAINTENANCE"
    client.alm.change_model_status("online")
    _, body, _ = anaplan_http.request("GET", "/2/0/models/" + DEMO_MODEL)
    assert body["model"]["activeState"] == "UNLOCKED"
    with pytest.raises(AnaplanError) as err:
        client.with_model(ARCHIVE_MODEL).alm.change_model_status("online")
    assert err.value.code.name == "FAILED_PRECONDITION"


def test_alm_bad_input(client, target):
    alm = client.alm
    with pytest.raises(InvalidArgumentError, match="status"):
        alm.change_model_status("asleep")
    with pytest.raises(InvalidArgumentError, match="name"):
        alm.create_revision("x" * 61)
    with pytest.raises(InvalidArgumentError, match="sort_by"):
        alm.get_revisions(sort_by="colour")
    with pytest.raises(InvalidArgumentError, match="task_id"):
        alm.get_sync_task("not-hex")
    with pytest.raises(AnaplanError) as err:
        alm.get_sync_task("A" * 32)
    assert err.value.code.name == "NOT_FOUND"
    with pytest.raises(AnaplanError) as err:
        alm.get_models_for_revision("B" * 32)
    assert err.value.code.name == "NOT_FOUND"
    with pytest.raises(AnaplanError) as err:
        client.with_model("C" * 32).alm.get_revisions()
    assert err.value.code.name == "NOT_FOUND"
    with pytest.raises(InvalidArgumentError, match="source_model_id"):
        alm.sync_models("A" * 32, "", "B" * 32)
    # A sync whose revisions do not exist fails in Anaplan (404).
    with pytest.raises(AnaplanError) as err:
        alm.sync_models("A" * 32, SANDBOX_MODEL, "B" * 32)
    assert err.value.code.name == "NOT_FOUND"


def test_raw_stub_poll_interval_validation(target):
    import grpc
    with grpc.insecure_channel(target) as ch:
        stub = alm_pb2_grpc.AlmServiceStub(ch)
        with pytest.raises(grpc.RpcError) as err:
            stub.SyncModels(alm_pb2.AlmTaskRequest(
                model_id=DEMO_MODEL, poll_interval=duration_pb2.Duration(seconds=-1)))
        assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert "poll_interval" in err.value.details()
