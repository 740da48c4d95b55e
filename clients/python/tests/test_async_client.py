"""anaplan_grpc.AsyncClient against the in-process fake BulkService."""

import asyncio
import io
import threading

import grpc
import pytest

from anaplan.v1 import bulk_pb2, common_pb2
from anaplan_grpc import (AnaplanActionError, AsyncClient, DataLossError,
                          InvalidIdentifierError, MESSAGE_SIZE, TaskStatus)

from fake_bulk import MODEL, WS, rich_abort
from test_client import _check_upload, _chunks


def run(fake_server, body, **kw):
    """Runs body(client) in a fresh event loop with an AsyncClient on the fake."""
    _, target = fake_server

    async def main():
        async with AsyncClient(target, WS, MODEL, timeout=10, **kw) as c:
            return await body(c)
    return asyncio.run(main())


def test_built_outside_a_loop_and_same_names_as_the_sync_client(fake_server, fake):
    from anaplan_grpc import Client
    sync_names = {n for n in dir(Client) if not n.startswith("_")}
    async_names = {n for n in dir(AsyncClient) if not n.startswith("_")}
    assert sync_names == async_names
    _, target = fake_server
    client = AsyncClient(target, WS, MODEL)  # no running loop: the channel is lazy
    fake.replies["GetFiles"] = bulk_pb2.GetFilesResponse(files=[bulk_pb2.File(id=7, name="f")])

    async def main():
        files = await client.get_files(sort_by="name", descending=True)
        other = client.with_model("M2")
        assert other.channel is client.channel
        await other.get_imports()
        await client.close()
        return files
    assert [f.name for f in asyncio.run(main())] == ["f"]
    req = fake.last("GetFiles")
    assert (req.workspace_id, req.model_id, req.sort_by, req.descending) == (
        WS, MODEL, "name", True)
    assert fake.last("GetImports").model_id == "M2"


def test_missing_ids_raise_value_error_locally(fake_server, fake):
    async def body(c):
        with pytest.raises(ValueError):
            await c.with_model("", "").get_files()
        with pytest.raises(ValueError):
            await c.with_model("", "").upload_file(1, b"x")
    run(fake_server, body)
    assert fake.calls == []


def test_errors_are_translated(fake_server, fake):
    fake.replies["GetFile"] = lambda req, ctx: rich_abort(
        ctx, grpc.StatusCode.NOT_FOUND, "no file 9", reason="ANAPLAN_NOT_FOUND")
    fake.replies["RunAction"] = lambda req, ctx: rich_abort(
        ctx, grpc.StatusCode.ABORTED, "failed", reason="ANAPLAN_TASK_FAILED")

    async def body(c):
        with pytest.raises(InvalidIdentifierError) as e:
            await c.get_file(9)
        assert e.value.reason == "ANAPLAN_NOT_FOUND"
        with pytest.raises(AnaplanActionError):
            await c.run_action(112000000000)
    run(fake_server, body)


def test_streams_are_async_iterators(fake_server, fake):
    fake.replies["GetFile"] = _chunks([(0, b"ab"), (0, b"cd"), (1, b"ef")])
    fake.replies["WatchTask"] = [
        common_pb2.TaskStatus(task_id="T", task_state=common_pb2.TASK_STATE_IN_PROGRESS),
        common_pb2.TaskStatus(task_id="T", task_state=common_pb2.TASK_STATE_COMPLETE,
                              result=common_pb2.TaskResult(successful=True))]
    fake.replies["GetImportDump"] = [common_pb2.DataChunk(data=b"a"),
                                     common_pb2.DataChunk(data=b"b")]

    async def body(c):
        pieces = [p async for p in c.get_file_stream("Employees.csv")]
        states = [s.task_state async for s in c.watch_task(112000000000, "T")]
        return pieces, states, await c.get_import_dump(112000000000, "T")
    assert run(fake_server, body) == ([b"abcd", b"ef"], ["IN_PROGRESS", "COMPLETE"], b"ab")


def test_uploads_from_bytes_async_iterables_readers_and_paths(fake_server, fake, tmp_path):
    data = bytes(range(256)) * 3000  # 768,000 bytes

    async def agen():
        for off in range(0, len(data), 100_000):
            await asyncio.sleep(0)
            yield data[off:off + 100_000]

    class AsyncReader:
        def __init__(self):
            self.f = io.BytesIO(data)

        async def read(self, n=-1):
            return self.f.read(n)

    path = tmp_path / "upload.bin"
    path.write_bytes(data)
    progress = []

    async def body(c):
        for content in (data, agen(), AsyncReader(), path, open(path, "rb"), [data[:5], data[5:]]):
            resp = await c.upload_file(113000000000, content)
            assert resp.bytes_received == len(data)
            _check_upload(fake.last("UploadFile"), data, common_pb2.ObjectRef(id=113000000000))
        await c.upload_file_stream("Sales.csv", agen(),
                                   on_progress=lambda d, t: progress.append((d, t)))
        task = await c.upload_and_import(113000000000, agen(), "Employees from Employees.csv")
        assert isinstance(task, TaskStatus) and task.successful
    run(fake_server, body)
    reqs = fake.last("UploadAndImport")
    assert b"".join(r.data for r in reqs[1:]) == data
    assert progress[-1] == (len(data), len(data))
    assert [d for d, _ in progress[:-1]] == sorted(d for d, _ in progress[:-1])
    assert all(t is None for _, t in progress[:-1])  # an async iterable has no known size


def test_upload_checks_what_the_service_received(fake_server, fake):
    fake.replies["UploadFile"] = lambda reqs, ctx: bulk_pb2.UploadFileResponse(
        bytes_received=3, sha256="00" * 32)

    async def body(c):
        with pytest.raises(DataLossError, match="SHA-256"):
            await c.upload_file(1, b"abc")
        await c.upload_file(1, b"abc", verify=False)
    run(fake_server, body)


def test_downloads_to_paths_writers_and_progress(fake_server, fake, tmp_path):
    fake.replies["GetFile"] = _chunks([(0, b"x" * 1000), (1, b"y" * 500)])
    fake.replies["ExportAndDownload"] = [
        bulk_pb2.ExportAndDownloadResponse(task=common_pb2.TaskStatus(task_id="E")),
        *[bulk_pb2.ExportAndDownloadResponse(chunk=ch) for ch in _chunks([(0, b"h\n1\n")])]]

    class AsyncSink:
        def __init__(self):
            self.parts = []

        async def write(self, b):
            self.parts.append(b)

    seen = []

    async def body(c):
        n = await c.download_file(113000000000, tmp_path / "out.bin",
                                  on_progress=lambda d, t: seen.append((d, t)))
        sink = AsyncSink()
        await c.export_and_download_file(116000000000, sink)
        buf = io.BytesIO()
        await c.download_file(113000000000, buf)
        chunks = [d async for d in c.export_and_download_stream(116000000000)]
        return n, sink.parts, buf.getvalue(), chunks, await c.export_and_download(116000000000)
    n, parts, raw, chunks, whole = run(fake_server, body)
    assert n == 1500 and (tmp_path / "out.bin").read_bytes() == b"x" * 1000 + b"y" * 500
    assert raw == b"x" * 1000 + b"y" * 500
    assert b"".join(parts) == b"h\n1\n" and chunks == [b"h\n1\n"] and whole == b"h\n1\n"
    assert seen == [(1000, 1500), (1500, 1500), (1500, 1500)]


def test_short_download_is_data_loss(fake_server, fake):
    chunks = _chunks([(0, b"ab"), (0, b"cd")])
    chunks[0].total_size = 10
    fake.replies["GetFile"] = chunks

    async def body(c):
        with pytest.raises(DataLossError, match="after 4 of 10"):
            await c.get_file(1)
    run(fake_server, body)


def test_run_action_reports_task_progress(fake_server, fake):
    def status(state, progress, ok=None):
        msg = common_pb2.TaskStatus(task_id="T", action_id=112000000000, task_state=state,
                                    progress=progress)
        if ok is not None:
            msg.result.successful = ok
        return msg
    fake.replies["RunAction"] = bulk_pb2.RunActionResponse(
        task=status(common_pb2.TASK_STATE_NOT_STARTED, 0))
    fake.replies["WatchTask"] = [status(common_pb2.TASK_STATE_IN_PROGRESS, 0.5),
                                 status(common_pb2.TASK_STATE_COMPLETE, 1, ok=False)]
    seen = []

    async def body(c):
        with pytest.raises(AnaplanActionError) as e:
            await c.run_action("Employees from Employees.csv", on_progress=seen.append)
        assert e.value.task_status.task_id == "T"
        return await c.run_action(112000000000, status_only=True,
                                  on_progress=lambda s: None)
    last = run(fake_server, body)
    assert [(s.task_state, s.progress) for s in seen] == [
        ("NOT_STARTED", 0), ("IN_PROGRESS", 0.5), ("COMPLETE", 1)]
    assert last.task_state == "COMPLETE" and not last.successful
    assert fake.last("RunAction").HasField("wait_for_completion")
    assert fake.last("RunAction").wait_for_completion is False
    assert fake.last("WatchTask").action.id == 112000000000


def test_task_cancel_cancels_an_upload_rpc(fake_server, fake):
    async def body(c):
        started = asyncio.Event()

        async def endless():
            while True:
                started.set()
                yield b"z" * MESSAGE_SIZE
                await asyncio.sleep(0.01)
        task = asyncio.ensure_future(c.upload_file(113000000000, endless()))
        await started.wait()
        await asyncio.sleep(0.2)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    run(fake_server, body)
    # The client never ends its request stream: only a cancelled RPC ends the
    # server's iteration before the 10 s deadline.
    assert fake.stream_ended.wait(5)
    name, reqs = fake.calls[-1]
    assert name in ("UploadFile:cancelled", "UploadFile"), name
    assert reqs[0].WhichOneof("message") == "header" and len(reqs) > 1


def test_task_cancel_cancels_a_server_stream(fake_server, fake):
    stopped = threading.Event()

    def endless(request, context):
        context.add_callback(stopped.set)

        def gen():
            i = 0
            while context.is_active():
                yield bulk_pb2.FileChunk(data=b"x" * 1000, offset=i * 1000)
                i += 1
        return gen()
    fake.replies["GetFile"] = endless

    async def body(c):
        task = asyncio.ensure_future(c.download_file(1, io.BytesIO()))
        await asyncio.sleep(0.3)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    run(fake_server, body)
    assert stopped.wait(5)


def test_request_iterator_error_reaches_caller(fake_server, fake):
    async def broken():
        yield b"a" * 10
        raise OSError("disk on fire")

    async def body(c):
        with pytest.raises(OSError, match="disk on fire"):
            await c.upload_file(1, broken())
        with pytest.raises(TypeError):
            await c.upload_file_stream(1, [b"ok", 42])
    run(fake_server, body)


def test_async_rebuffer_matches_the_sync_one():
    import random
    from anaplan_grpc._aio_io import arebuffer
    from anaplan_grpc._io import rebuffer

    async def agen(items):
        for i in items:
            yield i

    async def main():
        r = random.Random(7)
        for _ in range(300):
            items = [bytes([r.randrange(256)]) * r.choice([0, 1, 5, 16, 17, 33, 64])
                     for _ in range(r.randrange(12))]
            if r.random() < 0.3:
                items.append("ü" * r.randrange(20))
            got = [p async for p in arebuffer(agen(items), 16)]
            assert got == list(rebuffer(items, 16)), items
    asyncio.run(main())
