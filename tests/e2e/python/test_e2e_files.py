"""Uploads, downloads, imports and exports through the real service."""

import threading
import time

import grpc
import pytest

import anaplan_grpc as ag
from anaplan.v1 import bulk_pb2, common_pb2
from e2e_support import (DEMO_MODEL, DEMO_WS, EMPLOYEES_EXPORT, EMPLOYEES_FILE,
                         EMPLOYEES_IMPORT, LOAD_PROCESS, MIB, SALES_EXPORT, SALES_FILE, SALES_IMPORT,
                         deterministic_csv, employees_csv, parse_csv, sha256_hex, wait_until)

NEW_EMPLOYEES = [("Ivy Chen", "E101", "Engineering", "99000", "true"),
                 ("Jack Ng", "E102", "Sales", "65000", "true"),
                 ("Kim Park", "E103", "Finance", "77000", "false")]
BAD_EMPLOYEES = [("Bad Salary One", "E901", "Sales", "not-a-number", "true"),
                 ("Bad Salary Two", "E902", "Sales", "12abc", "true")]


def test_upload_then_download_roundtrip(client, emu):
    content = b"".join(deterministic_csv(3 * MIB + 12345))
    resp = client.upload_file(SALES_FILE, content, chunk_size=MIB)
    assert resp.file_id == SALES_FILE and not resp.file_created
    assert resp.bytes_received == len(content)
    assert resp.sha256 == sha256_hex(content)
    assert resp.chunks_uploaded == 4
    info = emu.file_info(SALES_FILE)
    assert info["size"] == len(content) and info["sha256"] == sha256_hex(content)
    assert info["chunkCount"] == 4 and info["complete_calls"] == 1
    # Chunk PUTs are gzip-compressed, sent as Anaplan expects
    # (Content-Type: application/x-gzip), and smaller than the raw chunks.
    puts = [r for r in emu.requests(r"/files/%d/chunks/" % SALES_FILE) if r["method"] == "PUT"]
    assert len(puts) == 4 and all(r["status"] < 300 for r in puts)
    assert all(r.get("content_type") == "application/x-gzip" or
               r.get("content_encoding") == "gzip" for r in puts)
    assert sum(r["body_size"] for r in puts) < len(content)
    assert client.get_file(SALES_FILE) == content
    assert client.get_file("Sales.csv", batch_size=3) == content
    pieces = list(client.get_file_stream(SALES_FILE, batch_size=2))
    assert b"".join(pieces) == content and len(pieces) == 4


def test_get_file_first_message_and_bounded_messages(stub, client):
    content = b"".join(deterministic_csv(2 * MIB + 1))
    client.upload_file(EMPLOYEES_FILE, content, chunk_size=MIB)
    msgs = list(stub.GetFile(bulk_pb2.GetFileRequest(
        workspace_id=DEMO_WS, model_id=DEMO_MODEL,
        file=common_pb2.ObjectRef(id=EMPLOYEES_FILE))))
    assert msgs[0].file.id == EMPLOYEES_FILE and msgs[0].file.name == "Employees.csv"
    assert msgs[0].total_size in (len(content), -1)
    offsets = [m.offset for m in msgs]
    assert offsets == sorted(offsets) and offsets[0] == 0
    assert all(len(m.data) <= 4 * MIB for m in msgs)
    assert b"".join(m.data for m in msgs) == content


def test_upload_by_name_str_and_file_object(client, emu, tmp_path):
    text = employees_csv(NEW_EMPLOYEES)
    client.upload_file("Employees.csv", text)
    assert emu.file_info(EMPLOYEES_FILE)["sha256"] == sha256_hex(text.encode())
    path = tmp_path / "sales.csv"
    path.write_bytes(b"Region,Month,Revenue,Units\nNorth,Jan 24,1,2\n")
    with open(path, "rb") as f:
        client.upload_file(SALES_FILE, f)
    assert client.get_file("Sales.csv") == path.read_bytes()


def test_import_adds_rows(client, emu):
    before = emu.list_item_names("Employees")
    client.upload_file(EMPLOYEES_FILE, employees_csv(NEW_EMPLOYEES))
    task = client.run_action("Employees from Employees.csv")
    assert task.task_state == "COMPLETE" and task.successful
    assert not task.failure_dump_available
    after = emu.list_item_names("Employees")
    assert set(after) == set(before) | {n for n, *_ in NEW_EMPLOYEES}
    items = {i["name"]: i for i in emu.list_data("Employees")["items"]}
    assert items["Ivy Chen"]["code"] == "E101"
    assert items["Ivy Chen"]["properties"]["Department"] == "Engineering"


def test_upload_and_import(client, emu):
    before = len(emu.list_item_names("Employees"))
    task = client.upload_and_import(EMPLOYEES_FILE, employees_csv(NEW_EMPLOYEES[:2]),
                                    EMPLOYEES_IMPORT)
    assert task.successful
    assert len(emu.list_item_names("Employees")) == before + 2
    assert emu.file_info(EMPLOYEES_FILE)["complete_calls"] == 1


def test_failed_import_raises_with_task_status_and_dump(client, emu):
    before = emu.list_item_names("Employees")
    client.upload_file(EMPLOYEES_FILE, employees_csv(BAD_EMPLOYEES))
    with pytest.raises(ag.AnaplanActionError) as ei:
        client.run_action(EMPLOYEES_IMPORT)
    err = ei.value
    assert err.code == grpc.StatusCode.ABORTED and err.reason == "ANAPLAN_TASK_FAILED"
    task = err.task_status
    assert task is not None and task.task_state == "COMPLETE"
    assert not task.successful and task.failure_dump_available
    dump = client.get_import_dump("Employees from Employees.csv", task.task_id).decode()
    for name, *_ in BAD_EMPLOYEES:
        assert name in dump
    assert emu.list_item_names("Employees") == before
    # status_only returns the failed status instead of raising.
    status = client.run_action(EMPLOYEES_IMPORT, status_only=True)
    assert not status.successful and status.failure_dump_available


def test_process_failure_and_process_dump(client):
    client.upload_file(EMPLOYEES_FILE, employees_csv(BAD_EMPLOYEES))
    client.upload_file(SALES_FILE, "Region,Month,Revenue,Units\nNorth,Jan 24,1,2\n")
    status = client.run_action("Load Employees and Sales", status_only=True)
    assert status.task_state == "COMPLETE" and not status.successful
    failed = [r for r in status.result.nested_results if r.failure_dump_available]
    assert [int(r.object_id) for r in failed] == [EMPLOYEES_IMPORT]
    dump = client.get_process_dump(LOAD_PROCESS, status.task_id, failed[0].object_id)
    assert b"Bad Salary One" in dump and b"Bad Salary Two" in dump


def _inactive(emu):
    return {i["name"] for i in emu.list_data("Employees")["items"]
            if str(i.get("properties", {}).get("Active", "")).lower() == "false"}


def test_export_and_download_equals_model_data(client, emu):
    # Small server chunks, so the download spans many Anaplan chunks.
    emu.settings(export_chunk_size=200)
    data = client.export_and_download(EMPLOYEES_EXPORT)
    rows = parse_csv(data)
    header, body = rows[0], rows[1:]
    assert header[:3] == ["Employees", "Code", "Parent"]
    items = emu.list_data("Employees")["items"]
    assert [r[:3] for r in body] == [[i["name"], i["code"], i["parent"]] for i in items]
    assert len(data) > 200 * 2
    # The export output file is now downloadable on its own, identical.
    assert client.get_file(EMPLOYEES_EXPORT) == data
    pieces = list(client.get_file_stream(EMPLOYEES_EXPORT))
    assert b"".join(pieces) == data and len(pieces) == -(-len(data) // 200)
    assert b"".join(client.export_and_download_stream("Employees.csv")) == data
    # After a model change, a new export reflects it.
    inactive = _inactive(emu)
    assert "David Brown" in inactive
    client.run_action("Delete Inactive Employees")
    again = parse_csv(client.export_and_download(EMPLOYEES_EXPORT))
    assert len(again) == len(rows) - len(inactive)
    assert not inactive & {r[0] for r in again}


def test_sales_export_has_every_cell(client, emu):
    rows = parse_csv(client.export_and_download(SALES_EXPORT))
    assert rows[0] == ["Region", "Month", "Revenue", "Units"]
    assert ["North", "Jan 24"] in [r[:2] for r in rows[1:]]
    module = emu.module_data("Sales")
    cells = module.get("cells") if isinstance(module, dict) else None
    if cells is not None:
        assert len(rows) - 1 == len(cells)


def test_delete_file(client, emu):
    client.upload_file(SALES_FILE, b"Region,Month,Revenue,Units\n")
    assert emu.file_info(SALES_FILE)["size"] > 0
    client.delete_file("Sales.csv")
    info = emu.file_info(SALES_FILE)
    assert info["size"] == 0 and info["chunks_present"] == []
    assert SALES_FILE in [f.id for f in client.get_files()]


def test_allow_file_creation(client):
    # Without allow_file_creation an unknown id is refused before any upload.
    with pytest.raises((ag.InvalidIdentifierError, ag.InvalidArgumentError)):
        client.upload_file(114000000077, b"x,y\n")
    resp = client.upload_file(114000000077, b"x,y\n1,2\n", allow_file_creation=True)
    assert resp.file_created and resp.file_id > 0
    assert client.get_file(resp.file_id) == b"x,y\n1,2\n"


def test_upload_without_header_is_invalid_argument(stub, emu):
    with pytest.raises(grpc.RpcError) as ei:
        stub.UploadFile(iter([bulk_pb2.UploadFileRequest(data=b"abc"),
                              bulk_pb2.UploadFileRequest(data=b"def")]))
    assert ei.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert ag.from_rpc_error(ei.value).__class__ is ag.InvalidArgumentError
    with pytest.raises(grpc.RpcError) as ei:
        stub.UploadFile(iter([]))
    assert ei.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert [r for r in emu.requests("/files/") if r["method"] in ("PUT", "POST")] == []


def test_expected_checksum_mismatch_is_data_loss(client, emu):
    before = emu.file_info(SALES_FILE)
    with pytest.raises(ag.DataLossError):
        client.upload_file(SALES_FILE, b"abc", expected_sha256="0" * 64)
    after = emu.file_info(SALES_FILE)
    assert after["complete_calls"] == before["complete_calls"]


def test_cancelled_upload_never_completes_the_file(stub, client, emu):
    original = b"Region,Month,Revenue,Units\nNorth,Jan 24,1,2\n"
    client.upload_file(SALES_FILE, original)
    before = emu.file_info(SALES_FILE)
    assert before["complete_calls"] == 1
    release = threading.Event()

    def requests():
        yield bulk_pb2.UploadFileRequest(header=bulk_pb2.UploadHeader(
            workspace_id=DEMO_WS, model_id=DEMO_MODEL,
            file=common_pb2.ObjectRef(id=SALES_FILE), chunk_size=MIB))
        for block in deterministic_csv(3 * MIB):
            for off in range(0, len(block), 256 * 1024):
                yield bulk_pb2.UploadFileRequest(data=block[off:off + 256 * 1024])
        release.wait(60)  # hold the stream open, never finish it

    future = stub.UploadFile.future(requests())
    try:
        wait_until(lambda: emu.file_info(SALES_FILE)["chunk_put_attempts"] >=
                   before["chunk_put_attempts"] + 1, what="a chunk PUT of the new upload")
        future.cancel()
        with pytest.raises(grpc.FutureCancelledError):
            future.result(timeout=10)
    finally:
        release.set()
    # Give the service time to (wrongly) complete the file, then check it did not.
    time.sleep(1.0)
    after = emu.file_info(SALES_FILE)
    assert after["complete_calls"] == before["complete_calls"]
    # Anaplan's protocol clears a file when an upload starts (POST chunkCount
    # -1), so "unchanged" means: the upload was never completed, whatever
    # chunks arrived before the cancel reached the service.
    assert after["chunkCount"] == -1
    # And an import reading the file sees an unfinished upload, not data.
    with pytest.raises(ag.AnaplanActionError):
        client.run_action(SALES_IMPORT)
    completes = [r for r in emu.requests("/files/%d/complete" % SALES_FILE)
                 if r["method"] == "POST"]
    assert len(completes) == 1  # the first upload's only
