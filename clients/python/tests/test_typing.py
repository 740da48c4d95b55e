"""Static typing: anaplan_grpc passes mypy --strict (pyproject.toml [tool.mypy]),
and the generated stubs are typed (.pyi from --pyi_out and protoc-gen-mypy_grpc),
so misuse of a generated message or stub is a type error, not Any."""

import os
import subprocess
import sys
import textwrap

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _mypy(*args: str) -> subprocess.CompletedProcess:
    pytest.importorskip("mypy", reason="mypy comes with the [test] extra")
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", os.path.join(ROOT, "pyproject.toml"),
         "--cache-dir", os.devnull, *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_anaplan_grpc_passes_mypy_strict():
    r = _mypy("-p", "anaplan_grpc")
    assert r.returncode == 0, r.stdout + r.stderr


def test_generated_stubs_and_client_are_typed(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(textwrap.dedent('''
        import grpc
        from anaplan.v1 import bulk_pb2, bulk_pb2_grpc
        from anaplan_grpc import AsyncClient, Client

        def sync_use(c: Client) -> None:
            files = c.get_files()
            name: str = files[0].name
            wrong: int = files[0].name                     # error 1
            c.upload_file(1, b"x", on_progress=lambda done, total: None)

        async def async_use(c: AsyncClient) -> None:
            ws: list[bulk_pb2.Workspace] = await c.get_workspaces()
            async for status in c.watch_task(1, "t"):
                s: str = status.task_state
            bulk_pb2.GetFilesRequest(workspace_id=5)       # error 2

        def stub_use(ch: grpc.Channel) -> None:
            stub = bulk_pb2_grpc.BulkServiceStub(ch)
            resp: bulk_pb2.GetFilesResponse = stub.GetFiles(bulk_pb2.GetFilesRequest())
            bad: bulk_pb2.Model = stub.GetFiles(bulk_pb2.GetFilesRequest())  # error 3
    '''))
    r = _mypy(str(sample))
    errors = [line for line in r.stdout.splitlines() if ": error:" in line]
    lines = sorted(int(e.split(":")[1]) for e in errors)
    assert lines == [9, 16, 21], r.stdout + r.stderr


def test_sub_clients_are_typed_sync_and_async(tmp_path):
    """The shared operations (anaplan_grpc/_ops.py) keep their argument and
    result types on both clients: a coroutine on AsyncClient, the value on Client."""
    sample = tmp_path / "families.py"
    sample.write_text(textwrap.dedent('''
        from typing import AsyncIterator, Dict, List
        from anaplan.v1 import alm_pb2, transactional_pb2 as tx_pb2
        from anaplan_grpc import AsyncClient, Client

        def sync_use(c: Client) -> None:
            revisions: List[alm_pb2.Revision] = c.alm.get_revisions(sort_by="name")
            for task in c.alm.watch_sync_task("t"):
                state: str = task.task_state
            c.alm.get_revisions(sort_by=1)                         # error 1
            csv: bytes = c.tr.get_view_data(1)

        async def items() -> AsyncIterator[Dict[str, str]]:
            yield {"name": "x"}

        async def async_use(c: AsyncClient) -> None:
            revisions: List[alm_pb2.Revision] = await c.alm.get_revisions()
            not_awaited: List[alm_pb2.Revision] = c.alm.get_revisions()  # error 2
            async for task in c.alm.watch_sync_task("t"):
                state: str = task.task_state
            for event in c.audit.stream_events():                  # error 3
                pass
            added: tx_pb2.ListItemsResult = await c.tr.insert_list_items(1, items())
            flow_ids: List[str] = [f.id for f in await c.cw.flows.get_flows()]
            wrong: int = await c.scim.get_user("u")                # error 4
    '''))
    r = _mypy(str(sample))
    errors = [line for line in r.stdout.splitlines() if ": error:" in line]
    lines = sorted(int(e.split(":")[1]) for e in errors)
    assert lines == [10, 18, 21, 25], r.stdout + r.stderr
