"""Request building of anaplan_grpc.Client, against the in-process fake."""

import hashlib
import io

import pytest

from anaplan.v1 import bulk_pb2, common_pb2
from anaplan_grpc import MESSAGE_SIZE, Client, TaskStatus

from fake_bulk import MODEL, WS


def test_model_scoped_calls_carry_ids_and_defaults(fake_client, fake):
    fake.replies["GetFiles"] = bulk_pb2.GetFilesResponse(
        files=[bulk_pb2.File(id=113000000000, name="Employees.csv")])
    files = fake_client.get_files()
    assert [f.name for f in files] == ["Employees.csv"]
    req = fake.last("GetFiles")
    assert (req.workspace_id, req.model_id) == (WS, MODEL)
    assert req.sort_by == "id" and req.descending is False  # the SDK's default
    for method in ("get_actions", "get_processes", "get_imports", "get_exports"):
        getattr(fake_client, method)(sort_by="name", descending=True)
    for name in ("GetActions", "GetProcesses", "GetImports", "GetExports"):
        req = fake.last(name)
        assert (req.workspace_id, req.model_id, req.sort_by, req.descending) == (
            WS, MODEL, "name", True)


def test_missing_ids_raise_value_error_locally(fake_server, fake):
    _, target = fake_server
    with Client(target) as c:
        with pytest.raises(ValueError):
            c.get_files()
        with pytest.raises(ValueError):
            c.run_action(117000000000)
        with pytest.raises(ValueError):
            c.upload_file(113000000000, b"x")
        with pytest.raises(ValueError):
            c.get_workspace()
        with pytest.raises(ValueError):
            c.get_model()
        with pytest.raises(ValueError):
            c.get_models(only_in_workspace=True)
        with pytest.raises(ValueError):
            list(c.get_file_stream(1))
        with Client(target, WS) as only_ws:
            with pytest.raises(ValueError):
                only_ws.get_imports()
    assert fake.calls == []


def test_with_model_shares_channel_and_overrides_ids(fake_server, fake):
    _, target = fake_server
    with Client(target, WS) as c:
        m = c.with_model("M2")
        assert m.channel is c.channel
        assert (m.workspace_id, m.model_id) == (WS, "M2")
        m.get_files()
        assert fake.last("GetFiles").model_id == "M2"
        other = m.with_model(workspace_id="W2")
        assert (other.workspace_id, other.model_id) == ("W2", "M2")
        m.close()  # does not close the shared channel
        c.get_workspaces()
        assert fake.last("GetWorkspaces") == bulk_pb2.GetWorkspacesRequest()


def test_workspace_and_model_listing_requests(fake_client, fake):
    fake_client.get_workspaces(search_pattern="demo", sort_by="name", descending=True)
    assert fake.last("GetWorkspaces") == bulk_pb2.GetWorkspacesRequest(
        search_pattern="demo", sort_by="name", descending=True)
    fake_client.get_models()
    assert fake.last("GetModels").workspace_id == ""
    fake_client.get_models(only_in_workspace=True)
    assert fake.last("GetModels").workspace_id == WS
    fake_client.get_models(only_in_workspace="OTHER", search_pattern="x", sort_by="name")
    req = fake.last("GetModels")
    assert (req.workspace_id, req.search_pattern, req.sort_by) == ("OTHER", "x", "name")
    fake_client.get_workspace()
    assert fake.last("GetWorkspace").workspace_id == WS
    fake_client.get_model("XYZ")
    assert fake.last("GetModel").model_id == "XYZ"
    fake_client.delete_models(["A", "B"])
    assert fake.last("DeleteModels") == bulk_pb2.DeleteModelsRequest(
        workspace_id=WS, model_ids=["A", "B"])


def test_refs_by_id_and_by_name(fake_client, fake):
    fake_client.get_import_metadata(112000000000)
    assert getattr(fake.last("GetImportMetadata"), "import") == common_pb2.ObjectRef(
        id=112000000000)
    fake_client.get_export_metadata("Sales.csv")
    assert fake.last("GetExportMetadata").export == common_pb2.ObjectRef(name="Sales.csv")
    fake_client.get_process_metadata("Load Employees and Sales", show_import_data_source=True)
    req = fake.last("GetProcessMetadata")
    assert req.process.name == "Load Employees and Sales" and req.show_import_data_source
    with pytest.raises(TypeError):
        fake_client.get_import_metadata(None)
    with pytest.raises(TypeError):
        fake_client.get_import_metadata(True)


def test_run_action_defaults_and_task_status(fake_client, fake):
    task = fake_client.run_action("Delete Inactive Employees")
    req = fake.last("RunAction")
    assert req.action.name == "Delete Inactive Employees"
    assert req.HasField("wait_for_completion") and req.wait_for_completion is True
    assert not req.status_only and not req.HasField("poll_interval")
    assert isinstance(task, TaskStatus)
    assert task.task_state == "COMPLETE" and task.successful and task.done
    assert task.id == task.task_id == "T1"
    fake_client.run_action(117000000000, wait_for_completion=False, poll_interval=0.25)
    req = fake.last("RunAction")
    assert req.action.id == 117000000000
    assert req.HasField("wait_for_completion") and req.wait_for_completion is False
    assert req.poll_interval.ToMilliseconds() == 250


def test_task_methods(fake_client, fake):
    fake.replies["GetTaskSummaries"] = bulk_pb2.GetTaskSummariesResponse(tasks=[
        common_pb2.TaskSummary(task_id="A", task_state=common_pb2.TASK_STATE_IN_PROGRESS),
        common_pb2.TaskSummary(task_id="B", task_state_name="WEIRD")])
    summaries = fake_client.get_task_summaries(112000000000)
    assert [(s.id, s.task_state) for s in summaries] == [("A", "IN_PROGRESS"), ("B", "WEIRD")]
    assert fake_client.get_task_status(112000000000, "A").task_id == "T1"
    req = fake.last("GetTaskStatus")
    assert (req.action.id, req.task_id, req.model_id) == (112000000000, "A", MODEL)
    fake_client.cancel_task("Sales from Sales.csv", "A")
    assert fake.last("CancelTask").action.name == "Sales from Sales.csv"
    fake.replies["WatchTask"] = [
        common_pb2.TaskStatus(task_id="A", task_state=common_pb2.TASK_STATE_NOT_STARTED),
        common_pb2.TaskStatus(task_id="A", task_state=common_pb2.TASK_STATE_IN_PROGRESS,
                              progress=0.5),
        common_pb2.TaskStatus(task_id="A", task_state=common_pb2.TASK_STATE_COMPLETE,
                              result=common_pb2.TaskResult(successful=False,
                                                           failure_dump_available=True))]
    states = list(fake_client.watch_task(112000000000, "A"))
    assert [s.task_state for s in states] == ["NOT_STARTED", "IN_PROGRESS", "COMPLETE"]
    assert states[-1].failure_dump_available and not states[-1].successful


def test_dumps_and_logs_are_joined(fake_client, fake):
    fake.replies["GetImportDump"] = [common_pb2.DataChunk(data=b"a,b\n"),
                                     common_pb2.DataChunk(data=b"1,2\n")]
    assert fake_client.get_import_dump(112000000000, "T") == b"a,b\n1,2\n"
    fake.replies["GetProcessDump"] = [common_pb2.DataChunk(data=b"x")]
    assert fake_client.get_process_dump(118000000000, "T", "112000000000") == b"x"
    assert fake.last("GetProcessDump").object_id == 112000000000
    fake.replies["GetOptimizerLog"] = [common_pb2.DataChunk(data=b"log")]
    assert fake_client.get_optimizer_log(117000000001, "T") == b"log"
    assert fake.last("GetOptimizerLog").action.id == 117000000001


def _chunks(parts):
    out, off = [], 0
    for i, (idx, data) in enumerate(parts):
        msg = bulk_pb2.FileChunk(data=data, offset=off, chunk_index=idx)
        if i == 0:
            msg.file.id = 113000000000
            msg.total_size = sum(len(d) for _, d in parts)
        out.append(msg)
        off += len(data)
    return out


def test_get_file_and_stream_grouped_by_anaplan_chunk(fake_client, fake):
    fake.replies["GetFile"] = _chunks([(0, b"ab"), (0, b"cd"), (1, b"ef"), (2, b"g")])
    assert fake_client.get_file(113000000000) == b"abcdefg"
    assert fake.last("GetFile").batch_size == 0
    assert list(fake_client.get_file_stream("Employees.csv")) == [b"abcd", b"ef", b"g"]
    req = fake.last("GetFile")
    assert req.file.name == "Employees.csv" and req.batch_size == 1


def _check_upload(reqs, expected: bytes, file_ref, chunk_size=25_000_000):
    assert reqs[0].WhichOneof("message") == "header"
    h = reqs[0].header
    assert (h.workspace_id, h.model_id) == (WS, MODEL)
    assert h.file == file_ref
    assert h.chunk_size == chunk_size
    assert all(r.WhichOneof("message") == "data" for r in reqs[1:])
    sizes = [len(r.data) for r in reqs[1:]]
    assert all(0 < s <= MESSAGE_SIZE for s in sizes)
    assert all(s == MESSAGE_SIZE for s in sizes[:-1])
    assert b"".join(r.data for r in reqs[1:]) == expected
    assert all(r.ByteSize() <= MESSAGE_SIZE + 16 for r in reqs[1:])


def test_upload_bytes_in_256k_messages_header_first(fake_client, fake):
    content = bytes(range(256)) * 5000  # 1.28 MB, not a multiple of 256 KiB
    resp = fake_client.upload_file(113000000000, content)
    assert resp.bytes_received == len(content)
    reqs = fake.last("UploadFile")
    _check_upload(reqs, content, common_pb2.ObjectRef(id=113000000000))
    assert len(reqs) == 1 + 5
    h = reqs[0].header
    assert not h.allow_file_creation and not h.HasField("expected_size")


def test_upload_str_file_object_and_options(fake_client, fake):
    text = "Name,Städte\n" + "Zoë,Köln\n" * 70000
    fake_client.upload_file("Employees.csv", text, chunk_size=1_000_000, allow_file_creation=True)
    reqs = fake.last("UploadFile")
    _check_upload(reqs, text.encode("utf-8"), common_pb2.ObjectRef(name="Employees.csv"),
                  1_000_000)
    assert reqs[0].header.allow_file_creation
    data = b"x" * (3 * MESSAGE_SIZE + 7)
    fake_client.upload_file(113000000001, io.BytesIO(data), expected_size=len(data),
                       expected_sha256=hashlib.sha256(data).hexdigest())
    reqs = fake.last("UploadFile")
    _check_upload(reqs, data, common_pb2.ObjectRef(id=113000000001))
    assert reqs[0].header.expected_size == len(data)
    assert reqs[0].header.expected_sha256 == hashlib.sha256(data).hexdigest()
    fake_client.upload_file(113000000001, b"")
    assert len(fake.last("UploadFile")) == 1


def test_upload_stream_coalesces_and_splits(fake_client, fake):
    items = [b"a" * 10, "ü" * 3, b"b" * (MESSAGE_SIZE * 2 + 5), b"", b"c"]
    expected = b"".join(i.encode() if isinstance(i, str) else i for i in items)
    fake_client.upload_file_stream(113000000000, iter(items))
    _check_upload(fake.last("UploadFile"), expected, common_pb2.ObjectRef(id=113000000000))


def test_client_defaults_apply_to_uploads(fake_server, fake):
    _, target = fake_server
    with Client(target, WS, MODEL, upload_chunk_size=5_000_000,
                allow_file_creation=True) as c:
        c.upload_file(1, b"abc")
    h = fake.last("UploadFile")[0].header
    assert h.chunk_size == 5_000_000 and h.allow_file_creation


def test_request_iterator_error_reaches_caller(fake_client, fake):
    class Broken(io.RawIOBase):
        def __init__(self):
            self.n = 0

        def readable(self):
            return True

        def read(self, size=-1):
            self.n += 1
            if self.n > 2:
                raise OSError("disk on fire")
            return b"z" * 1000

    with pytest.raises(OSError, match="disk on fire"):
        fake_client.upload_file(113000000000, Broken())
    with pytest.raises(TypeError):
        fake_client.upload_file_stream(113000000000, [b"ok", 42])


def test_upload_and_import_header_then_data(fake_client, fake):
    task = fake_client.upload_and_import(113000000000, "a,b\n1,2\n", "Employees from Employees.csv")
    assert task.successful
    reqs = fake.last("UploadAndImport")
    h = reqs[0].header
    assert h.upload.file.id == 113000000000 and h.upload.chunk_size == 25_000_000
    assert (h.upload.workspace_id, h.upload.model_id) == (WS, MODEL)
    assert h.action.name == "Employees from Employees.csv"
    assert h.HasField("wait_for_completion") and h.wait_for_completion
    assert b"".join(r.data for r in reqs[1:]) == b"a,b\n1,2\n"
    fake_client.upload_and_import(113000000000, [b"x", "y"], 112000000000,
                             wait_for_completion=False)
    reqs = fake.last("UploadAndImport")
    assert reqs[0].header.wait_for_completion is False
    assert b"".join(r.data for r in reqs[1:]) == b"xy"


def test_export_and_download(fake_client, fake):
    fake.replies["ExportAndDownload"] = [
        bulk_pb2.ExportAndDownloadResponse(task=common_pb2.TaskStatus(task_id="E")),
        *[bulk_pb2.ExportAndDownloadResponse(chunk=c)
          for c in _chunks([(0, b"h1,h2\n"), (0, b"1,2\n"), (1, b"3,4\n")])]]
    assert fake_client.export_and_download(116000000000) == b"h1,h2\n1,2\n3,4\n"
    assert fake.last("ExportAndDownload").action.id == 116000000000
    assert list(fake_client.export_and_download_stream("Sales.csv")) == [
        b"h1,h2\n", b"1,2\n", b"3,4\n"]


def test_delete_file(fake_client, fake):
    assert fake_client.delete_file("Sales.csv") is None
    assert fake.last("DeleteFile").file.name == "Sales.csv"


def test_metadata_and_timeout_are_sent(fake_server, fake):
    _, target = fake_server
    seen = {}

    def reply(request, context):
        seen.update(dict(context.invocation_metadata()))
        seen["remaining"] = context.time_remaining()
        return bulk_pb2.GetWorkspacesResponse()
    fake.replies["GetWorkspaces"] = reply
    with Client(target, metadata=[("authorization", "AnaplanAuthToken abc")],
                timeout=5) as c:
        c.get_workspaces()
    assert seen["authorization"] == "AnaplanAuthToken abc"
    assert 0 < seen["remaining"] <= 5.5


def test_breaking_out_of_a_stream_cancels_it(fake_client, fake):
    import threading
    stopped = threading.Event()

    def endless(request, context):
        context.add_callback(stopped.set)

        def gen():
            i = 0
            while context.is_active():
                yield bulk_pb2.FileChunk(data=b"x" * 1000, chunk_index=i // 10,
                                         offset=i * 1000)
                i += 1
        return gen()
    fake.replies["GetFile"] = endless
    stream = fake_client.get_file_stream(113000000000)
    next(stream)
    stream.close()
    assert stopped.wait(5)
