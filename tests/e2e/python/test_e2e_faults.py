"""Retries and re-authentication against injected faults."""

import threading

import pytest

import anaplan_grpc as ag
from anaplan.v1 import bulk_pb2, common_pb2
from e2e_support import (DEMO_MODEL, DEMO_WS, EMPLOYEES_FILE, EMPLOYEES_IMPORT, MIB, SALES_FILE,
                         deterministic_csv, employees_csv, sha256_hex, wait_until)

CHUNK_PUT = r"/files/\d+/chunks/\d+$"


def _fired(emu):
    return sum(f.get("fired", 0) for f in emu.faults())


def _upload_5_chunks(client, emu, file_id=SALES_FILE):
    content = b"".join(deterministic_csv(5 * MIB - 17))
    resp = client.upload_file(file_id, content, chunk_size=MIB)
    info = emu.file_info(file_id)
    return content, resp, info


@pytest.mark.parametrize("status,retry_after", [(503, None), (500, None), (429, "1")])
def test_chunk_put_errors_are_retried_without_loss_or_duplication(client, emu, status,
                                                                  retry_after):
    rule = {"method": "PUT", "path": CHUNK_PUT, "count": 2, "skip": 1, "status": status,
            "action": "status"}
    if retry_after:
        rule["retry_after"] = retry_after
    emu.add_fault(**rule)
    content, resp, info = _upload_5_chunks(client, emu)
    injected = _fired(emu)
    assert injected == 2
    assert info["sha256"] == sha256_hex(content) and info["size"] == len(content)
    assert info["chunkCount"] == 5 and info["complete_calls"] == 1
    # Every PUT the service sent: 5 good ones, one per chunk, plus the
    # injected failures (which the emulator answers before routing, so its
    # per-file chunk_put_attempts counts only the 5 that reached the file).
    puts = [r for r in emu.requests(CHUNK_PUT) if r["method"] == "PUT"]
    assert len(puts) == 5 + injected
    assert sorted(r["status"] for r in puts if r["status"] >= 400) == [status] * injected
    assert sorted(r["path"].rsplit("/", 1)[1] for r in puts if r["status"] < 300) == \
        ["0", "1", "2", "3", "4"]
    assert info["chunk_put_attempts"] in (5, 5 + injected)
    assert sorted(int(i) for i in info["chunks_present"]) == [0, 1, 2, 3, 4]
    assert resp.chunks_uploaded == 5 and resp.sha256 == sha256_hex(content)
    assert client.get_file(SALES_FILE) == content


def test_dropped_connection_on_chunk_put_is_retried(client, emu):
    emu.add_fault(method="PUT", path=CHUNK_PUT, count=1, skip=2, action="reset")
    content, _, info = _upload_5_chunks(client, emu)
    assert _fired(emu) == 1
    assert info["sha256"] == sha256_hex(content) and info["complete_calls"] == 1


def test_rate_limit_after_all_retries_is_resource_exhausted(client, emu):
    emu.add_fault(method="GET", path=r"/imports$", count=-1, status=429, retry_after="0")
    with pytest.raises(ag.RateLimitError) as ei:
        client.get_imports()
    assert ei.value.http_status in (None, 429)


def test_persistent_5xx_is_unavailable(client, emu):
    emu.add_fault(method="GET", path=r"/actions$", count=-1, status=503)
    with pytest.raises(ag.UnavailableError) as ei:
        client.get_actions()
    assert ei.value.http_status in (None, 503)
    emu.clear_faults()
    assert len(client.get_actions()) == 2


def test_expired_token_is_refreshed_between_calls(client, emu):
    assert len(client.get_files()) >= 2
    emu.expire_tokens()
    client.upload_file(EMPLOYEES_FILE, employees_csv([("Zed", "E777", "Sales", "1", "true")]))
    emu.expire_tokens()
    task = client.run_action(EMPLOYEES_IMPORT)
    assert task.successful
    emu.expire_tokens()
    assert b"Zed" in client.get_file(EMPLOYEES_FILE)
    assert "Zed" in emu.list_item_names("Employees")
    log = emu.requests()
    assert any(r["status"] == 401 for r in log), "the service never met an expired token"


def test_expired_token_mid_upload_is_refreshed(stub, emu):
    gate = threading.Event()
    blocks = list(deterministic_csv(4 * MIB))
    content = b"".join(blocks)

    def requests():
        yield bulk_pb2.UploadFileRequest(header=bulk_pb2.UploadHeader(
            workspace_id=DEMO_WS, model_id=DEMO_MODEL,
            file=common_pb2.ObjectRef(id=SALES_FILE), chunk_size=MIB, parallelism=1))
        sent = 0
        for off in range(0, len(content), 256 * 1024):
            yield bulk_pb2.UploadFileRequest(data=content[off:off + 256 * 1024])
            sent += 256 * 1024
            if sent == 2 * MIB:
                gate.wait(30)

    future = stub.UploadFile.future(requests())
    wait_until(lambda: emu.file_info(SALES_FILE)["chunk_put_attempts"] >= 1,
               what="the first chunk PUT")
    emu.expire_tokens()
    gate.set()
    resp = future.result(timeout=60)
    assert resp.sha256 == sha256_hex(content)
    info = emu.file_info(SALES_FILE)
    assert info["sha256"] == sha256_hex(content) and info["complete_calls"] == 1
    assert any(r["status"] == 401 for r in emu.requests(r"/files/")), \
        "no request met the expired token"
