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
