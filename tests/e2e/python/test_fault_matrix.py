"""Fault matrix, end to end (reliability-performance.md §A8 R1, R2, R8, R9).

Real gRPC -> anaplan-grpc-server -> libcurl -> anaplan-emulator, with faults
injected per route by the emulator and accounted by its `fired` counters and
request log. Every case either succeeds byte-exact (SHA-256 of what the
emulator reassembled, or of what the RPC delivered, equals the source;
`complete` exactly once; attempts = chunks + injected failures) or fails with
the precise gRPC code and the chunk index in ErrorInfo metadata.

What corruption is detectable: the emulator, like Anaplan, answers file and
chunk downloads with `Content-Encoding: gzip` when the client accepts it (the
service always does), so a damaged body fails gzip's header/CRC-32/length
checks (the service inflates chunk bodies itself with libdeflate; libcurl does
for other replies) -> DATA_LOSS, retried, and DATA_LOSS to the caller when it
persists. A body sent uncompressed has no checksum at all (Anaplan sends
none for chunks), so same-length corruption of an identity-encoded download
would NOT be detectable; a short body (Content-Length mismatch) always is and
is retried, never delivered. Uploads: the emulator gunzips every chunk PUT,
so a damaged upload is a 400 (not retried), never stored silently.
"""

import re
import random
import threading
import time

import grpc
import pytest

from anaplan.v1 import bulk_pb2, bulk_pb2_grpc, common_pb2
from anaplan_grpc.errors import from_rpc_error
from e2e_support import (DEMO_MODEL, DEMO_WS, EMPLOYEES_EXPORT, EMPLOYEES_IMPORT, MIB, Emulator,
                         employees_csv, seeded_bytes, sha256_hex, start_emulator, start_service,
                         wait_until)

CHUNK = MIB
#: R1's fault list: (name, rule fields). "date+0" asks the emulator for an
#: HTTP-date Retry-After (the next whole second).
R1_FAULTS = [
    ("500", dict(status=500)),
    ("502", dict(status=502)),
    ("503", dict(status=503)),
    ("503+RA1", dict(status=503, retry_after="1")),
    ("429+RA0", dict(status=429, retry_after="0")),
    ("429+date", dict(status=429, retry_after="date+0")),
    ("reset", dict(action="reset")),
    ("reset@256K", dict(action="reset", after_bytes=256 * 1024)),
    ("stall3s", dict(action="stall", delay_ms=3000)),  # attempt timeout 2 s
]
RETRY_COUNT = 4
SERVICE_FLAGS = ("--timeout_seconds", "2", "--retry_count", str(RETRY_COUNT), "--backoff_seconds", "0.05",
                 "--backoff_factor", "2", "--poll_delay_seconds", "0.05",
                 "--upload_parallelism", "2", "--download_batch_size", "2")


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    wd = tmp_path_factory.mktemp("fault-matrix")
    emu_proc = start_emulator(wd, "fm-emulator", "--token_ttl_seconds", "3600")
    url = "http://127.0.0.1:%d" % emu_proc.port
    svc = start_service(wd, "fm-service", url, *SERVICE_FLAGS)
    channel = grpc.insecure_channel("127.0.0.1:%d" % svc.port)
    grpc.channel_ready_future(channel).result(timeout=30)
    yield Emulator(url), bulk_pb2_grpc.BulkServiceStub(channel), svc
    channel.close()
    svc.stop()
    emu_proc.stop()


@pytest.fixture
def env(stack):
    emu, stub, svc = stack
    emu.reset()
    emu.clear_faults()
    emu.clear_requests()
    emu.settings(task_polls_in_progress=1, max_page_size=5000, export_chunk_size=10 * MIB)
    # reset revoked the service's token: take a fresh one now, so that a
    # fault meant for a request does not meet a 401 instead.
    stub.GetFiles(bulk_pb2.GetFilesRequest(workspace_id=DEMO_WS, model_id=DEMO_MODEL))
    emu.clear_requests()
    yield emu, stub
    if svc.proc.poll() is not None:
        pytest.fail("service died:\n" + svc.log_tail())


def _header(file_ref, **kw):
    return bulk_pb2.UploadHeader(workspace_id=DEMO_WS, model_id=DEMO_MODEL, file=file_ref,
                                 chunk_size=CHUNK, compression_level=1, **kw)


def _upload_msgs(header, data, piece=256 * 1024):
    yield bulk_pb2.UploadFileRequest(header=header)
    for i in range(0, len(data), piece):
        yield bulk_pb2.UploadFileRequest(data=data[i:i + piece])


def _create_files(stub, n, prefix):
    ids = []
    for i in range(n):
        r = stub.UploadFile(_upload_msgs(_header(common_pb2.ObjectRef(name="%s%d.bin" % (
            prefix, i)), allow_file_creation=True), b"x"))
        ids.append(r.file_id)
    return ids


def _chunk_path(file_id, index):
    return r"/files/%d/chunks/%d$" % (file_id, index)


def _get_file(stub, file_id, batch_size=2):
    return b"".join(m.data for m in stub.GetFile(bulk_pb2.GetFileRequest(
        workspace_id=DEMO_WS, model_id=DEMO_MODEL, file=common_pb2.ObjectRef(id=file_id),
        batch_size=batch_size)))


def _fault_accounting(emu):
    rules = emu.faults()
    return sum(r["fired"] for r in rules), [r for r in rules if r["armed"]]


# ------------------------------------------------------------------- R1

def test_r1_chunk_put_faults_lose_and_duplicate_nothing(env):
    emu, stub = env
    rng = random.Random(20240601)
    n_uploads, size = 16, 3 * CHUNK
    ids = _create_files(stub, n_uploads, "r1_")
    completes_before = {fid: emu.file_info(fid)["complete_calls"] for fid in ids}
    emu.clear_requests()
    sources, plan = {}, {}
    for n, fid in enumerate(ids):
        sources[fid] = seeded_bytes(1000 + n, size)
        for chunk in range(3):
            if rng.random() < 0.3:
                kinds = [rng.choice(R1_FAULTS) for _ in range(rng.randint(1, 3))]
                plan[(fid, chunk)] = [k for k, _ in kinds]
                for _, fields in kinds:  # rules fire in the order added
                    emu.add_fault(method="PUT", path=_chunk_path(fid, chunk), count=1, **fields)
    assert len(plan) >= 8, plan  # the seed really faults a good share of the chunks
    injected = sum(len(v) for v in plan.values())

    results, errors = {}, []

    def upload(fid):
        try:
            results[fid] = stub.UploadFile(_upload_msgs(_header(common_pb2.ObjectRef(id=fid)),
                                                        sources[fid]), timeout=60)
        except grpc.RpcError as e:  # pragma: no cover - reported below
            errors.append((fid, from_rpc_error(e)))

    threads = [threading.Thread(target=upload, args=(fid,)) for fid in ids]
    for i in range(0, len(threads), 4):  # four uploads at a time
        for t in threads[i:i + 4]:
            t.start()
        for t in threads[i:i + 4]:
            t.join()
    assert not errors, [(f, e.code, e.details) for f, e in errors]

    fired, still_armed = _fault_accounting(emu)
    assert fired == injected and not still_armed, "every injected fault fired exactly once"
    # A stalled PUT is logged when the emulator finishes it, which may be after
    # the service has moved on (it abandoned that attempt): wait for every
    # expected entry (one per injected failure plus one accepted per chunk).
    expected_puts = len(ids) * 3 + sum(len(kinds) for kinds in plan.values())

    def changed_files_log():
        return [r for r in emu.requests(r"/files/\d+/") if r["method"] in ("PUT", "POST")]

    wait_until(lambda: sum(r["method"] == "PUT" for r in changed_files_log()) >= expected_puts,
               timeout=20, what="%d chunk PUTs in the emulator log" % expected_puts)
    log = changed_files_log()
    for fid in ids:
        info = emu.file_info(fid)
        assert info["sha256"] == sha256_hex(sources[fid]) and info["size"] == size, fid
        assert info["chunkCount"] == 3, info
        assert info["complete_calls"] == completes_before[fid] + 1, info
        assert results[fid].sha256 == sha256_hex(sources[fid])
        assert results[fid].chunks_uploaded == 3
        last_put = 0
        for chunk in range(3):
            puts = [r for r in log if r["method"] == "PUT"
                    and r["path"].endswith("/files/%d/chunks/%d" % (fid, chunk))]
            failures = plan.get((fid, chunk), [])
            # Every injected failure is exactly one faulted attempt, plus
            # exactly one clean accepted attempt. A stalled PUT the service
            # abandoned may still be processed by the emulator when its
            # stall ends (the client's FIN queues behind the unread 1 MiB
            # body, so the stall cannot see it leave): such late entries
            # carry the stall's fault id, like a server that finishes work
            # its client gave up on; they store the same bytes by index.
            faulted = [r for r in puts if r["fault"]]
            clean = [r for r in puts if not r["fault"]]
            assert len(faulted) == len(failures), (fid, chunk, failures, puts)
            assert [r["status"] for r in clean] == [204], (fid, chunk, puts)
            last_put = max(last_put, clean[0]["seq"])
        completes = [r for r in log if r["path"].endswith("/files/%d/complete" % fid)]
        assert len(completes) == 1 and completes[0]["seq"] > last_put, "complete after the last 204"
    # Retry-After honoured on the wire: no retry of a chunk sooner than the
    # 1 s the "503+RA1" answers asked for.
    by_path = {}
    for r in log:
        by_path.setdefault(r["path"], []).append(r)
    for (fid, chunk), kinds in plan.items():
        puts = sorted(by_path[[p for p in by_path if p.endswith(
            "/files/%d/chunks/%d" % (fid, chunk))][0]], key=lambda r: r["seq"])
        for kind, (prev, nxt) in zip(kinds, zip(puts, puts[1:])):
            if kind == "503+RA1":
                assert nxt["received_us"] - prev["logged_us"] >= 1_000_000, (fid, chunk, kinds)


# ------------------------------------------------------------------- R2

@pytest.mark.parametrize("kind,fields,code", [
    ("503", dict(status=503), grpc.StatusCode.UNAVAILABLE),
    ("reset", dict(action="reset"), grpc.StatusCode.UNAVAILABLE),
    ("stall", dict(action="stall", delay_ms=2500), grpc.StatusCode.DEADLINE_EXCEEDED),
    ("429", dict(status=429, retry_after="0"), grpc.StatusCode.RESOURCE_EXHAUSTED),
])
def test_r2_exhausted_chunk_fails_naming_it_and_never_completes(env, kind, fields, code):
    emu, stub = env
    fid = _create_files(stub, 1, "r2_" + kind)[0]
    completes_before = emu.file_info(fid)["complete_calls"]
    emu.clear_requests()
    emu.add_fault(method="PUT", path=_chunk_path(fid, 1), count=-1, **fields)
    data = seeded_bytes(7, 3 * CHUNK)
    with pytest.raises(grpc.RpcError) as ei:
        stub.UploadFile(_upload_msgs(_header(common_pb2.ObjectRef(id=fid)), data), timeout=60)
    err = from_rpc_error(ei.value)
    assert err.code == code, (err.code, err.details)
    assert err.metadata.get("chunk_index") == "1", err.metadata
    assert "chunk 1" in err.details
    if kind == "429":
        assert err.retry_delay is not None  # RetryInfo
    assert emu.file_info(fid)["complete_calls"] == completes_before
    assert not [r for r in emu.requests(r"/complete$")]
    puts = [r for r in emu.requests(_chunk_path(fid, 1)) if r["method"] == "PUT"]
    # None reached the file, and the PUTs are the retry loop's attempts as
    # the error reports them ("failed after N attempts"; N is at most
    # --retry_count, fewer when the shared retry budget is low after the
    # tests before). Answered faults (503, 429) cost exactly one PUT per
    # attempt. A reset on a reused keep-alive connection is resent once
    # by libcurl itself (libcurl treats a reused connection that dies before
    # any response byte as stale and resends, up to 5 times; this only
    # happens to idempotent requests, as non-idempotent ones never reuse a
    # connection), so a reset costs 1 to 6 PUTs per attempt. A stall ends
    # attempts by timeout.
    assert puts and all(r["fault"] for r in puts)
    m = re.search(r"failed after (\d+) attempts", err.details)
    attempts = int(m.group(1)) if m else 1
    assert 1 <= attempts <= RETRY_COUNT, err.details
    if kind == "stall":
        # A stalled request is logged when the emulator's stall ends, after
        # the service gave up on it.
        def stalled_puts():
            return [r for r in emu.requests(_chunk_path(fid, 1)) if r["method"] == "PUT"]
        wait_until(lambda: len(stalled_puts()) >= attempts, what="the last stalled PUT")
        assert len(stalled_puts()) == attempts, err.details
    elif kind in ("503", "429"):
        assert len(puts) == attempts, (len(puts), err.details)
    else:
        assert attempts <= len(puts) <= 6 * attempts, (len(puts), err.details)


def test_r2_upload_and_import_exhausted_starts_no_task(env):
    emu, stub = env
    emu.add_fault(method="PUT", path=r"/files/\d+/chunks/0$", count=-1, status=503)
    csv = employees_csv([("Fault Person", "F001", "Sales", "1", "true")]).encode()

    def msgs():
        yield bulk_pb2.UploadAndImportRequest(header=bulk_pb2.UploadAndImportHeader(
            upload=_header(common_pb2.ObjectRef(name="Employees.csv")),
            action=common_pb2.ObjectRef(id=EMPLOYEES_IMPORT)))
        yield bulk_pb2.UploadAndImportRequest(data=csv)

    with pytest.raises(grpc.RpcError) as ei:
        stub.UploadAndImport(msgs(), timeout=30)
    err = from_rpc_error(ei.value)
    assert err.code == grpc.StatusCode.UNAVAILABLE and err.metadata.get("chunk_index") == "0"
    assert emu.tasks().get("counts", {}).get(str(EMPLOYEES_IMPORT), 0) == 0
    assert emu.file_info(113000000000)["complete_calls"] == 0


# ------------------------------------------------------------------- R8

R8_RECOVERABLE = [
    ("503", dict(status=503)),
    ("reset", dict(action="reset")),
    ("truncate-half", dict(action="truncate")),
    ("truncate@64K", dict(action="truncate", after_bytes=64 * 1024)),
    ("corrupt-gzip", dict(action="corrupt")),
    ("stall3s", dict(action="stall", delay_ms=3000)),
]


def test_r8_download_faults_deliver_exact_bytes_or_nothing(env):
    emu, stub = env
    rng = random.Random(8)
    ids = _create_files(stub, 6, "r8_")
    sources = {}
    for n, fid in enumerate(ids):
        sources[fid] = seeded_bytes(800 + n, 3 * CHUNK - 1234 * n)
        stub.UploadFile(_upload_msgs(_header(common_pb2.ObjectRef(id=fid)), sources[fid]))
    emu.clear_requests()
    plan = {}
    for fid in ids:
        for chunk in range(3):
            kinds = [rng.choice(R8_RECOVERABLE) for _ in range(rng.randint(0, 2))]
            plan[(fid, chunk)] = kinds
            for _, fields in kinds:
                emu.add_fault(method="GET", path=_chunk_path(fid, chunk), count=1, **fields)
    injected = sum(len(v) for v in plan.values())
    for fid in ids:
        assert sha256_hex(_get_file(stub, fid)) == sha256_hex(sources[fid]), fid
    fired, armed = _fault_accounting(emu)
    assert fired == injected and not armed
    for (fid, chunk), kinds in plan.items():
        gets = [r for r in emu.requests(_chunk_path(fid, chunk)) if r["method"] == "GET"]
        assert len(gets) == 1 + len(kinds), (fid, chunk, kinds)


def test_r8_persistent_corruption_is_data_loss_never_wrong_bytes(env):
    emu, stub = env
    fid = _create_files(stub, 1, "r8c_")[0]
    data = seeded_bytes(88, 3 * CHUNK)
    stub.UploadFile(_upload_msgs(_header(common_pb2.ObjectRef(id=fid)), data))
    emu.add_fault(method="GET", path=_chunk_path(fid, 2), count=-1, action="corrupt")
    got = bytearray()
    with pytest.raises(grpc.RpcError) as ei:
        for m in stub.GetFile(bulk_pb2.GetFileRequest(
                workspace_id=DEMO_WS, model_id=DEMO_MODEL, file=common_pb2.ObjectRef(id=fid))):
            got += m.data
    err = from_rpc_error(ei.value)
    assert err.code == grpc.StatusCode.DATA_LOSS, err.details
    assert err.metadata.get("chunk_index") == "2"
    # Whatever was delivered before the error is a correct prefix.
    assert len(got) <= 2 * CHUNK and bytes(got) == data[:len(got)]
    assert emu.faults()[0]["fired"] == 4  # retried as transient first


def test_r8_export_and_download_under_faults(env):
    emu, stub = env
    emu.settings(export_chunk_size=200)  # several chunks from the small export
    req = bulk_pb2.ExportAndDownloadRequest(workspace_id=DEMO_WS, model_id=DEMO_MODEL,
                                            action=common_pb2.ObjectRef(id=EMPLOYEES_EXPORT))

    def run():
        return b"".join(m.chunk.data for m in stub.ExportAndDownload(req, timeout=30)
                        if m.HasField("chunk"))

    reference = run()
    assert reference.count(b"\n") >= 10
    chunks = r"/files/%d/chunks/" % EMPLOYEES_EXPORT
    emu.add_fault(method="GET", path=chunks + "0$", count=1, action="corrupt")
    emu.add_fault(method="GET", path=chunks + "1$", count=1, action="truncate")
    emu.add_fault(method="GET", path=chunks + "2$", count=2, status=502)
    emu.add_fault(method="POST", path=r"/exports/\d+/tasks$", count=1, action="drop_response")
    assert run() == reference
    assert _fault_accounting(emu) == (5, [])
    assert emu.tasks()["counts"][str(EMPLOYEES_EXPORT)] == 2, "one task per call"


# ------------------------------------------------------------------- R9

def test_r9_dropped_task_start_response_recovers_the_one_task(env):
    emu, stub = env
    emu.add_fault(method="POST", path=r"/exports/\d+/tasks$", count=-1, action="drop_response")
    calls = 10
    seen = set()
    for _ in range(calls):
        r = stub.RunAction(bulk_pb2.RunActionRequest(
            workspace_id=DEMO_WS, model_id=DEMO_MODEL,
            action=common_pb2.ObjectRef(id=EMPLOYEES_EXPORT)), timeout=30)
        assert r.task.task_state_name == "COMPLETE" and r.task.result.successful
        seen.add(r.task.task_id)
    assert emu.faults()[0]["fired"] == calls
    assert emu.tasks()["counts"][str(EMPLOYEES_EXPORT)] == calls, "exactly one task per call"
    assert len(seen) == calls
    posts = [r for r in emu.requests(r"/exports/\d+/tasks$") if r["method"] == "POST"]
    assert len(posts) == calls, "the start was never resent"


def test_r9_upload_and_import_with_dropped_start(env):
    emu, stub = env
    emu.add_fault(method="POST", path=r"/imports/\d+/tasks$", count=1, action="drop_response")
    emu.add_fault(method="PUT", path=r"/chunks/0$", count=1, action="reset")
    csv = employees_csv([("Fault Person", "F001", "Sales", "1", "true")]).encode()

    def msgs():
        yield bulk_pb2.UploadAndImportRequest(header=bulk_pb2.UploadAndImportHeader(
            upload=_header(common_pb2.ObjectRef(name="Employees.csv")),
            action=common_pb2.ObjectRef(id=EMPLOYEES_IMPORT)))
        yield bulk_pb2.UploadAndImportRequest(data=csv)

    r = stub.UploadAndImport(msgs(), timeout=30)
    assert r.task.result.successful and r.upload.sha256 == sha256_hex(csv)
    assert emu.tasks()["counts"][str(EMPLOYEES_IMPORT)] == 1
    assert emu.file_info(113000000000)["complete_calls"] == 1
    assert "Fault Person" in emu.list_item_names("Employees")
    assert _fault_accounting(emu) == (2, [])


# ---------------------------------------------------- paged reads, token expiry

def test_paged_reads_survive_faults_and_corrupt_json(env):
    emu, stub = env
    req = bulk_pb2.GetFilesRequest(workspace_id=DEMO_WS, model_id=DEMO_MODEL)
    reference = stub.GetFiles(req).files
    emu.settings(max_page_size=1)  # one file per page
    emu.add_fault(method="GET", path=r"/files$", count=1, skip=0, status=503)
    emu.add_fault(method="GET", path=r"/files$", count=1, skip=1, action="reset")
    emu.add_fault(method="GET", path=r"/files$", count=1, skip=1, action="truncate")
    emu.add_fault(method="GET", path=r"/files$", count=1, skip=1, action="corrupt")
    got = stub.GetFiles(req, timeout=30).files
    assert list(got) == list(reference)
    assert _fault_accounting(emu) == (4, [])


def test_token_expiry_mid_upload_reauthenticates(env):
    emu, stub = env
    fid = _create_files(stub, 1, "tok_")[0]
    completes_before = emu.file_info(fid)["complete_calls"]
    data = seeded_bytes(5, 3 * CHUNK)
    emu.add_fault(method="PUT", path=_chunk_path(fid, 2), count=1, status=401)

    def msgs():
        for i, m in enumerate(_upload_msgs(_header(common_pb2.ObjectRef(id=fid)), data)):
            if i == 6:  # after chunk 0 was cut: every token now answers 401
                emu.expire_tokens()
            yield m

    r = stub.UploadFile(msgs(), timeout=30)
    assert r.sha256 == sha256_hex(data)
    info = emu.file_info(fid)
    assert info["sha256"] == sha256_hex(data)
    assert info["complete_calls"] == completes_before + 1
    auths = [q for q in emu.requests(r"^/token/authenticate$")]
    assert len(auths) >= 1
