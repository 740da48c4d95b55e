"""Server-side caps on per-request transfer tuning (issue 3, "Bad input").

chunk_size, parallelism and batch_size decide how much one transfer makes
the service hold ((2P + 1) chunks for an upload, (B + 1) for a download), so
values outside the documented bounds (service/request_validation.h:
chunk_size <= 50,000,000, parallelism <= 16, batch_size <= 16, none
negative) are INVALID_ARGUMENT with a BadRequest naming the field, before any
Anaplan call. Values at the bounds are accepted.
"""

import grpc
import pytest

from anaplan.v1 import bulk_pb2, common_pb2
from anaplan_grpc.errors import from_rpc_error
from e2e_support import DEMO_MODEL, DEMO_WS, EMPLOYEES_EXPORT, EMPLOYEES_IMPORT, SALES_FILE

MAX_CHUNK, MAX_PARALLELISM, MAX_BATCH = 50_000_000, 16, 16


def _header(**kw):
    return bulk_pb2.UploadHeader(workspace_id=DEMO_WS, model_id=DEMO_MODEL,
                                 file=common_pb2.ObjectRef(id=SALES_FILE), **kw)


def _upload(stub, header, data=b"Region,Month\n"):
    return stub.UploadFile(iter([bulk_pb2.UploadFileRequest(header=header),
                                 bulk_pb2.UploadFileRequest(data=data)]), timeout=30)


def _invalid(call, field):
    with pytest.raises(grpc.RpcError) as ei:
        call()
    err = from_rpc_error(ei.value)
    assert err.code == grpc.StatusCode.INVALID_ARGUMENT, (err.code, err.details)
    assert [f for f, _ in err.field_violations] == [field], err.field_violations
    assert field in err.details


@pytest.mark.parametrize("fields,name", [
    (dict(chunk_size=MAX_CHUNK + 1), "header.chunk_size"),
    (dict(chunk_size=1 << 40), "header.chunk_size"),
    (dict(chunk_size=-1), "header.chunk_size"),
    (dict(parallelism=MAX_PARALLELISM + 1), "header.parallelism"),
    (dict(parallelism=1_000_000), "header.parallelism"),
    (dict(parallelism=-3), "header.parallelism"),
])
def test_upload_tuning_outside_bounds_is_invalid_argument(stub, emu, fields, name):
    _invalid(lambda: _upload(stub, _header(**fields)), name)
    assert [r for r in emu.requests("/files/") if r["method"] in ("PUT", "POST")] == []


def test_upload_and_import_names_the_nested_field(stub, emu):
    def msgs():
        yield bulk_pb2.UploadAndImportRequest(header=bulk_pb2.UploadAndImportHeader(
            upload=_header(parallelism=MAX_PARALLELISM + 1),
            action=common_pb2.ObjectRef(id=EMPLOYEES_IMPORT)))
        yield bulk_pb2.UploadAndImportRequest(data=b"x\n")

    _invalid(lambda: stub.UploadAndImport(msgs(), timeout=30), "header.upload.parallelism")
    assert emu.tasks().get("counts", {}).get(str(EMPLOYEES_IMPORT), 0) == 0


@pytest.mark.parametrize("batch", [MAX_BATCH + 1, 10_000, -1])
def test_download_batch_outside_bounds_is_invalid_argument(stub, emu, batch):
    def get_file():
        return list(stub.GetFile(bulk_pb2.GetFileRequest(
            workspace_id=DEMO_WS, model_id=DEMO_MODEL,
            file=common_pb2.ObjectRef(id=SALES_FILE), batch_size=batch), timeout=30))

    def export():
        return list(stub.ExportAndDownload(bulk_pb2.ExportAndDownloadRequest(
            workspace_id=DEMO_WS, model_id=DEMO_MODEL,
            action=common_pb2.ObjectRef(id=EMPLOYEES_EXPORT), batch_size=batch), timeout=30))

    _invalid(get_file, "batch_size")
    _invalid(export, "batch_size")
    assert emu.tasks().get("counts", {}).get(str(EMPLOYEES_EXPORT), 0) == 0


def test_values_at_the_bounds_are_accepted(stub, emu):
    data = b"Region,Month,Revenue,Units\nNorth,Jan 24,1,2\n"
    r = _upload(stub, _header(chunk_size=MAX_CHUNK, parallelism=MAX_PARALLELISM,
                              compression_level=9), data)
    assert r.chunks_uploaded == 1 and r.bytes_received == len(data)
    got = b"".join(m.data for m in stub.GetFile(bulk_pb2.GetFileRequest(
        workspace_id=DEMO_WS, model_id=DEMO_MODEL, file=common_pb2.ObjectRef(id=SALES_FILE),
        batch_size=MAX_BATCH), timeout=30))
    assert got == data
