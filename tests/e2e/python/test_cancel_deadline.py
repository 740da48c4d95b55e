"""Cancellation and deadlines, end to end (reliability-performance.md §A8 R3, R4).

A Python grpcio client cancels, or lets a short deadline expire, while the
service is in the middle of an upload, a download or a task wait. The
emulator stalls the transfer's requests (fault action "stall", 30 s) so that
an HTTP call is really in flight at that moment. Then:

- the service's HTTP calls stop promptly: every stalled request is seen by
  the emulator as abandoned (`peer_closed`: the client closed the connection
  during the stall) within a generous bound of the cancel, and no request of
  that transfer starts after the bound;
- an upload never completes: no `POST .../complete`, `complete_calls`
  unchanged;
- the service's threads and open fds return to their baseline.

The emulator's request log stamps `received_us`/`logged_us` with
CLOCK_MONOTONIC, the clock of time.monotonic(), so the cancel instant taken
here is comparable with them. Bounds are generous (the CPU is shared); the
promptness they prove is "within about a second", not "eventually".
"""

import threading
import time

import grpc
import pytest

from anaplan.v1 import bulk_pb2, bulk_pb2_grpc, common_pb2
from e2e_support import (DEMO_MODEL, DEMO_WS, EMPLOYEES_EXPORT, Emulator, deterministic_csv,
                         proc_threads_fds, sha256_hex, start_emulator, start_service,
                         wait_for_baseline, wait_until)

#: Small chunks of compressible CSV: a gzip'd chunk body fits in the socket
#: buffers, so the client's FIN reaches the emulator while it stalls before
#: reading the body (a large unread body would queue the FIN behind it).
CHUNK = 64 * 1024
STALL_MS = 30000
#: How soon after the cancel (or deadline) every HTTP call must have ended,
#: and after which no request of the transfer may start. R3 asks for 500 ms;
#: this is generous because the 2 CPUs are shared with other builds.
PROMPT_S = 3.0
SLACK_THREADS_FDS = 3
#: The RPC deadline of the deadline cases: long enough for the chunks before
#: the stall to get through on a loaded machine, far below the 30 s stall.
DEADLINE_S = 5.0
SERVICE_FLAGS = ("--timeout_seconds", "60", "--retry_count", "3", "--backoff_seconds", "0.05",
                 "--poll_delay_seconds", "0.05", "--upload_parallelism", "2",
                 "--download_batch_size", "2")


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    wd = tmp_path_factory.mktemp("cancel-deadline")
    emu_proc = start_emulator(wd, "cd-emulator", "--token_ttl_seconds", "3600")
    url = "http://127.0.0.1:%d" % emu_proc.port
    svc = start_service(wd, "cd-service", url, *SERVICE_FLAGS)
    channel = grpc.insecure_channel("127.0.0.1:%d" % svc.port)
    grpc.channel_ready_future(channel).result(timeout=30)
    emu = Emulator(url)
    stub = bulk_pb2_grpc.BulkServiceStub(channel)
    baseline = _warm_up(emu, stub, svc)
    yield emu, stub, svc, baseline
    channel.close()
    svc.stop()
    emu_proc.stop()


@pytest.fixture
def env(stack):
    emu, stub, svc, baseline = stack
    emu.clear_faults()
    emu.clear_requests()
    emu.settings(task_polls_in_progress=1)
    yield emu, stub, svc, baseline
    emu.clear_faults()
    if svc.proc.poll() is not None:
        pytest.fail("service died:\n" + svc.log_tail())


def _csv(n_bytes):
    return b"".join(deterministic_csv(n_bytes))


def _header(file_ref, **kw):
    return bulk_pb2.UploadHeader(workspace_id=DEMO_WS, model_id=DEMO_MODEL, file=file_ref,
                                 chunk_size=CHUNK, parallelism=2, compression_level=1, **kw)


def _upload_msgs(header, data, piece=32 * 1024, hold=None):
    """Header, then data; when `hold` is given, blocks on it after the data
    instead of ending the stream (the upload is then still open)."""
    yield bulk_pb2.UploadFileRequest(header=header)
    for i in range(0, len(data), piece):
        yield bulk_pb2.UploadFileRequest(data=data[i:i + piece])
    if hold is not None:
        hold.wait(60)


def _new_file(stub, name):
    return stub.UploadFile(_upload_msgs(_header(common_pb2.ObjectRef(name=name),
                                                allow_file_creation=True), b"x")).file_id


def _warm_up(emu, stub, svc):
    """Runs one of each kind of call so that the service's lazily created
    threads, pooled connections and token exist, then takes the baseline."""
    fid = _new_file(stub, "cancel_warmup.csv")
    data = _csv(8 * CHUNK)
    stub.UploadFile(_upload_msgs(_header(common_pb2.ObjectRef(id=fid)), data))
    assert sha256_hex(_get_file(stub, fid)) == sha256_hex(data)
    stub.RunAction(bulk_pb2.RunActionRequest(workspace_id=DEMO_WS, model_id=DEMO_MODEL,
                                             action=common_pb2.ObjectRef(id=EMPLOYEES_EXPORT)))
    time.sleep(0.5)
    return proc_threads_fds(svc.pid)


def _get_file(stub, file_id, **kw):
    return b"".join(m.data for m in stub.GetFile(bulk_pb2.GetFileRequest(
        workspace_id=DEMO_WS, model_id=DEMO_MODEL, file=common_pb2.ObjectRef(id=file_id),
        batch_size=2), **kw))


def _fired(emu):
    return sum(r["fired"] for r in emu.faults())


def _assert_stopped_promptly(emu, path_regex, t_stop, stalled):
    """Every one of the `stalled` requests matching path_regex was abandoned
    by the service within PROMPT_S of t_stop (monotonic seconds), and none
    started later. Returns the log entries."""
    t_stop_us = int(t_stop * 1e6)
    bound_us = t_stop_us + int(PROMPT_S * 1e6)

    def abandoned():
        return [r for r in emu.requests(path_regex) if r["peer_closed"]]

    wait_until(lambda: len(abandoned()) >= stalled, timeout=STALL_MS / 1000 - 5,
               what="the emulator to see the stalled requests abandoned")
    # Anything the service would still send shows up within the bound.
    time.sleep(max(0.0, t_stop + PROMPT_S + 0.5 - time.monotonic()))
    log = emu.requests(path_regex)
    gone = [r for r in log if r["peer_closed"]]
    assert len(gone) == stalled, log
    late_end = [r for r in gone if r["logged_us"] > bound_us]
    assert not late_end, ("a stalled HTTP call outlived the cancel by more than %ss" % PROMPT_S,
                          [(r["path"], (r["logged_us"] - t_stop_us) / 1e6) for r in late_end])
    late_start = [r for r in log if r["received_us"] > bound_us]
    assert not late_start, ("requests started after the cancel",
                            [(r["method"], r["path"], (r["received_us"] - t_stop_us) / 1e6)
                             for r in late_start])
    return log


def _assert_back_to_baseline(svc, baseline):
    seen = wait_for_baseline(svc.pid, baseline, slack=SLACK_THREADS_FDS, timeout=10.0)
    assert seen[0] <= baseline[0] + SLACK_THREADS_FDS, ("threads", baseline, seen)
    assert seen[1] <= baseline[1] + SLACK_THREADS_FDS, ("fds", baseline, seen)


def _assert_never_completed(emu, fid, completes_before):
    assert not [r for r in emu.requests(r"/files/%d/complete$" % fid)], "complete was called"
    assert emu.file_info(fid)["complete_calls"] == completes_before


# ------------------------------------------------------------ R3/R4 upload

@pytest.mark.parametrize("how,after_chunks", [
    ("cancel", 2),     # chunks 0-1 stored, 2-3 stalled in flight, stream still open
    ("cancel", 5),
    ("deadline", 2),   # the client half-closed; its deadline expires meanwhile
])
def test_upload_cancel_or_deadline_mid_transfer(env, how, after_chunks):
    emu, stub, svc, baseline = env
    fid = _new_file(stub, "cancel_up_%s_%d.csv" % (how, after_chunks))
    completes_before = emu.file_info(fid)["complete_calls"]
    emu.clear_requests()
    chunk_path = r"/files/%d/chunks/" % fid
    # Stall by chunk index, not by arrival order: with two PUTs in flight,
    # chunk N+1 can reach the emulator before chunk N.
    n_chunks = 12
    emu.add_fault(method="PUT",
                  path=chunk_path + "(%s)$" % "|".join(str(i) for i in range(after_chunks, n_chunks)),
                  count=-1, action="stall", delay_ms=STALL_MS)
    data = _csv(n_chunks * CHUNK)
    hold = threading.Event()
    header = _header(common_pb2.ObjectRef(id=fid))
    t0 = time.monotonic()
    if how == "cancel":
        call = stub.UploadFile.future(_upload_msgs(header, data, hold=hold))
    else:
        call = stub.UploadFile.future(_upload_msgs(header, data), timeout=DEADLINE_S)
    try:
        # Two PUTs (the upload parallelism) stalled inside the emulator.
        wait_until(lambda: _fired(emu) >= 2, timeout=20, what="two stalled chunk PUTs")
        if how == "cancel":
            t_stop = time.monotonic()
            call.cancel()
            with pytest.raises(grpc.FutureCancelledError):
                call.result(timeout=10)
        else:
            with pytest.raises(grpc.RpcError) as ei:
                call.result(timeout=20)
            t_stop = time.monotonic()
            assert ei.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED, ei.value
            assert t_stop - t0 <= DEADLINE_S + PROMPT_S, "DEADLINE_EXCEEDED came late"
    finally:
        hold.set()
    stalled = _fired(emu)
    assert stalled == 2, "only the PUTs in flight were stalled; none started after the stop"
    log = _assert_stopped_promptly(emu, chunk_path, t_stop, stalled)
    stored = sorted(int(r["path"].rsplit("/", 1)[1]) for r in log if r["status"] == 204)
    assert stored == list(range(after_chunks)), log
    _assert_never_completed(emu, fid, completes_before)
    _assert_back_to_baseline(svc, baseline)


def test_upload_cancel_while_waiting_for_client_data(env):
    """No HTTP call in flight: the service waits for the next message."""
    emu, stub, svc, baseline = env
    fid = _new_file(stub, "cancel_idle.csv")
    completes_before = emu.file_info(fid)["complete_calls"]
    emu.clear_requests()
    data = _csv(3 * CHUNK + 100)
    hold = threading.Event()
    call = stub.UploadFile.future(_upload_msgs(_header(common_pb2.ObjectRef(id=fid)), data,
                                               hold=hold))
    try:
        wait_until(lambda: len([r for r in emu.requests(r"/files/%d/chunks/" % fid)
                                if r["status"] == 204]) == 3, what="three chunks stored")
        t_stop = time.monotonic()
        call.cancel()
    finally:
        hold.set()
    time.sleep(PROMPT_S)
    late = [r for r in emu.requests(r"/files/%d" % fid) if r["received_us"] > t_stop * 1e6]
    assert not late, late  # the last partial chunk is never sent
    _assert_never_completed(emu, fid, completes_before)
    _assert_back_to_baseline(svc, baseline)


# ---------------------------------------------------------- R3/R4 download

@pytest.mark.parametrize("how", ["cancel", "deadline"])
def test_download_cancel_or_deadline_mid_transfer(env, how):
    emu, stub, svc, baseline = env
    fid = _new_file(stub, "cancel_down_%s.csv" % how)
    data = _csv(10 * CHUNK)
    stub.UploadFile(_upload_msgs(_header(common_pb2.ObjectRef(id=fid)), data))
    emu.clear_requests()
    chunk_path = r"/files/%d/chunks/\d+$" % fid
    # Chunks 0 and 1 arrive; the read-ahead GETs of 2 and 3 stall.
    emu.add_fault(method="GET", path=r"/files/%d/chunks/[2-9]$" % fid, count=-1,
                  action="stall", delay_ms=STALL_MS)
    kw = {"timeout": DEADLINE_S} if how == "deadline" else {}
    t0 = time.monotonic()
    call = stub.GetFile(bulk_pb2.GetFileRequest(
        workspace_id=DEMO_WS, model_id=DEMO_MODEL, file=common_pb2.ObjectRef(id=fid),
        batch_size=2), **kw)
    got = bytearray()
    t_stop = None
    with pytest.raises(grpc.RpcError) as ei:
        for m in call:
            got += m.data
            # Small pieces are coalesced per chunk: chunk 0 is sent once
            # chunk 1 is in, chunk 1 would follow chunk 2.
            if how == "cancel" and len(got) >= CHUNK and t_stop is None:
                wait_until(lambda: _fired(emu) >= 2, timeout=20, what="two stalled GETs")
                t_stop = time.monotonic()
                call.cancel()
    if how == "deadline":
        t_stop = time.monotonic()
        assert t_stop - t0 <= DEADLINE_S + PROMPT_S, "DEADLINE_EXCEEDED came late"
    want = grpc.StatusCode.CANCELLED if how == "cancel" else grpc.StatusCode.DEADLINE_EXCEEDED
    assert ei.value.code() == want, ei.value
    assert bytes(got) == data[:len(got)] and CHUNK <= len(got) <= 2 * CHUNK
    stalled = _fired(emu)
    assert stalled == 2
    _assert_stopped_promptly(emu, chunk_path, t_stop, stalled)
    _assert_back_to_baseline(svc, baseline)


# --------------------------------------------------------- R3/R4 task wait

@pytest.mark.parametrize("how,stall_poll", [
    ("cancel", True),     # a status poll is in flight (stalled)
    ("cancel", False),    # between polls
    ("deadline", True),
    ("deadline", False),
])
def test_task_wait_cancel_or_deadline(env, how, stall_poll):
    emu, stub, svc, baseline = env
    emu.settings(task_polls_in_progress=1000000)  # the task never ends by itself
    tasks_path = r"/exports/%d/tasks/" % EMPLOYEES_EXPORT
    if stall_poll:
        emu.add_fault(method="GET", path=tasks_path, skip=3, count=-1, action="stall",
                      delay_ms=STALL_MS)
    kw = {"timeout": DEADLINE_S} if how == "deadline" else {}
    t0 = time.monotonic()
    call = stub.RunAction.future(bulk_pb2.RunActionRequest(
        workspace_id=DEMO_WS, model_id=DEMO_MODEL,
        action=common_pb2.ObjectRef(id=EMPLOYEES_EXPORT)), **kw)
    if how == "cancel":
        if stall_poll:
            wait_until(lambda: _fired(emu) >= 1, timeout=20, what="a stalled status poll")
        else:
            wait_until(lambda: len(emu.requests(tasks_path)) >= 5, timeout=20,
                       what="a few status polls")
        t_stop = time.monotonic()
        call.cancel()
        with pytest.raises(grpc.FutureCancelledError):
            call.result(timeout=10)
    else:
        with pytest.raises(grpc.RpcError) as ei:
            call.result(timeout=20)
        t_stop = time.monotonic()
        assert ei.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED, ei.value
        assert t_stop - t0 <= DEADLINE_S + PROMPT_S, "DEADLINE_EXCEEDED came late"
    if stall_poll:
        assert _fired(emu) == 1, "one poll stalled; no poll after it"
        _assert_stopped_promptly(emu, tasks_path, t_stop, 1)
    else:
        time.sleep(PROMPT_S)
        late = [r for r in emu.requests(tasks_path) if r["received_us"] > (t_stop + 0.5) * 1e6]
        assert not late, ("polls continued after the stop", late)
    _assert_back_to_baseline(svc, baseline)
