"""Client and AsyncClient run the Bulk operations declared once in
anaplan_grpc/_bulk_ops.py: same arguments on both, ordinary methods at
class level (inspect, help, unbound calls), the same requests and results,
and the laziness each method always had."""

import asyncio
import inspect

import pytest

from anaplan.v1 import bulk_pb2, common_pb2
from anaplan_grpc import AsyncClient, Client, TaskStatus

from fake_bulk import MODEL, WS


def _params(fn):
    return [(p.name, p.kind, p.default) for p in inspect.signature(fn).parameters.values()]


def _methods(cls):
    return sorted(n for n in dir(cls) if not n.startswith("_")
                  and inspect.isfunction(inspect.getattr_static(cls, n)))


def test_both_clients_have_the_same_methods_and_arguments():
    assert _methods(Client) == _methods(AsyncClient)
    for name in _methods(Client):
        if name == "close":  # close() vs async close(): no arguments either way
            continue
        assert _params(getattr(Client, name)) == _params(getattr(AsyncClient, name)), name


def test_operations_are_ordinary_methods():
    sig = inspect.signature(Client.get_files)
    assert list(sig.parameters) == ["self", "sort_by", "descending"]
    assert sig.return_annotation == "List[bulk_pb2.File]"
    assert Client.get_files.__qualname__ == "Client.get_files"
    assert Client.get_files.__module__ == "anaplan_grpc.client"
    assert not inspect.iscoroutinefunction(Client.get_files)
    assert inspect.iscoroutinefunction(AsyncClient.get_files)
    assert inspect.isgeneratorfunction(Client.watch_task)
    assert inspect.isasyncgenfunction(AsyncClient.watch_task)
    assert inspect.signature(AsyncClient.watch_task).return_annotation == (
        "AsyncIterator[TaskStatus]")
    assert Client.get_workspace_admins.__doc__ == AsyncClient.get_workspace_admins.__doc__ == (
        "The workspace's administrators (GET /workspaces/{id}/admins).")


def test_unbound_calls_and_results_match(fake_server, fake):
    _, target = fake_server
    fake.replies["GetFiles"] = bulk_pb2.GetFilesResponse(files=[bulk_pb2.File(id=7, name="f")])
    fake.replies["GetTaskSummaries"] = bulk_pb2.GetTaskSummariesResponse(
        tasks=[common_pb2.TaskSummary(task_id="T1", task_state=common_pb2.TASK_STATE_COMPLETE)])
    fake.replies["GetImportDump"] = [common_pb2.DataChunk(data=b"a,"),
                                     common_pb2.DataChunk(data=b"b")]
    with Client(target, WS, MODEL) as c:
        sync = (Client.get_files(c, "name"), c.get_task_summaries(1), c.get_import_dump(2, "T"))
    sync_calls = [(m, r) for m, r in fake.calls]
    del fake.calls[:]

    async def main():
        async with AsyncClient(target, WS, MODEL) as c:
            return (await AsyncClient.get_files(c, "name"), await c.get_task_summaries(1),
                    await c.get_import_dump(2, "T"))
    assert asyncio.run(main()) == sync
    assert [(m, r) for m, r in fake.calls] == sync_calls
    files, summaries, dump = sync
    assert [f.name for f in files] == ["f"] and dump == b"a,b"
    assert summaries[0].task_id == "T1"


def test_generators_stay_lazy_and_errors_name_the_class(fake_server, fake):
    _, target = fake_server
    with Client(target) as c:
        statuses = c.watch_task(1, "T")  # a generator: nothing checked yet
        with pytest.raises(ValueError, match="model_id"):
            next(statuses)
        with pytest.raises(ValueError, match=r"or to Client\(\.\.\.\)"):
            c.get_workspace_visitors()

    async def main():
        async with AsyncClient(target) as c:
            statuses = c.watch_task(1, "T")
            with pytest.raises(ValueError, match="model_id"):
                await statuses.__anext__()
            with pytest.raises(ValueError, match=r"or to AsyncClient\(\.\.\.\)"):
                await c.get_model()
    asyncio.run(main())
    assert fake.calls == []


def test_async_watch_task_yields_statuses(fake_server, fake):
    _, target = fake_server
    fake.replies["WatchTask"] = [
        common_pb2.TaskStatus(task_id="T", task_state=common_pb2.TASK_STATE_IN_PROGRESS),
        common_pb2.TaskStatus(task_id="T", task_state=common_pb2.TASK_STATE_COMPLETE)]

    async def main():
        async with AsyncClient(target, WS, MODEL) as c:
            return [s async for s in c.watch_task(1, "T", poll_interval=0.5)]
    statuses = asyncio.run(main())
    assert all(isinstance(s, TaskStatus) for s in statuses)
    assert [s.task_state for s in statuses] == ["IN_PROGRESS", "COMPLETE"]
    assert fake.last("WatchTask").poll_interval.nanos == 500_000_000
