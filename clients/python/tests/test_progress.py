"""Progress callbacks and transfer checks of the sync Client."""

import io

import pytest

from anaplan.v1 import bulk_pb2, common_pb2
from anaplan_grpc import AnaplanActionError, DataLossError, MESSAGE_SIZE

from test_client import _chunks


def test_upload_progress_reports_known_totals(fake_client, fake, tmp_path):
    data = b"q" * (2 * MESSAGE_SIZE + 10)
    path = tmp_path / "d.bin"
    path.write_bytes(data)
    f = open(path, "rb")
    f.read(10)  # a file object uploads from its position
    for content, total in ((data, len(data)), (path, len(data)), (f, len(data) - 10),
                           ("ascii text", 10), ("näive", None)):
        seen = []
        fake_client.upload_file(1, content, on_progress=lambda d, t: seen.append((d, t)))
        size = sum(len(r.data) for r in fake.last("UploadFile")[1:])
        assert seen[-1] == (size, size)
        assert all(t == total for _, t in seen[:-1]), (content, seen)
        assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    f.close()
    seen = []
    fake_client.upload_file_stream(1, iter([data]), expected_size=len(data),
                                   on_progress=lambda d, t: seen.append((d, t)))
    assert seen[0] == (MESSAGE_SIZE, len(data)) and seen[-1] == (len(data), len(data))
    seen = []
    fake_client.upload_and_import(1, data, 2, on_progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (len(data), len(data))


def test_upload_verifies_size_and_checksum(fake_client, fake):
    fake.replies["UploadFile"] = lambda reqs, ctx: bulk_pb2.UploadFileResponse(
        bytes_received=2)
    with pytest.raises(DataLossError, match="received 2 bytes, 3 were sent"):
        fake_client.upload_file(1, b"abc")
    import hashlib
    fake.replies["UploadFile"] = lambda reqs, ctx: bulk_pb2.UploadFileResponse(
        bytes_received=3, sha256=hashlib.sha256(b"abc").hexdigest())
    assert fake_client.upload_file(1, b"abc").bytes_received == 3


def test_download_progress_files_and_checks(fake_client, fake, tmp_path):
    fake.replies["GetFile"] = _chunks([(0, b"a" * 700), (1, b"b" * 300)])
    seen = []
    assert fake_client.download_file(1, tmp_path / "x", on_progress=lambda d, t: seen.append(
        (d, t))) == 1000
    assert (tmp_path / "x").read_bytes() == b"a" * 700 + b"b" * 300
    assert seen == [(700, 1000), (1000, 1000), (1000, 1000)]
    fake.replies["ExportAndDownload"] = [
        bulk_pb2.ExportAndDownloadResponse(task=common_pb2.TaskStatus(task_id="E")),
        *[bulk_pb2.ExportAndDownloadResponse(chunk=c) for c in _chunks([(0, b"h\n"), (0, b"1\n")])]]
    buf, seen = io.BytesIO(), []
    assert fake_client.export_and_download_file(
        116000000000, buf, on_progress=lambda d, t: seen.append((d, t))) == 4
    assert buf.getvalue() == b"h\n1\n" and seen[-1] == (4, 4)
    gap = _chunks([(0, b"ab"), (0, b"cd")])
    gap[1].offset = 5
    fake.replies["GetFile"] = gap
    with pytest.raises(DataLossError, match="offset 5, expected 2"):
        fake_client.get_file(1)


def test_run_action_progress_and_outcome(fake_client, fake):
    fake.replies["RunAction"] = bulk_pb2.RunActionResponse(
        task=common_pb2.TaskStatus(task_id="T", action_id=117000000000,
                                   task_state=common_pb2.TASK_STATE_IN_PROGRESS))
    fake.replies["WatchTask"] = [common_pb2.TaskStatus(
        task_id="T", action_id=117000000000, task_state=common_pb2.TASK_STATE_CANCELLED)]
    seen = []
    with pytest.raises(AnaplanActionError) as e:
        fake_client.run_action("Delete", on_progress=seen.append)
    assert e.value.reason == "ANAPLAN_TASK_CANCELLED"
    assert [s.task_state for s in seen] == ["IN_PROGRESS", "CANCELLED"]
    fake.replies["WatchTask"] = [common_pb2.TaskStatus(
        task_id="T", task_state=common_pb2.TASK_STATE_COMPLETE,
        result=common_pb2.TaskResult(successful=True))]
    assert fake_client.run_action("Delete", on_progress=seen.append).successful
    # Without a callback the wait stays in the service (one unary call).
    fake.calls.clear()
    fake_client.run_action("Delete")
    assert [n for n, _ in fake.calls] == ["RunAction"]
