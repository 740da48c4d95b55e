"""anaplan_grpc.AsyncClient end to end: grpc.aio -> anaplan-grpc-server -> emulator.

Covers what the client issue asks of every language: listings, a >= 50 MB
streamed upload with checksums, import, export download, WatchTask, an error
per code family, and cancellation (task.cancel()) that stops the service's
work, checked on the emulator's request log and file state. Progress
callbacks must end at the transfer's exact size.
"""

import asyncio
import hashlib
import time

import pytest

import anaplan_grpc as ag
from e2e_support import (DEMO_MODEL, DEMO_WS, EMPLOYEES_EXPORT, EMPLOYEES_FILE,
                         EMPLOYEES_IMPORT, MIB, OPTIMIZER_ACTION, SALES_FILE,
                         deterministic_csv, employees_csv, sha256_hex)

CHUNK_PUT = r"/files/\d+/chunks/\d+$"
FILES_GET = r"/models/[0-9A-F]+/files$"


def run(target, body, **kw):
    """Runs body(client) with an AsyncClient on the demo model in a fresh loop."""
    async def main():
        async with ag.AsyncClient(target, DEMO_WS, DEMO_MODEL, timeout=120, **kw) as c:
            return await body(c)
    return asyncio.run(main())


def _check_progress(seen, size):
    assert seen, "no progress reported"
    assert seen[-1] == (size, size)
    done = [d for d, _ in seen]
    assert done == sorted(done) and done[-1] == size


def test_listings(target, emu):
    async def body(c):
        return (await c.get_workspaces(), await c.get_models(only_in_workspace=True),
                await c.get_files(), await c.get_imports(), await c.get_exports(),
                await c.get_actions(), await c.get_processes())
    ws, models, files, imports, exports, actions, processes = run(target, body)
    assert DEMO_WS in [w.id for w in ws]
    assert DEMO_MODEL in [m.id for m in models]
    assert {EMPLOYEES_FILE, SALES_FILE} <= {f.id for f in files}
    assert EMPLOYEES_IMPORT in [i.id for i in imports]
    assert EMPLOYEES_EXPORT in [e.id for e in exports]
    assert OPTIMIZER_ACTION in [a.id for a in actions] and processes


def test_50mb_streamed_upload_with_checksums_and_progress(target, emu):
    size = 50 * MIB + 123
    digest = hashlib.sha256()
    for block in deterministic_csv(size):
        digest.update(block)
    expected = digest.hexdigest()
    seen = []

    async def stream():
        for block in deterministic_csv(size):
            await asyncio.sleep(0)  # a real producer awaits between blocks
            yield block

    async def body(c):
        return await c.upload_file(SALES_FILE, stream(), chunk_size=10_000_000,
                                   expected_size=size, expected_sha256=expected,
                                   on_progress=lambda d, t: seen.append((d, t)))
    t0 = time.monotonic()
    resp = run(target, body)
    print("async 50 MiB upload: %.1f MB/s" % (size / 1e6 / (time.monotonic() - t0)))
    assert resp.bytes_received == size and resp.sha256 == expected
    assert resp.chunks_uploaded == 6
    info = emu.file_info(SALES_FILE)
    assert info["size"] == size and info["sha256"] == expected and info["complete_calls"] == 1
    _check_progress(seen, size)
    assert all(t == size for _, t in seen)  # expected_size makes the total known
    # A wrong expected checksum fails before the file is completed.
    emu.clear_requests()

    async def wrong(c):
        await c.upload_file(SALES_FILE, b"abc", expected_sha256="0" * 64)
    with pytest.raises(ag.DataLossError):
        run(target, wrong)
    assert not [r for r in emu.requests(r"/complete$") if r["method"] == "POST"]


def test_import_then_export_download_to_file(target, emu, tmp_path):
    rows = [("Async Ann", "A900", "Sales", 51000, "true"),
            ("Async Bob", "A901", "Finance", 52000, "true")]
    text = employees_csv(rows)
    seen_up, seen_down, statuses = [], [], []

    async def body(c):
        task = await c.upload_and_import(EMPLOYEES_FILE, text, EMPLOYEES_IMPORT,
                                         on_progress=lambda d, t: seen_up.append((d, t)))
        again = await c.run_action(EMPLOYEES_IMPORT, on_progress=statuses.append)
        n = await c.export_and_download_file(EMPLOYEES_EXPORT, tmp_path / "employees.csv",
                                             on_progress=lambda d, t: seen_down.append((d, t)))
        chunks = [d async for d in c.export_and_download_stream(EMPLOYEES_EXPORT)]
        return task, again, n, b"".join(chunks)
    task, again, n, streamed = run(target, body)
    assert task.successful and again.successful
    assert statuses[-1].task_state == "COMPLETE" and statuses[-1].task_id == again.task_id
    _check_progress(seen_up, len(text.encode()))
    names = emu.list_item_names("Employees")
    assert "Async Ann" in names and "Async Bob" in names
    data = (tmp_path / "employees.csv").read_bytes()
    assert n == len(data) and b"Async Ann" in data and b"Async Bob" in data
    _check_progress(seen_down, len(data))
    assert streamed == data


def test_watch_task(target, emu):
    emu.settings(task_polls_in_progress=3)

    async def body(c):
        started = await c.run_action(OPTIMIZER_ACTION, wait_for_completion=False)
        states = [s async for s in c.watch_task(OPTIMIZER_ACTION, started.task_id,
                                                poll_interval=0.02)]
        return started, states
    started, states = run(target, body)
    assert started.task_id and not started.done
    assert states and states[-1].task_state == "COMPLETE" and states[-1].successful
    assert all(s.task_id == started.task_id for s in states)
    # One message per change: no two consecutive messages are equal.
    assert all(a.proto != b.proto for a, b in zip(states, states[1:]))


@pytest.mark.parametrize("status,exc", [
    (403, ag.PermissionDeniedError),
    (423, ag.FailedPreconditionError),
    (429, ag.RateLimitError),
    (503, ag.UnavailableError),
])
def test_http_failures_by_code_family(target, emu, status, exc):
    emu.add_fault(method="GET", path=FILES_GET, status=status, count=-1, action="status")

    async def body(c):
        await c.get_files()
    with pytest.raises(exc) as e:
        run(target, body)
    assert e.value.http_status == status


def test_service_errors_by_code_family(target, emu):
    bad = employees_csv([("Good Row", "E950", "Sales", 1000, "true")]) + \
        "Bad Row,E951,All Employees,Sales,not-a-number,true\n"

    async def body(c):
        with pytest.raises(ag.InvalidIdentifierError):
            await c.get_import_metadata("No such import")
        with pytest.raises(ag.InvalidArgumentError):
            await c.get_workspaces(descending=True)  # descending needs sort_by
        with pytest.raises(ag.AnaplanActionError) as e:
            await c.upload_and_import(EMPLOYEES_FILE, bad, EMPLOYEES_IMPORT)
        assert e.value.task_status is not None and not e.value.task_status.successful
        dump = await c.get_import_dump(EMPLOYEES_IMPORT, e.value.task_status.task_id)
        assert b"not-a-number" in dump
    run(target, body)


def test_deadline_and_unauthenticated(target, emu):
    emu.add_fault(method="GET", path=FILES_GET, action="stall", delay_ms=3000, count=1)

    async def slow(c):
        await c.get_files()
    with pytest.raises(ag.DeadlineExceededError):
        asyncio.run(_with_timeout(target, slow, 0.5))
    emu.clear_faults()
    emu.add_fault(path="^/token/", status=401, count=-1, action="status")
    emu.expire_tokens()
    with pytest.raises(ag.InvalidCredentialsError) as e:
        run(target, slow)
    assert e.value.http_status == 401


async def _with_timeout(target, body, timeout):
    async with ag.AsyncClient(target, DEMO_WS, DEMO_MODEL, timeout=timeout) as c:
        return await body(c)


def test_per_call_credentials_reach_the_service(target, emu):
    async def files_as(c, **creds):
        return await c.with_credentials(**creds).get_files()

    async def body(c):
        try:
            await files_as(c, token="not-a-real-token")
        except ag.InvalidCredentialsError:
            pass  # the service used the caller's token and Anaplan refused it
        else:
            return False
        with pytest.raises(ag.InvalidCredentialsError):
            await files_as(c, user_email="demo@example.com", password="wrong-password")
        assert await files_as(c, user_email="demo@example.com", password="demo-password")
        return True
    if not run(target, body):
        pytest.skip("anaplan-grpc-server ignores per-call credentials (server side not merged yet)")


def test_task_cancel_stops_the_upload_in_the_service(target, emu):
    # Slow chunk PUTs down so that the cancel finds work in flight.
    emu.add_fault(method="PUT", path="/chunks/", action="stall", delay_ms=1000, count=-1)
    sent_bytes = 12 * MIB

    async def body(c):
        sent = asyncio.Event()

        async def stalling():
            for block in deterministic_csv(sent_bytes):
                yield block
            sent.set()
            await asyncio.Event().wait()  # never more data: the upload stays open

        task = asyncio.ensure_future(c.upload_file(
            SALES_FILE, stalling(), chunk_size=2_000_000, parallelism=2))
        await asyncio.wait_for(sent.wait(), 60)
        await asyncio.sleep(0.3)  # let chunk PUTs start
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await asyncio.sleep(1.0)
        before = emu.file_info(SALES_FILE)
        await asyncio.sleep(1.0)
        return before, emu.file_info(SALES_FILE)
    before, after = run(target, body)
    print("after cancel: %d chunk PUT attempts, chunks %s" % (after["chunk_put_attempts"],
                                                              after["chunks_present"]))
    assert after["complete_calls"] == 0, after
    assert after["chunk_put_attempts"] == before["chunk_put_attempts"], (before, after)
    # 12 MiB in 2 MB chunks is 7 chunks: a service that went on would store them all.
    assert len(after["chunks_present"]) < 6, after
    assert not [r for r in emu.requests(r"/complete$") if r["method"] == "POST"]
    assert after["sha256"] != sha256_hex(b"".join(deterministic_csv(sent_bytes)))


def test_task_cancel_stops_the_service_waiting_for_a_task(target, emu):
    emu.settings(task_polls_in_progress=100000)  # the task never ends by itself

    def polls():
        return [r for r in emu.requests(r"/tasks/[0-9A-Fa-f]+$") if r["method"] == "GET"]

    async def body(c):
        wait = asyncio.ensure_future(c.run_action(OPTIMIZER_ACTION, poll_interval=0.05))
        for _ in range(200):  # until the service is polling the task
            await asyncio.sleep(0.05)
            if len(polls()) >= 3:
                break
        wait.cancel()
        with pytest.raises(asyncio.CancelledError):
            await wait
        await asyncio.sleep(0.5)
        before = len(polls())
        await asyncio.sleep(1.0)
        return before, len(polls())
    before, after = run(target, body)
    assert before >= 3, "the service never polled the task"
    assert after == before, "the service kept polling after the caller cancelled"
