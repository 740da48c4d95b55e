"""Retry discipline, end to end (reliability-performance.md §A8 R6, R7).

R6: `Retry-After` is a floor on the wait, in both forms (delay-seconds and
HTTP-date), measured on the wire from the emulator's request log
(`received_us`/`logged_us`, CLOCK_MONOTONIC); a wait the deadline cannot
cover, or one above the backoff cap, fails at once with RetryInfo.

R7: an outage (every request answers 500) seen by many concurrent calls
costs at most one attempt per call plus the retry budget (RetryBudget:
capacity 10 tokens per client, one per retry, refilled 0.5 per success;
anaplan_core/retry/retry_budget.h), counted in the request log — not the
calls x retry_count a naive client would send. First attempts are never
throttled, so calls succeed again as soon as the outage ends, and the
budget refills with successes.
"""

import threading
import time

import grpc
import pytest

from anaplan.v1 import bulk_pb2, bulk_pb2_grpc
from anaplan_grpc.errors import from_rpc_error
from e2e_support import DEMO_MODEL, DEMO_WS, Emulator, start_emulator, start_service

RETRY_COUNT = 4
BACKOFF_S = 0.05
#: RetryBudget's capacity as RestClient configures it (rest_client_internal.h).
BUDGET = 10
FILES = r"/models/%s/files$" % DEMO_MODEL
SERVICE_FLAGS = ("--retry_count", str(RETRY_COUNT), "--backoff_seconds", str(BACKOFF_S),
                 "--backoff_factor", "2", "--timeout_seconds", "10")
#: Generous allowance for scheduling on a shared 2-CPU machine, used only as
#: an upper bound ("the retry did not wait far longer than asked").
SLACK_S = 1.5


def _stack(wd, name):
    emu_proc = start_emulator(wd, name + "-emulator", "--token_ttl_seconds", "3600")
    url = "http://127.0.0.1:%d" % emu_proc.port
    svc = start_service(wd, name + "-service", url, *SERVICE_FLAGS)
    channel = grpc.insecure_channel("127.0.0.1:%d" % svc.port)
    grpc.channel_ready_future(channel).result(timeout=30)
    return emu_proc, svc, channel, Emulator(url), bulk_pb2_grpc.BulkServiceStub(channel)


@pytest.fixture
def fresh(tmp_path):
    """A service of its own per test: the retry budget starts full."""
    emu_proc, svc, channel, emu, stub = _stack(tmp_path, "rd")
    stub.GetFiles(_files_req())  # authenticate before any fault is armed
    emu.clear_requests()
    yield emu, stub
    channel.close()
    svc.stop()
    emu_proc.stop()


def _files_req():
    return bulk_pb2.GetFilesRequest(workspace_id=DEMO_WS, model_id=DEMO_MODEL)


def _gets(emu):
    return sorted((r for r in emu.requests(FILES) if r["method"] == "GET"),
                  key=lambda r: r["received_us"])


# ------------------------------------------------------------------- R6

@pytest.mark.parametrize("retry_after,floor_s", [
    ("2", 2.0),       # delay-seconds
    ("date+1", 1.0),  # HTTP-date: the emulator sends (next whole second + 1 s)
])
def test_r6_retry_after_is_a_floor_in_both_forms(fresh, retry_after, floor_s):
    emu, stub = fresh
    emu.add_fault(method="GET", path=FILES, count=3, status=429, retry_after=retry_after)
    files = stub.GetFiles(_files_req(), timeout=60).files
    assert len(files) >= 2
    gets = _gets(emu)
    assert [r["status"] for r in gets] == [429, 429, 429, 200], gets
    assert emu.faults()[0]["fired"] == 3
    for prev, nxt in zip(gets, gets[1:]):
        if retry_after.startswith("date"):
            # The date is at least floor_s after the fault fired, which is
            # after the 429's request was received; the wall clock the date
            # is read with may sit a few ms off the monotonic one.
            waited = (nxt["received_us"] - prev["received_us"]) / 1e6
            assert waited >= floor_s - 0.01, (waited, retry_after)
            assert waited <= floor_s + 1.0 + SLACK_S, (waited, retry_after)
        else:
            waited = (nxt["received_us"] - prev["logged_us"]) / 1e6
            assert waited >= floor_s, (waited, retry_after)
            assert waited <= floor_s + SLACK_S, (waited, retry_after)


@pytest.mark.parametrize("retry_after,deadline_s", [
    ("20", 5.0),    # below the 32 s backoff cap, but past the deadline
    ("120", 60.0),  # above the backoff cap: not worth waiting for
])
def test_r6_wait_past_deadline_or_cap_fails_at_once_with_retry_info(fresh, retry_after,
                                                                   deadline_s):
    emu, stub = fresh
    emu.add_fault(method="GET", path=FILES, count=-1, status=429, retry_after=retry_after)
    t0 = time.monotonic()
    with pytest.raises(grpc.RpcError) as ei:
        stub.GetFiles(_files_req(), timeout=deadline_s)
    took = time.monotonic() - t0
    err = from_rpc_error(ei.value)
    assert err.code == grpc.StatusCode.RESOURCE_EXHAUSTED, (err.code, err.details)
    assert err.retry_delay is not None and err.retry_delay >= int(retry_after) - 1, err.retry_delay
    assert took < min(deadline_s, 2.0 + SLACK_S), took  # no sleep into a certain failure
    assert len(_gets(emu)) == 1


# ------------------------------------------------------------------- R7

def test_r7_outage_costs_at_most_calls_plus_budget(fresh):
    emu, stub = fresh
    emu.add_fault(method="GET", path=FILES, count=-1, status=500, id="outage")
    waves, per_wave = 2, 20
    codes = []
    lock = threading.Lock()

    def call():
        try:
            stub.GetFiles(_files_req(), timeout=30)
            code = grpc.StatusCode.OK
        except grpc.RpcError as e:
            code = e.code()
        with lock:
            codes.append(code)

    for _ in range(waves):
        threads = [threading.Thread(target=call) for _ in range(per_wave)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    calls = waves * per_wave
    assert codes == [grpc.StatusCode.UNAVAILABLE] * calls, codes
    attempts = len(_gets(emu))
    fired = emu.faults()[0]["fired"]
    assert fired == attempts
    naive = calls * RETRY_COUNT
    print("R7: %d calls, %d upstream attempts (naive: %d)" % (calls, attempts, naive))
    assert calls <= attempts <= calls + BUDGET, (attempts, calls, naive)

    # The outage ends: first attempts are never throttled...
    emu.clear_faults()
    emu.clear_requests()
    for _ in range(2 * BUDGET):
        stub.GetFiles(_files_req(), timeout=30)
    assert len(_gets(emu)) == 2 * BUDGET
    # ...and the successes refilled the budget: a lone 500 is retried again.
    emu.clear_requests()
    emu.add_fault(method="GET", path=FILES, count=1, status=500)
    stub.GetFiles(_files_req(), timeout=30)
    assert [r["status"] for r in _gets(emu)] == [500, 200]
